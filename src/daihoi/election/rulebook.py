"""Rulebooks: the rules of one regulation as data, each rule with its citation and confidence.

The shipped rulebooks live in ``daihoi/election/rulebooks/<id>.json``. A user may write their own
file in the same format (``daihoi-rulebook/1``); it is checked against the JSON Schema and then
for sense (a small-body range that ends before it starts, ...) and refused with messages that name
the key.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any, Literal

from daihoi.election.schema import FormatError, schema_problems

DEFAULT_RULEBOOK = "party-2024"
# The default first, then the older party regulations, then the unions.
_PREFERRED_ORDER = ("party-2024", "party-2014", "party-2009", "trade-union", "youth-union")
BaseKind = Literal["roster", "ballots_collected"]
Confidence = Literal["confirmed", "to_verify"]


@dataclass(frozen=True, slots=True)
class Citation:
    regulation: str
    article: str


@dataclass(frozen=True, slots=True)
class Rule:
    key: str
    value: object
    citation: Citation
    confidence: Confidence
    summary: str
    note: str | None = None


@dataclass(frozen=True, slots=True)
class SmallBody:
    """Bodies of ``min_seats``..``max_seats`` members take at most ``max_extra`` extra names."""

    min_seats: int
    max_seats: int
    max_extra: int


@dataclass(frozen=True, slots=True)
class Rulebook:
    id: str
    name: str
    regulation: str
    rules: tuple[Rule, ...]  # in file order, for the documentation
    base: BaseKind
    tie_revote_needs_majority: bool
    surplus_bodies: frozenset[str]
    surplus_limit_percent: int
    small_body: SmallBody | None
    nominee_support_percent: int
    invalid_defects: frozenset[str]  # of not_issued, other_mark, write_in
    too_many_kept_invalid: bool
    all_struck_invalid: bool
    single_candidate_requires_one_mark: bool
    ballot_order: Literal["given_name"]

    def rule(self, key: str) -> Rule:
        for rule in self.rules:
            if rule.key == key:
                return rule
        raise KeyError(key)


def builtin_ids() -> list[str]:
    """Ids of the shipped rulebooks, the default first."""
    folder = resources.files("daihoi.election.rulebooks")
    found = {
        entry.name.removesuffix(".json")
        for entry in folder.iterdir()
        if entry.name.endswith(".json")
    }
    first = [i for i in _PREFERRED_ORDER if i in found]
    return first + sorted(found - set(first))


def _semantic_problems(data: dict[str, Any]) -> list[str]:
    problems: list[str] = []
    small = data["rules"]["small_body_max_extra"]["value"]
    if small is not None and small["min_seats"] > small["max_seats"]:
        problems.append(
            "rules.small_body_max_extra.value: min_seats "
            f"({small['min_seats']}) is greater than max_seats ({small['max_seats']})"
        )
    if data["rules"]["majority"]["value"] != "more_than_half":  # pragma: no cover (schema)
        problems.append("rules.majority.value: only more_than_half is supported")
    return problems


def rulebook_from_data(data: object) -> Rulebook:
    """Build a rulebook from parsed JSON, or raise ``FormatError`` naming each bad key."""
    problems = schema_problems("rulebook", data)
    if problems:
        raise FormatError(problems)
    if not isinstance(data, dict):  # pragma: no cover (the schema says it is)
        raise FormatError(["$: must be an object"])
    problems = _semantic_problems(data)
    if problems:
        raise FormatError(problems)
    raw = data["rules"]
    rules = tuple(
        Rule(
            key=key,
            value=entry["value"],
            citation=Citation(**entry["citation"]),
            confidence=entry["confidence"],
            summary=entry["summary"],
            note=entry.get("note"),
        )
        for key, entry in raw.items()
    )
    small = raw["small_body_max_extra"]["value"]
    defects = {
        name for name in ("not_issued", "other_mark", "write_in") if raw[f"{name}_invalid"]["value"]
    }
    return Rulebook(
        id=data["id"],
        name=data["name"],
        regulation=data["regulation"],
        rules=rules,
        base=raw["base"]["value"],
        tie_revote_needs_majority=raw["tie_revote_needs_majority"]["value"],
        surplus_bodies=frozenset(raw["surplus_bodies"]["value"]),
        surplus_limit_percent=raw["surplus_limit_percent"]["value"],
        small_body=SmallBody(**small) if small is not None else None,
        nominee_support_percent=raw["nominee_support_percent"]["value"],
        invalid_defects=frozenset(defects),
        too_many_kept_invalid=raw["too_many_kept_invalid"]["value"],
        all_struck_invalid=raw["all_struck_invalid"]["value"],
        single_candidate_requires_one_mark=raw["single_candidate_requires_one_mark"]["value"],
        ballot_order=raw["ballot_order"]["value"],
    )


@cache
def _builtin(rulebook_id: str) -> Rulebook:
    entry = resources.files("daihoi.election.rulebooks").joinpath(f"{rulebook_id}.json")
    return rulebook_from_data(json.loads(entry.read_text(encoding="utf-8")))


def load_rulebook(id_or_path: str | Path = DEFAULT_RULEBOOK) -> Rulebook:
    """A shipped rulebook by id (``party-2024``, ...) or a user rulebook file by path.

    Raises ``FormatError`` for an unknown id, an unreadable file, invalid JSON or a rulebook
    that breaks the schema or makes no sense; each problem names its key.
    """
    if isinstance(id_or_path, str) and id_or_path in builtin_ids():
        return _builtin(id_or_path)
    path = Path(id_or_path)
    if not path.suffix and not path.exists():
        known = ", ".join(builtin_ids())
        raise FormatError([f"unknown rulebook {str(id_or_path)!r} (known: {known})"])
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise FormatError([f"cannot read rulebook file {str(path)!r}: {exc}"]) from exc
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise FormatError([f"{path}: invalid JSON: {exc}"]) from exc
    return rulebook_from_data(data)
