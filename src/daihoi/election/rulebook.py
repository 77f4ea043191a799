"""Rulebooks: the rules of one regulation as data, each rule with its citation and confidence.

The shipped rulebooks live in ``daihoi/election/rulebooks/<id>.json`` and are named by id. A
user may write their own file in the same format (``daihoi-rulebook/1``); it reaches the engine
only as content (``rulebook_from_text``: size- and depth-limited, then checked against the JSON
Schema and for sense) or, on the command line, as a file its operator names
(``read_rulebook_file``). Nothing here ever opens a path that came from a document or a request:
``load_rulebook`` knows the shipped ids only.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any, Literal

from daihoi.election.schema import FormatError, schema_problems
from daihoi.lib import jsonlimits

DEFAULT_RULEBOOK = "party-2024"
# The default first, then the older party regulations, then the unions.
_PREFERRED_ORDER = ("party-2024", "party-2014", "party-2009", "trade-union", "youth-union")
# A rulebook is a few kilobytes; anything much larger or deeper is not one.
MAX_RULEBOOK_BYTES = 64 * 1024
MAX_RULEBOOK_DEPTH = 8
BaseKind = Literal["roster", "ballots_collected"]
Confidence = Literal["confirmed", "to_verify"]
BallotFormName = Literal["strike_out", "agree_disagree"]
TieRule = Literal["revote_among_tied", "congress_decides"]
FurtherRound = Literal["automatic_then_congress_decides", "congress_decides"]

# How sure we are, in words a set of minutes can print.
CONFIDENCE_WORDS: dict[str, str] = {
    "confirmed": "đã đối chiếu với văn bản",
    "to_verify": "chưa đối chiếu được với nguyên văn văn bản, đại hội cần đối chiếu với văn bản "
    "của mình",
}


@dataclass(frozen=True, slots=True)
class Citation:
    regulation: str
    article: str = ""

    @property
    def printable(self) -> str:
        """The citation as a document prints it: ``Điều 30, QĐ 190-QĐ/TW (10/10/2024)``."""
        return f"{self.article}, {self.regulation}" if self.article else self.regulation


@dataclass(frozen=True, slots=True)
class Rule:
    key: str
    value: object
    citation: Citation
    confidence: Confidence
    summary: str
    note: str | None = None  # a working note for the maintainers, never printed on a paper
    quote: str | None = None  # the regulation's words, where they were found

    @property
    def confidence_words(self) -> str:
        return CONFIDENCE_WORDS[self.confidence]


@dataclass(frozen=True, slots=True)
class SmallBody:
    """Bodies of ``min_seats``..``max_seats`` members take at most ``max_extra`` extra names."""

    min_seats: int
    max_seats: int
    max_extra: int


@dataclass(frozen=True, slots=True)
class Document:
    """A regulation, guidance or directive the rulebook draws on, and what of it is used."""

    title: str
    used_for: str
    text_available: bool


# Rules that a rulebook file may leave out (files written before they existed): their value,
# and the words the documentation gives a rule taken by default.
_DEFAULTS: dict[str, object] = {
    "no_surplus_ballot_form": "agree_disagree",
    "tie_rule": "revote_among_tied",
    "further_round_delegates": "automatic_then_congress_decides",
    "further_round_committee": "congress_decides",
    "max_rounds": None,
    "surplus_at_least_one": True,
}


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
    no_surplus_ballot_form: BallotFormName = "agree_disagree"
    tie_rule: TieRule = "revote_among_tied"
    further_round_delegates: FurtherRound = "automatic_then_congress_decides"
    further_round_committee: FurtherRound = "congress_decides"
    max_rounds: int | None = None  # rounds for the same seats (first + further); None: no cap
    surplus_at_least_one: bool = True
    documents: tuple[Document, ...] = ()

    def rule(self, key: str) -> Rule:
        for rule in self.rules:
            if rule.key == key:
                return rule
        raise KeyError(key)

    def has_rule(self, key: str) -> bool:
        return any(rule.key == key for rule in self.rules)


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
            citation=Citation(
                regulation=entry["citation"]["regulation"],
                article=entry["citation"].get("article", ""),
            ),
            confidence=entry["confidence"],
            summary=entry["summary"],
            note=entry.get("note"),
            quote=entry.get("quote"),
        )
        for key, entry in raw.items()
    )

    def value(key: str) -> Any:
        return raw[key]["value"] if key in raw else _DEFAULTS[key]

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
        no_surplus_ballot_form=value("no_surplus_ballot_form"),
        tie_rule=value("tie_rule"),
        further_round_delegates=value("further_round_delegates"),
        further_round_committee=value("further_round_committee"),
        max_rounds=value("max_rounds"),
        surplus_at_least_one=value("surplus_at_least_one"),
        documents=tuple(
            Document(title=d["title"], used_for=d["used_for"], text_available=d["text_available"])
            for d in data.get("documents", [])
        ),
    )


def json_depth_exceeds(text: str, limit: int) -> bool:
    """Whether brackets nest deeper than ``limit`` in JSON ``text`` (strings skipped); a scan
    in one pass before any parser builds the structure."""
    depth = 0
    in_string = escaped = False
    for char in text:
        if in_string:
            if escaped:
                escaped = False
            elif char == "\\":
                escaped = True
            elif char == '"':
                in_string = False
        elif char == '"':
            in_string = True
        elif char in "[{":
            depth += 1
            if depth > limit:
                return True
        elif char in "]}":
            depth -= 1
    return False


def rulebook_from_text(text: str | bytes, *, where: str = "rulebook") -> Rulebook:
    """A rulebook from the text of a file (an upload, a stored copy): at most
    ``MAX_RULEBOOK_BYTES`` and ``MAX_RULEBOOK_DEPTH`` levels deep, UTF-8 JSON, then the schema.
    Raises ``FormatError``; never reads anything but ``text``."""
    size = len(text.encode("utf-8") if isinstance(text, str) else text)
    if size > MAX_RULEBOOK_BYTES:
        raise FormatError([
            f"{where}: {size} bytes; a rulebook is at most {MAX_RULEBOOK_BYTES} bytes"
        ])
    if isinstance(text, bytes):
        try:
            text = text.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise FormatError([f"{where}: not UTF-8 text"]) from exc
    if json_depth_exceeds(text, MAX_RULEBOOK_DEPTH):
        raise FormatError([
            f"{where}: nested more than {MAX_RULEBOOK_DEPTH} levels deep; not a rulebook"
        ])
    try:
        data = jsonlimits.loads(text, max_bytes=MAX_RULEBOOK_BYTES,
                                max_depth=MAX_RULEBOOK_DEPTH)  # and at most 30-digit numbers
    except jsonlimits.JsonLimitError as exc:
        raise FormatError([f"{where}: invalid JSON: {exc}"]) from exc
    return rulebook_from_data(data)


@cache
def _builtin(rulebook_id: str) -> Rulebook:
    entry = resources.files("daihoi.election.rulebooks").joinpath(f"{rulebook_id}.json")
    return rulebook_from_data(json.loads(entry.read_text(encoding="utf-8")))


def looks_like_path(name: str) -> bool:
    return "/" in name or "\\" in name or name.endswith(".json") or name.startswith(".")


def unknown_rulebook_problem(name: str) -> str:
    """The one line that refuses a rulebook name that is not a shipped id."""
    known = ", ".join(builtin_ids())
    if looks_like_path(name):
        return (
            f"rules: {name!r} is a file path; a rulebook is named by its id (installed: {known}), "
            "never by a path: no file is opened"
        )
    return f"rules: unknown rulebook {name!r} (installed: {known})"


def load_rulebook(rulebook_id: str = DEFAULT_RULEBOOK) -> Rulebook:
    """A shipped rulebook by id (``party-2024``, ...). Anything else, a path included, is a
    ``FormatError``: this function never opens a file named by its caller."""
    if not isinstance(rulebook_id, str) or rulebook_id not in builtin_ids():
        raise FormatError([unknown_rulebook_problem(str(rulebook_id))])
    return _builtin(rulebook_id)


def read_rulebook_file(path: str | Path) -> Rulebook:
    """A user rulebook file named by the operator of the command line (never by a document).

    Refuses what is not a regular file (a directory, ``/dev/zero``) and reads at most
    ``MAX_RULEBOOK_BYTES`` + 1 bytes before deciding.
    """
    where = str(path)
    target = Path(path)
    try:
        if not target.is_file():
            raise FormatError([f"{where}: not a regular file"])
        with target.open("rb") as handle:
            raw = handle.read(MAX_RULEBOOK_BYTES + 1)
    except OSError as exc:
        raise FormatError([f"cannot read rulebook file {where!r}: {exc.strerror or exc}"]) from exc
    return rulebook_from_text(raw, where=where)
