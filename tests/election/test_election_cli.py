"""``daihoi tally`` and ``daihoi rules``: output, exit codes and every error path."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

import daihoi.cli.tally  # noqa: F401  (registers the commands)
from daihoi.cli.main import app
from daihoi.election.testing import election_doc

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "election-committee.json"
EXAMPLE_RESULT = ROOT / "examples" / "election-committee.result.json"
RULEBOOK = ROOT / "src" / "daihoi" / "election" / "rulebooks" / "party-2024.json"
runner = CliRunner()


def write(tmp_path: Path, data: Any, name: str = "election.json") -> Path:
    path = tmp_path / name
    text = data if isinstance(data, str) else json.dumps(data, ensure_ascii=False)
    path.write_text(text, encoding="utf-8")
    return path


def test_tally_of_the_example_equals_the_committed_result() -> None:
    result = runner.invoke(app, ["tally", str(EXAMPLE)])
    assert result.exit_code == 0, result.stderr
    assert result.stdout == EXAMPLE_RESULT.read_text(encoding="utf-8")


def test_real_command_prints_byte_identical_utf8_output_for_the_same_input() -> None:
    daihoi = Path(sys.executable).parent / "daihoi"
    runs = [
        subprocess.run([str(daihoi), "tally", str(EXAMPLE)], capture_output=True, check=True)
        for _ in range(2)
    ]
    assert runs[0].stdout == runs[1].stdout == EXAMPLE_RESULT.read_bytes()
    assert "Hà Thị Nguyệt".encode() in runs[0].stdout


def test_tally_reads_stdin() -> None:
    result = runner.invoke(app, ["tally", "-"], input=EXAMPLE.read_bytes())
    assert result.exit_code == 0
    assert result.stdout == EXAMPLE_RESULT.read_text(encoding="utf-8")


def test_tally_explain_prints_the_minutes_sentences() -> None:
    result = runner.invoke(app, ["tally", "--explain", str(EXAMPLE)])
    assert result.exit_code == 0
    assert "Để trúng cử cần quá một nửa của 23, tức là ít nhất 12 phiếu." in result.stdout
    assert "Ma Thị Cúc: 10 phiếu, 43,48% so với tổng số (23); không trúng cử" in result.stdout


def test_malformed_input_exits_2_with_one_line_per_problem(tmp_path: Path) -> None:
    doc = election_doc(ballots=[{"kept": ["1"]}, {"kept": ["2", "x9"]}, {"kept": ["3", "3"]}])
    result = runner.invoke(app, ["tally", str(write(tmp_path, doc))])
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.splitlines() == [
        'ballots[1].kept[1]: unknown candidate "x9"',
        'ballots[2].kept[1]: duplicate candidate "3"',
    ]


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ("{", "invalid JSON: Expecting property name enclosed in double quotes at line 1"),
        ("", "invalid JSON: Expecting value at line 1 column 1"),
        ("[" * 100_000 + "]" * 100_000, "nested more than 64 levels deep"),
    ],
)
def test_invalid_json_exits_2_with_one_clear_line(
    tmp_path: Path, content: str, expected: str
) -> None:
    result = runner.invoke(app, ["tally", str(write(tmp_path, content))])
    assert result.exit_code == 2
    (line,) = result.stderr.splitlines()
    assert expected in line


def test_unreadable_file_exits_2(tmp_path: Path) -> None:
    result = runner.invoke(app, ["tally", str(tmp_path / "missing.json")])
    assert result.exit_code == 2
    assert "cannot read election file" in result.stderr
    result = runner.invoke(app, ["tally", str(tmp_path)])  # a folder
    assert result.exit_code == 2


def test_non_utf8_input_exits_2(tmp_path: Path) -> None:
    path = tmp_path / "latin1.json"
    path.write_bytes('{"name": "Hà"}'.encode("latin-1"))
    result = runner.invoke(app, ["tally", str(path)])
    assert result.exit_code == 2
    assert "not UTF-8 text" in result.stderr


def test_unknown_rulebook_exits_2(tmp_path: Path) -> None:
    result = runner.invoke(app, ["tally", str(write(tmp_path, election_doc(rules="party-1999")))])
    assert result.exit_code == 2
    assert "unknown rulebook 'party-1999'" in result.stderr


def test_a_custom_rulebook_is_read_from_the_file_the_operator_names(tmp_path: Path) -> None:
    data = json.loads(RULEBOOK.read_text(encoding="utf-8"))
    data["id"] = "my-congress"
    data["rules"]["tie_revote_needs_majority"]["value"] = True
    rules = write(tmp_path, data, "mine.json")
    doc = election_doc(rules="my-congress", ballots=[{"kept": ["1"]}])
    result = runner.invoke(app, ["tally", "--rulebook", str(rules), str(write(tmp_path, doc))])
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["rules"] == "my-congress"


def test_a_document_naming_another_rulebook_than_the_option_is_refused(tmp_path: Path) -> None:
    doc = election_doc(rules="youth-union")
    result = runner.invoke(app, ["tally", "--rulebook", str(RULEBOOK),
                                 str(write(tmp_path, doc))])
    assert result.exit_code == 2
    assert "rules: the document names 'youth-union' but --rulebook" in result.stderr


@pytest.mark.parametrize("name", ["/dev/zero", "/etc/passwd", "/etc", "mine.json"])
def test_an_election_document_naming_a_path_is_refused(tmp_path: Path, name: str) -> None:
    """#13: the CLI never reads a rulebook from a path inside an election document (before, a
    document with "rules": "/dev/zero" grew the process to 22 GB)."""
    (tmp_path / "mine.json").write_text(RULEBOOK.read_text(encoding="utf-8"), encoding="utf-8")
    result = runner.invoke(app, ["tally", str(write(tmp_path, election_doc(rules=name)))])
    assert result.exit_code == 2
    assert f"rules: {name!r} is a file path" in result.stderr
    assert "no file is opened" in result.stderr


def test_a_bad_rulebook_file_given_on_the_command_line_exits_2(tmp_path: Path) -> None:
    bad = write(tmp_path, {"format": "daihoi-rulebook/1"}, "bad-rules.json")
    result = runner.invoke(app, ["tally", "--rulebook", str(bad),
                                 str(write(tmp_path, election_doc()))])
    assert result.exit_code == 2
    assert 'missing required key "id"' in result.stderr
    result = runner.invoke(app, ["tally", "--rulebook", "/dev/zero",
                                 str(write(tmp_path, election_doc()))])
    assert result.exit_code == 2
    assert "/dev/zero: not a regular file" in result.stderr


def test_warnings_go_in_the_result_not_hidden(tmp_path: Path) -> None:
    doc = election_doc(ballots_issued=1, ballots=[{"kept": ["1"]}] * 2)
    result = runner.invoke(app, ["tally", str(write(tmp_path, doc))])
    assert result.exit_code == 0
    assert json.loads(result.stdout)["warnings"] == [
        "Số phiếu thu vào (2) nhiều hơn số phiếu phát ra (1)."
    ]


def test_rules_list_names_every_rulebook() -> None:
    result = runner.invoke(app, ["rules", "list"])
    assert result.exit_code == 0
    ids = [line.split("\t")[0] for line in result.stdout.splitlines()]
    assert ids == ["party-2024", "party-2014", "party-2009", "trade-union", "youth-union"]


def test_rules_check_accepts_a_good_file_and_refuses_a_bad_one(tmp_path: Path) -> None:
    result = runner.invoke(app, ["rules", "check", str(RULEBOOK)])
    assert result.exit_code == 0
    assert "rulebook party-2024 is valid" in result.stdout
    data = json.loads(RULEBOOK.read_text(encoding="utf-8"))
    data["rules"]["surplus_limit_percent"]["confidence"] = "maybe"
    result = runner.invoke(app, ["rules", "check", str(write(tmp_path, data))])
    assert result.exit_code == 2
    assert result.stderr.startswith("rules.surplus_limit_percent.confidence: ")
    result = runner.invoke(app, ["rules", "check", str(write(tmp_path, "{", "broken.json"))])
    assert result.exit_code == 2
    assert "invalid JSON" in result.stderr


def test_the_explanation_quoted_in_the_tally_docs_is_what_the_command_prints() -> None:
    """docs/tally.md quotes lines of ``daihoi tally --explain`` on the example: each must be
    what the command prints today."""
    doc = (ROOT / "docs" / "tally.md").read_text(encoding="utf-8")
    block = doc.split("From `daihoi tally --explain examples/election-committee.json`")[1]
    quoted = block.split("```text\n")[1].split("```")[0].splitlines()
    result = runner.invoke(app, ["tally", "--explain", str(EXAMPLE)])
    printed = result.stdout.splitlines()
    assert quoted
    assert [line for line in quoted if line not in printed] == []
