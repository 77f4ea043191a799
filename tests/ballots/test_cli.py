"""``daihoi ballots print`` and ``daihoi ballots read``."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import cv2
from typer.testing import CliRunner

from daihoi.cli.main import _register, app
from tests.ballots.conftest import Ballot

_register()
runner = CliRunner()


def _write(tmp_path: Path, doc: dict[str, Any]) -> Path:
    path = tmp_path / "election.json"
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    return path


def test_print_writes_the_pdf_and_the_layout(tmp_path: Path, strike_doc: dict[str, Any]) -> None:
    election = _write(tmp_path, strike_doc)
    result = runner.invoke(
        app,
        [
            "ballots",
            "print",
            str(election),
            "--out",
            str(tmp_path / "b.pdf"),
            "--layout",
            str(tmp_path / "l.json"),
            "--copies",
            "2",
            "--paper",
            "A5",
            "--convener",
            "ĐẢNG BỘ XÃ A",
        ],
    )
    assert result.exit_code == 0, result.output
    assert (tmp_path / "b.pdf").read_bytes().startswith(b"%PDF")
    layout = json.loads((tmp_path / "l.json").read_text(encoding="utf-8"))
    assert layout["format"] == "daihoi-ballot-layout/1"
    assert layout["paper"] == "A5"


def test_read_writes_the_reading(tmp_path: Path, ballot: Ballot) -> None:
    election = _write(tmp_path, ballot.doc)
    ballot.strike("1")
    cv2.imwrite(str(tmp_path / "scan-0001.png"), ballot.image)
    out = tmp_path / "reading.json"
    result = runner.invoke(
        app,
        [
            "ballots",
            "read",
            "--election",
            str(election),
            str(tmp_path / "scan-0001.png"),
            "--out",
            str(out),
            "--jobs",
            "1",
        ],
    )
    assert result.exit_code == 0, result.output
    reading = json.loads(out.read_text(encoding="utf-8"))
    assert reading["ballots"][0]["status"] == "read"
    assert reading["ballots"][0]["kept"] == ["2", "3", "4", "5", "6", "7"]


def test_bad_input_is_a_one_line_error_with_exit_code_2(
    tmp_path: Path, strike_doc: dict[str, Any]
) -> None:
    election = _write(tmp_path, strike_doc)
    (tmp_path / "broken.json").write_text("{", encoding="utf-8")
    (tmp_path / "x.png").write_text("text", encoding="utf-8")
    cases = [
        ["ballots", "print", str(tmp_path / "missing.json"), "--out", str(tmp_path / "o.pdf")],
        ["ballots", "print", str(tmp_path / "broken.json"), "--out", str(tmp_path / "o.pdf")],
        [
            "ballots",
            "read",
            "--election",
            str(election),
            str(tmp_path / "x.png"),
            "--out",
            str(tmp_path / "r.json"),
        ],
        [
            "ballots",
            "read",
            "--election",
            str(election),
            str(tmp_path / "nope.png"),
            "--out",
            str(tmp_path / "r.json"),
        ],
    ]
    for args in cases:
        result = runner.invoke(app, args)
        assert result.exit_code == 2, (args, result.output)
        assert len(result.output.strip().splitlines()) == 1, result.output


def test_sample_fills_in_ballots_that_read_back_as_their_truth(
    tmp_path: Path, strike_doc: dict[str, Any]
) -> None:
    election = _write(tmp_path, strike_doc)
    out = tmp_path / "scans"
    args = ["ballots", "sample", str(election), "--out", str(out), "--count", "8"]
    result = runner.invoke(app, [*args, "--unclear", "0.5", "--unstamped", "0.25", "--seed", "4"])
    assert result.exit_code == 0, result.output
    truth = json.loads((out / "truth.json").read_text(encoding="utf-8"))
    assert truth["format"] == "daihoi-sample/1"
    assert [t["file"] for t in truth["ballots"]] == [f"ballot-{i:03d}.png" for i in range(1, 9)]
    assert any("unclear" in t for t in truth["ballots"])
    assert any(t.get("defect") == "not_issued" for t in truth["ballots"])
    reading = tmp_path / "reading.json"
    result = runner.invoke(
        app, ["ballots", "read", str(out), "--election", str(election), "--out", str(reading)]
    )
    assert result.exit_code == 0, result.output
    read = json.loads(reading.read_text(encoding="utf-8"))["ballots"]
    for told, got in zip(truth["ballots"], read, strict=True):
        assert got["source"].endswith(told["file"])
        if "defect" in told:
            assert (got["status"], got["defect"]) == ("read", "not_issued")
        elif "unclear" in told:
            assert got["status"] == "review"
        else:
            assert (got["status"], got["kept"]) == ("read", told["kept"])
    again = tmp_path / "again"
    runner.invoke(
        app,
        [
            "ballots",
            "sample",
            str(election),
            "--out",
            str(again),
            "--count",
            "8",
            "--unclear",
            "0.5",
            "--unstamped",
            "0.25",
            "--seed",
            "4",
        ],
    )
    assert (again / "ballot-005.png").read_bytes() == (out / "ballot-005.png").read_bytes()
