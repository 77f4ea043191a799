"""``daihoi tally --scan``: ballots from a scan reading (daihoi-scan/1)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

import daihoi.cli.tally  # noqa: F401  (registers the commands)
from daihoi.cli.main import app
from daihoi.election import FormatError
from daihoi.election.scan import ballots_from_scan
from daihoi.election.testing import election_doc

runner = CliRunner()


def reading(*ballots: dict[str, Any]) -> dict[str, Any]:
    return {"format": "daihoi-scan/1", "election_id": "e1", "ballots": list(ballots)}


READ = {"source": "s1.png", "page": 1, "status": "read", "kept": ["1", "3"], "scores": {"1": 0.0}}


def test_read_ballots_count_as_read_and_decided_reviews_as_decided() -> None:
    review = {
        "status": "review",
        "kept": ["1"],
        "reasons": ["marginal_stroke:2"],
        "decided": {"kept": ["1", "2"], "by": "Tổ kiểm phiếu"},
    }
    defect = {"status": "review", "decided": {"defect": "other_mark"}}
    assert ballots_from_scan(reading(READ, review, defect)) == [
        {"kept": ["1", "3"]},
        {"kept": ["1", "2"]},
        {"defect": "other_mark"},
    ]


@pytest.mark.parametrize(
    ("ballot", "expected"),
    [
        (
            {"status": "review", "kept": ["1"], "reasons": ["marginal_stroke:2"]},
            "ballots[1]: needs review (marginal_stroke:2) and carries no decision",
        ),
        (
            {"status": "rejected", "reasons": ["markers_not_found"]},
            "ballots[1]: rejected by the reader (markers_not_found)",
        ),
        ({"status": "read"}, "ballots[1]: needs exactly one of kept, marks, defect"),
        (
            {"status": "review", "decided": {"kept": [], "marks": {}}},
            "ballots[1].decided: needs exactly one of kept, marks, defect",
        ),
        (
            {"status": "review", "decided": {"kept": [], "who": "x"}},
            'ballots[1].decided: unknown key "who"',
        ),
        ({"status": "maybe"}, 'ballots[1].status: must be "read", "review" or "rejected"'),
        ("x", "ballots[1]: must be an object"),
    ],
)
def test_every_collected_ballot_must_be_accounted_for(ballot: object, expected: str) -> None:
    with pytest.raises(FormatError) as err:
        ballots_from_scan({"format": "daihoi-scan/1", "ballots": [READ, ballot]})
    assert err.value.problems[0].startswith(expected), err.value.problems


def test_a_reading_of_another_format_is_refused() -> None:
    with pytest.raises(FormatError, match="format: must be"):
        ballots_from_scan({"format": "daihoi-election/1", "ballots": []})
    with pytest.raises(FormatError, match="ballots: must be an array"):
        ballots_from_scan({"format": "daihoi-scan/1"})
    with pytest.raises(FormatError, match="must be a JSON object"):
        ballots_from_scan([])


def test_tally_scan_counts_the_reading_instead_of_the_documents_ballots(tmp_path: Path) -> None:
    election = tmp_path / "election.json"
    election.write_text(json.dumps(election_doc(ballots=[{"defect": "write_in"}])), "utf-8")
    scan = tmp_path / "reading.json"
    scan.write_text(json.dumps(reading(READ, READ)), "utf-8")
    result = runner.invoke(app, ["tally", "--scan", str(scan), str(election)])
    assert result.exit_code == 0, result.stderr
    doc = json.loads(result.stdout)
    assert doc["ballots"]["collected"] == 2
    assert [c["votes"] for c in doc["candidates"]] == [2, 0, 2, 0]


def test_tally_scan_with_an_undecided_ballot_exits_2(tmp_path: Path) -> None:
    election = tmp_path / "election.json"
    election.write_text(json.dumps(election_doc()), "utf-8")
    scan = tmp_path / "reading.json"
    scan.write_text(json.dumps(reading(READ, {"status": "rejected"})), "utf-8")
    result = runner.invoke(app, ["tally", "--scan", str(scan), str(election)])
    assert result.exit_code == 2
    assert result.stderr.startswith("ballots[1]: rejected by the reader (no reason)")
    missing = runner.invoke(app, ["tally", "--scan", str(tmp_path / "nope.json"), str(election)])
    assert missing.exit_code == 2
    assert "cannot read scan reading" in missing.stderr


def test_a_read_ballot_naming_an_unknown_candidate_is_named_by_its_index(tmp_path: Path) -> None:
    election = tmp_path / "election.json"
    election.write_text(json.dumps(election_doc()), "utf-8")
    scan = tmp_path / "reading.json"
    scan.write_text(json.dumps(reading(READ, {"status": "read", "kept": ["x9"]})), "utf-8")
    result = runner.invoke(app, ["tally", "--scan", str(scan), str(election)])
    assert result.exit_code == 2
    assert result.stderr == 'ballots[1].kept[0]: unknown candidate "x9"\n'
