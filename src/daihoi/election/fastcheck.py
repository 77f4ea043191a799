"""A fast conformance check for election documents, stricter than the JSON Schema.

``jsonschema`` takes ~35 ms for a 400-ballot document, too slow for re-counting a whole
country's grassroots round (52,000 documents). This check answers one question quickly:
"does this document certainly conform to ``election.schema.json``?". When it says yes, the
schema would find nothing (a Hypothesis test checks that on arbitrary JSON); when it says no,
the parser runs the real schema to name every problem. The schema stays the authority.
"""

from __future__ import annotations

from typing import Any

from daihoi.election.model import BODIES, DEFECTS, MARKS, ROUNDS

_TOP_KEYS = frozenset(
    {
        "format",
        "rules",
        "body",
        "round",
        "seats",
        "candidates",
        "roster",
        "ballots_issued",
        "ballots",
    }
)
_REQUIRED = frozenset({"format", "seats", "candidates", "roster", "ballots_issued", "ballots"})
_BODIES = frozenset(BODIES)
_ROUNDS = frozenset(ROUNDS)
_MARKS = frozenset(MARKS)
_DEFECTS = frozenset(DEFECTS)
_CANDIDATE_KEYS = frozenset({"id", "name"})
_ROSTER_KEYS = frozenset({"convened", "excluded"})


def _count(value: object, minimum: int) -> bool:
    return type(value) is int and value >= minimum


def _text(value: object) -> bool:
    return type(value) is str and len(value) > 0


def _ballot_ok(ballot: object) -> bool:
    if type(ballot) is not dict or len(ballot) != 1:
        return False
    key, value = next(iter(ballot.items()))
    if key == "kept":
        return type(value) is list and all(type(v) is str for v in value)
    if key == "marks":
        return type(value) is dict and all(
            type(k) is str and type(m) is str and m in _MARKS for k, m in value.items()
        )
    if key == "defect":
        return type(value) is str and value in _DEFECTS
    return False


def certainly_conforms(doc: Any) -> bool:
    """True only if ``doc`` conforms to the election schema; False means "ask the schema"."""
    if type(doc) is not dict or not doc.keys() >= _REQUIRED or not doc.keys() <= _TOP_KEYS:
        return False
    if doc["format"] != "daihoi-election/1" or type(doc["format"]) is not str:
        return False
    if "rules" in doc and not _text(doc["rules"]):
        return False
    body, rnd = doc.get("body", "other"), doc.get("round", "first")
    if type(body) is not str or body not in _BODIES or type(rnd) is not str or rnd not in _ROUNDS:
        return False
    if not _count(doc["seats"], 1) or not _count(doc["ballots_issued"], 0):
        return False
    candidates, roster, ballots = doc["candidates"], doc["roster"], doc["ballots"]
    if type(candidates) is not list or not candidates:
        return False
    for cand in candidates:
        if type(cand) is not dict or cand.keys() != _CANDIDATE_KEYS:
            return False
        if not _text(cand["id"]) or not _text(cand["name"]):
            return False
    if type(roster) is not dict or "convened" not in roster or not roster.keys() <= _ROSTER_KEYS:
        return False
    if not _count(roster["convened"], 0) or not _count(roster.get("excluded", 0), 0):
        return False
    return type(ballots) is list and all(_ballot_ok(b) for b in ballots)
