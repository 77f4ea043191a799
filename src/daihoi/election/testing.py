"""Builders of small, valid election documents with invented names, for tests.

Used by the engine's tests and available to the tests of code that calls the engine (the web
app), so that every test starts from the same well-formed document and changes one thing.
"""

from __future__ import annotations

import copy
from typing import Any

from daihoi.election import Result, parse_election, tally

CAST = [
    {"id": "1", "name": "Hoàng Thị Lan"},
    {"id": "2", "name": "Nông Văn Minh"},
    {"id": "3", "name": "Lương Văn Tài"},
    {"id": "4", "name": "Vi Thị Hoa"},
]


def election_doc(**fields: Any) -> dict[str, Any]:
    """A valid election document: 3 seats, 4 candidates, base 10; fields override."""
    doc: dict[str, Any] = {
        "format": "daihoi-election/1",
        "rules": "party-2024",
        "body": "committee",
        "round": "first",
        "seats": 3,
        "candidates": copy.deepcopy(CAST),
        "roster": {"convened": 11, "excluded": 1},
        "ballots_issued": 10,
        "ballots": [],
    }
    doc.update(fields)
    return doc


def count(**fields: Any) -> Result:
    """Parse and tally an ``election_doc`` with the given fields."""
    return tally(parse_election(election_doc(**fields)))


def votes_of(result: Result) -> dict[str, int]:
    return {c.id: c.votes for c in result.candidates}
