"""``daihoi report campaign CODE --format ... --out FILE`` and its errors (exit 2)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from daihoi.cli.main import _register, app
from tests.conftest import Tree
from tests.reports.helpers import build_world

_register()
runner = CliRunner()


@pytest.fixture
def world(tree: Tree, transactional_db: None) -> None:
    build_world(tree)


@pytest.mark.parametrize("code", ["T-TP", "T-TP:2010-2015", "T-TP:2010–2015"])
def test_json_by_code(world: None, tmp_path: Path, code: str) -> None:
    out = tmp_path / "r.json"
    result = runner.invoke(app, ["report", "campaign", code, "--format", "json", "--out",
                                 str(out)])
    assert result.exit_code == 0, result.output
    data = json.loads(out.read_text())
    assert data["organizations"] == 2
    assert data["campaign"] == "T-TP:2010-2015"


@pytest.mark.parametrize("fmt", ["docx", "pdf", "xlsx"])
def test_files(world: None, tmp_path: Path, fmt: str) -> None:
    out = tmp_path / f"r.{fmt}"
    result = runner.invoke(app, ["report", "campaign", "T-TP", "-f", fmt, "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert out.stat().st_size > 1000


@pytest.mark.parametrize("args", [
    ["report", "campaign", "NO-SUCH", "--format", "json", "--out", "x.json"],
    ["report", "campaign", "T-TP:2099-2104", "--format", "json", "--out", "x.json"],
    ["report", "campaign", "T-TP:abc", "--format", "json", "--out", "x.json"],
    ["report", "campaign", "T-TP", "--format", "odt", "--out", "x.odt"],
])
def test_bad_code_or_format_is_one_line_and_exit_2(world: None, args: list[str]) -> None:
    result = runner.invoke(app, args)
    assert result.exit_code == 2
    assert len(result.output.strip().splitlines()) == 1
    assert "error" in result.output


def test_as_of_a_day_and_its_date_on_the_report(world: None) -> None:
    result = runner.invoke(app, ["report", "campaign", "T-TP", "--format", "json", "--out",
                                 "-", "--as-of", "2010-05-25"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert (data["as_of"], data["held"], data["not_held"]) == ("2010-05-25", 1, 1)


def test_by_default_a_finished_campaign_is_reported_at_its_end(world: None) -> None:
    result = runner.invoke(app, ["report", "campaign", "T-TP", "--format", "json", "--out",
                                 "-"])
    data = json.loads(result.output)
    assert data["date"] == "2010-08-10"  # the superior's congress, not today's clock


def test_a_bad_as_of_is_one_line_and_exit_2(world: None) -> None:
    result = runner.invoke(app, ["report", "campaign", "T-TP", "--format", "json", "--out",
                                 "-", "--as-of", "25/05/2010"])
    assert result.exit_code == 2
    assert "--as-of" in result.output
    assert len(result.output.strip().splitlines()) == 1
