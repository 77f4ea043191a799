"""Builders of small, valid election documents with invented names, for tests.

Used by the engine's tests and available to the tests of code that calls the engine (the web
app), so that every test starts from the same well-formed document and changes one thing.
"""

from __future__ import annotations

import copy
import json
from importlib import resources
from typing import Any

from daihoi.election import Result, Rulebook, parse_election, tally
from daihoi.election.rulebook import rulebook_from_data

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


def rulebook_data(rulebook_id: str = "party-2024", **values: Any) -> dict[str, Any]:
    """The JSON of a shipped rulebook, as a user would copy it, with rule values changed."""
    text = resources.files("daihoi.election.rulebooks").joinpath(f"{rulebook_id}.json")
    data: dict[str, Any] = json.loads(text.read_text(encoding="utf-8"))
    for key, value in values.items():
        data["rules"][key]["value"] = value
    return data


def rulebook_variant(rulebook_id: str = "party-2024", new_id: str = "variant",
                     **values: Any) -> Rulebook:
    """A user rulebook: a shipped one with another id and some rule values changed."""
    data = rulebook_data(rulebook_id, **values)
    data["id"] = new_id
    return rulebook_from_data(data)
