"""Properties of the engine and its parser (Hypothesis)."""

from __future__ import annotations

import json
import random
from typing import Any

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from daihoi.election import (
    FormatError,
    builtin_ids,
    dump_result,
    load_rulebook,
    parse_election,
    result_document,
    tally,
)
from daihoi.election.fastcheck import certainly_conforms
from daihoi.election.schema import schema_problems

NAMES = [
    "Hoàng Thị Lan",
    "Nông Văn Minh",
    "Lương Văn Tài",
    "Vi Thị Hoa",
    "Lò Văn Khánh",
    "Hà Thị Nguyệt",
    "Sầm Văn Bảo",
    "Ma Thị Cúc",
]
MARKS = ["agree", "disagree", "both", "none"]


@st.composite
def elections(draw: st.DrawFn) -> dict[str, Any]:
    """Valid election documents of every shape: both forms, every rulebook and round."""
    n = draw(st.integers(1, len(NAMES)))
    seats = draw(st.integers(1, n))
    ids = [f"c{i}" for i in range(n)]
    rules = draw(st.sampled_from(builtin_ids()))
    if n > seats or load_rulebook(rules).no_surplus_ballot_form == "strike_out":
        ballot = st.one_of(
            st.builds(lambda kept: {"kept": kept}, st.lists(st.sampled_from(ids), unique=True)),
            st.sampled_from([{"defect": d} for d in ("not_issued", "other_mark", "write_in")]),
        )
    else:
        ballot = st.one_of(
            st.builds(
                lambda marks: {"marks": marks},
                st.dictionaries(st.sampled_from(ids), st.sampled_from(MARKS)),
            ),
            st.just({"defect": "not_issued"}),
        )
    ballots = draw(st.lists(ballot, max_size=40))
    # Mostly a roster that fits the ballots (so that people get elected), sometimes any roster.
    convened = draw(st.integers(len(ballots) // 2, len(ballots) + 2) | st.integers(0, 40))
    return {
        "format": "daihoi-election/1",
        "rules": rules,
        "body": draw(st.sampled_from(["committee", "delegates", "alternate_delegates"])),
        "round": draw(st.sampled_from(["first", "further", "tie_revote"])),
        "seats": seats,
        "candidates": [{"id": i, "name": name} for i, name in zip(ids, NAMES, strict=False)],
        "roster": {"convened": convened, "excluded": draw(st.integers(0, 3))},
        "ballots_issued": draw(st.integers(0, 40)),
        "ballots": ballots,
    }


def count(doc: dict[str, Any]) -> Any:
    return tally(parse_election(doc))


@given(elections(), st.randoms(use_true_random=False))
def test_ballot_order_does_not_matter(doc: dict[str, Any], rnd: random.Random) -> None:
    shuffled = {**doc, "ballots": rnd.sample(doc["ballots"], len(doc["ballots"]))}
    assert result_document(count(doc)) == result_document(count(shuffled))


@given(elections())
def test_valid_plus_invalid_is_collected_and_seats_are_accounted_for(doc: dict[str, Any]) -> None:
    result = count(doc)
    assert result.valid + result.invalid == result.collected == len(doc["ballots"])
    assert sum(n for _, n in result.invalid_by_reason) == result.invalid
    tied = result.tied.seats if result.tied else 0
    assert len(result.elected) + tied + result.unfilled == result.seats
    assert len(result.elected) <= result.seats


@given(elections())
def test_every_elected_candidate_has_at_least_min_votes(doc: dict[str, Any]) -> None:
    result = count(doc)
    votes = {c.id: c.votes for c in result.candidates}
    for cid in result.elected:
        if result.min_votes is not None:
            assert votes[cid] >= result.min_votes
        else:  # a waived tie re-vote: most votes, and at least one
            assert result.round == "tie_revote"
            assert votes[cid] >= 1
    assert [votes[c] for c in result.elected] == sorted(
        (votes[c] for c in result.elected), reverse=True
    )


@settings(suppress_health_check=[HealthCheck.filter_too_much, HealthCheck.too_slow])
@given(elections(), st.data())
def test_one_more_vote_never_unelects(doc: dict[str, Any], data: st.DataObject) -> None:
    result = count(doc)
    assume(result.elected)
    cid = data.draw(st.sampled_from(result.elected))
    strike_out = (
        len(doc["candidates"]) > doc["seats"]
        or load_rulebook(doc["rules"]).no_surplus_ballot_form == "strike_out"
    )
    more: dict[str, Any] = {"kept": [cid]} if strike_out else {"marks": {cid: "agree"}}
    again = count({**doc, "ballots": [*doc["ballots"], more]})
    assert cid in again.elected


@given(elections())
def test_same_input_gives_byte_identical_output(doc: dict[str, Any]) -> None:
    first = dump_result(count(doc))
    assert dump_result(count(json.loads(json.dumps(doc)))) == first
    assert first.encode("utf-8") == dump_result(count(doc)).encode("utf-8")


JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=8),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=20,
)


def _problems_if_any(data: object) -> list[str] | None:
    """Parse and tally; the problems of a ``FormatError``, or None. Anything else propagates."""
    try:
        tally(parse_election(data))
    except FormatError as exc:  # malformed, or e.g. a "rules" naming no rulebook
        return exc.problems
    return None


def _parses_or_format_error(data: object) -> None:
    problems = _problems_if_any(data)
    if problems is not None:
        assert problems
        assert all(isinstance(p, str) and "\n" not in p for p in problems)


@given(JSON)
def test_parser_never_crashes_on_arbitrary_json(data: object) -> None:
    _parses_or_format_error(data)


@settings(suppress_health_check=[HealthCheck.too_slow])
@given(
    elections(),
    st.lists(
        st.tuples(
            st.sampled_from(
                [
                    "seats",
                    "candidates",
                    "roster",
                    "ballots",
                    "ballots_issued",
                    "rules",
                    "round",
                    "body",
                    "format",
                    "extra",
                ]
            ),
            JSON,
        ),
        max_size=3,
    ),
    st.data(),
)
def test_parser_never_crashes_on_damaged_documents(
    doc: dict[str, Any], damage: list[tuple[str, object]], data: st.DataObject
) -> None:
    doc = dict(doc)
    for key, value in damage:
        doc[key] = value
    if doc.get("ballots") and isinstance(doc["ballots"], list):
        i = data.draw(st.integers(0, len(doc["ballots"]) - 1))
        doc["ballots"] = [*doc["ballots"]]
        doc["ballots"][i] = data.draw(JSON)
    _parses_or_format_error(doc)


@given(st.one_of(JSON, elections()))
def test_the_fast_check_accepts_only_what_the_schema_accepts(data: object) -> None:
    if certainly_conforms(data):
        assert schema_problems("election", data) == []
