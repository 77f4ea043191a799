"""The interchange format (daihoi-election/1, daihoi-result/1): parsing, problems, the result."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from daihoi.election import FormatError, dump_result, parse_election, result_document, tally
from daihoi.election.schema import load_schema, validator
from daihoi.election.testing import count, election_doc

ROOT = Path(__file__).resolve().parents[2]


def problems_of(data: object) -> list[str]:
    with pytest.raises(FormatError) as err:
        parse_election(data)
    return err.value.problems


def test_the_spec_example_gives_the_spec_result() -> None:
    doc = election_doc(
        roster={"convened": 12, "excluded": 1},
        ballots_issued=11,
        ballots=[{"kept": ["1", "2", "3"]}, {"kept": ["1", "4"]}, {"defect": "not_issued"}],
    )
    assert result_document(tally(parse_election(doc))) == {
        "format": "daihoi-result/1",
        "rules": "party-2024",
        "seats": 3,
        "ballots": {
            "issued": 11,
            "collected": 3,
            "valid": 2,
            "invalid": 1,
            "invalid_by_reason": {"not_issued": 1},
        },
        "threshold": {"base": 11, "min_votes": 6},
        "candidates": [
            {"id": "1", "name": "Hoàng Thị Lan", "votes": 2, "percent": "18.18"},
            {"id": "2", "name": "Nông Văn Minh", "votes": 1, "percent": "9.09"},
            {"id": "3", "name": "Lương Văn Tài", "votes": 1, "percent": "9.09"},
            {"id": "4", "name": "Vi Thị Hoa", "votes": 1, "percent": "9.09"},
        ],
        "elected": [],
        "tied": None,
        "unfilled": 3,
        "status": "seats_unfilled",
        "warnings": [],
    }


def test_result_document_has_the_spec_key_order_and_validates_against_its_schema() -> None:
    result = count(ballots=[{"kept": ["1", "2"]}] * 6)
    text = dump_result(result)
    doc = json.loads(text)
    assert list(doc) == [
        "format",
        "rules",
        "seats",
        "ballots",
        "threshold",
        "candidates",
        "elected",
        "tied",
        "unfilled",
        "status",
        "warnings",
    ]
    assert list(validator("result").iter_errors(doc)) == []
    assert "Hoàng Thị Lan" in text  # UTF-8, not ASCII-escaped


def test_defaults_rules_round_body_excluded() -> None:
    doc = election_doc()
    for key in ("rules", "round", "body"):
        del doc[key]
    doc["roster"] = {"convened": 10}
    election = parse_election(doc)
    assert (election.rules, election.round, election.body) == ("party-2024", "first", "other")
    assert election.roster.excluded == 0


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        ({"ballots": [{"kept": ["1", "x9"]}]}, 'ballots[0].kept[1]: unknown candidate "x9"'),
        ({"ballots": [{"kept": ["1", "1"]}]}, 'ballots[0].kept[1]: duplicate candidate "1"'),
        (
            {"ballots": [{"kept": ["1"], "defect": "write_in"}]},
            "ballots[0]: a ballot is exactly one",
        ),
        ({"ballots": [{}]}, "ballots[0]: a ballot is exactly one"),
        (
            {"ballots": [{"marks": {"1": "agree"}}]},
            "ballots[0]: agree/disagree ballot on a list with surplus",
        ),
        ({"ballots": [{"defect": "torn"}]}, 'ballots[0].defect: "torn" is not one of'),
        ({"seats": 0}, "seats: must be at least 1, not 0"),
        ({"seats": 2.0}, "seats: must be an integer, not 2.0"),
        ({"seats": True}, "seats: must be an integer, not true"),
        ({"seats": 5}, "candidates: 4 candidate(s) for 5 seat(s)"),
        ({"format": "daihoi-election/2"}, 'format: must be "daihoi-election/1"'),
        ({"round": "second"}, 'round: "second" is not one of'),
        ({"roster": {"excluded": 1}}, 'roster: missing required key "convened"'),
        ({"extra": 1}, '$: unknown key "extra"'),
        ({"candidates": []}, "candidates: must have at least 1 item(s)"),
    ],
)
def test_malformed_documents_name_the_json_path(change: dict[str, object], expected: str) -> None:
    problems = problems_of(election_doc(**change))
    assert any(p.startswith(expected) for p in problems), problems


def test_duplicate_candidate_ids_are_malformed() -> None:
    cands = [{"id": "1", "name": "Hoàng Thị Lan"}, {"id": "1", "name": "Vi Thị Hoa"}]
    assert problems_of(election_doc(seats=1, candidates=cands)) == [
        'candidates[1].id: duplicate candidate id "1"'
    ]


def test_strike_out_ballot_on_a_list_without_surplus_is_malformed() -> None:
    cands = [{"id": "1", "name": "Hoàng Thị Lan"}]
    (problem,) = problems_of(election_doc(seats=1, candidates=cands, ballots=[{"kept": ["1"]}]))
    assert problem.startswith("ballots[0]: strike-out ballot on a list without surplus")


def test_unknown_candidate_in_marks_names_the_key() -> None:
    cands = [{"id": "1", "name": "Hoàng Thị Lan"}]
    doc = election_doc(seats=1, candidates=cands, ballots=[{"marks": {"1": "agree", "x9": "none"}}])
    assert problems_of(doc) == ['ballots[0].marks.x9: unknown candidate "x9"']


def test_every_problem_is_reported_not_just_the_first() -> None:
    doc = election_doc(seats=0, ballots_issued=-1, ballots=[{"defect": "x"}])
    assert len(problems_of(doc)) == 3


def test_non_object_input_is_a_format_error() -> None:
    assert problems_of([1, 2]) == ["$: must be an object, not [1, 2]"]
    assert problems_of(None) == ["$: must be an object, not null"]


def test_shipped_schemas_are_the_files_in_the_package() -> None:
    folder = ROOT / "src" / "daihoi" / "election" / "schemas"
    for name in ("election", "result", "rulebook"):
        on_disk = json.loads((folder / f"{name}.schema.json").read_text(encoding="utf-8"))
        assert load_schema(name) == on_disk
