"""The engine against an independent reference: a plain re-reading of the spec's party and
union rules written without the engine's code, compared on generated elections. Where the
rules did not change in the 2026 audit, the two must agree on every figure."""

from __future__ import annotations

from typing import Any

from hypothesis import given, settings
from tests.election.test_election_properties import elections

from daihoi.election import parse_election, result_document, tally

PARTY = {"party-2024", "party-2014", "party-2009"}


def reference(doc: dict[str, Any]) -> dict[str, Any]:
    """Count ``doc`` as the spec describes it, in the most literal way."""
    rules = doc["rules"]
    seats = doc["seats"]
    ids = [c["id"] for c in doc["candidates"]]
    votes = dict.fromkeys(ids, 0)
    invalid: dict[str, int] = {}
    for ballot in doc["ballots"]:
        reason = None
        if "defect" in ballot:
            reason = ballot["defect"]
        elif "kept" in ballot:
            if len(ballot["kept"]) > seats:
                reason = "too_many_kept"
            elif not ballot["kept"] and len(ids) > 1:
                reason = "all_struck"
            else:
                for cid in ballot["kept"]:
                    votes[cid] += 1
        else:
            marks = ballot["marks"]
            if len(ids) == 1 and marks.get(ids[0], "none") in ("both", "none"):
                reason = "no_choice"
            else:
                for cid, mark in marks.items():
                    votes[cid] += mark == "agree"
        if reason:
            invalid[reason] = invalid.get(reason, 0) + 1
    collected = len(doc["ballots"])
    roster = doc["roster"]
    base = (max(roster["convened"] - roster.get("excluded", 0), 0) if rules in PARTY
            else collected)
    waived = doc.get("round") == "tie_revote" and rules in PARTY
    need = 1 if waived else base // 2 + 1
    ranked = sorted(ids, key=lambda c: (-votes[c], ids.index(c)))
    qualified = [c for c in ranked if votes[c] >= need]
    elected: list[str] = qualified
    tied: list[str] = []
    if len(qualified) > seats:
        last = votes[qualified[seats - 1]]
        above = [c for c in qualified if votes[c] > last]
        at = [c for c in qualified if votes[c] == last]
        elected, tied = (above + at, []) if len(above) + len(at) <= seats else (above, at)
    held = seats - len(elected) if tied else 0
    return {
        "votes": votes,
        "invalid": invalid,
        "base": base,
        "min_votes": None if waived else need,
        "elected": elected,
        "tied": {"ids": tied, "seats": held} if tied else None,
        "unfilled": seats - len(elected) - held,
    }


@settings(max_examples=300, deadline=None)
@given(elections())
def test_the_engine_agrees_with_the_reference(doc: dict[str, Any]) -> None:
    got = result_document(tally(parse_election(doc)))
    want = reference(doc)
    assert {c["id"]: c["votes"] for c in got["candidates"]} == want["votes"]
    assert got["ballots"]["invalid_by_reason"] == want["invalid"]
    assert got["threshold"] == {"base": want["base"], "min_votes": want["min_votes"]}
    assert got["elected"] == want["elected"]
    assert got["tied"] == want["tied"]
    assert got["unfilled"] == want["unfilled"]
