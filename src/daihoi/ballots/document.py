"""The election document as the ballot printer and reader need it, and the election code.

Only the fields that shape the ballot are read: ``rules``, ``body``, ``round``, ``seats`` and
``candidates``. When the election engine's parser (``daihoi.election.parse_election``) is
available it validates the whole document first; otherwise the minimal checks below apply.
"""

from __future__ import annotations

import hashlib
import importlib
import json
import unicodedata
from dataclasses import dataclass
from typing import Any, Literal

from daihoi.lib import jsonlimits

Form = Literal["strike_out", "agree_disagree"]


class BallotInputError(ValueError):
    """Outside input the ballot tools cannot use; ``problems`` holds one line per problem."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("; ".join(problems))
        self.problems = problems


@dataclass(frozen=True)
class Candidate:
    id: str
    name: str


@dataclass(frozen=True)
class BallotSpec:
    """What a ballot of one election looks like, independent of paper size."""

    rules: str
    body: str
    round: str
    seats: int
    candidates: tuple[Candidate, ...]

    @property
    def form(self) -> Form:
        if len(self.candidates) > self.seats:
            return "strike_out"
        # Without surplus the rulebook decides: party rulebooks agree/disagree, trade-union and
        # youth-union strike-out (even on a one-name list); an uploaded rulebook the engine
        # does not know here takes the party form.
        try:
            from daihoi.election import builtin_ids, load_rulebook
        except ImportError:  # pragma: no cover (the ballots package without the engine)
            return "agree_disagree"
        if self.rules in builtin_ids():
            return load_rulebook(self.rules).no_surplus_ballot_form
        return "agree_disagree"


def _engine_validate(doc: dict[str, Any]) -> None:
    """Hook: validate with the election engine's parser when it exists."""
    try:
        module = importlib.import_module("daihoi.election")
    except ImportError:
        return
    parse = getattr(module, "parse_election", None)
    if parse is None:
        return
    format_error = getattr(module, "FormatError", None)
    try:
        parse(doc)
    except Exception as exc:
        if format_error is not None and isinstance(exc, format_error):
            problems = getattr(exc, "problems", None) or [str(exc)]
            raise BallotInputError([str(p) for p in problems]) from exc
        raise


def spec_from_document(doc: object) -> BallotSpec:
    """Check an election document (``daihoi-election/1``) and keep what the ballot needs."""
    if not isinstance(doc, dict):
        raise BallotInputError(["the election document must be a JSON object"])
    problems: list[str] = []
    if doc.get("format") != "daihoi-election/1":
        problems.append(f'format: expected "daihoi-election/1", got {doc.get("format")!r}')
    seats: Any = doc.get("seats")
    if not isinstance(seats, int) or isinstance(seats, bool) or seats < 1:
        problems.append(f"seats: must be an integer >= 1, got {seats!r}")
    raw = doc.get("candidates")
    candidates: list[Candidate] = []
    if not isinstance(raw, list) or not raw:
        problems.append("candidates: must be a non-empty list")
    else:
        seen: set[str] = set()
        for i, item in enumerate(raw):
            if not isinstance(item, dict):
                problems.append(f"candidates[{i}]: must be an object")
                continue
            cid, name = item.get("id"), item.get("name")
            if not isinstance(cid, str) or not cid:
                problems.append(f"candidates[{i}].id: must be a non-empty string")
                continue
            if cid in seen:
                problems.append(f"candidates[{i}].id: duplicate id {cid!r}")
            seen.add(cid)
            if not isinstance(name, str) or not name.strip():
                problems.append(f"candidates[{i}].name: must be a non-empty string")
                continue
            candidates.append(Candidate(cid, unicodedata.normalize("NFC", name.strip())))
    texts: dict[str, str] = {}
    for key, default in (("rules", None), ("body", "other"), ("round", "first")):
        value = doc.get(key, default)
        if not isinstance(value, str) or not value:
            problems.append(f"{key}: must be a non-empty string")
        else:
            texts[key] = value
    if problems:
        raise BallotInputError(problems)
    _engine_validate(doc)
    return BallotSpec(texts["rules"], texts["body"], texts["round"], int(seats), tuple(candidates))


def load_document(text: str) -> dict[str, Any]:
    """Parse the JSON text of an election document, with a one-line error on failure."""
    try:
        doc = jsonlimits.loads(text)  # size, depth and number length checked first
    except jsonlimits.JsonLimitError as exc:
        raise BallotInputError([f"not valid JSON: {exc}"]) from exc
    spec_from_document(doc)
    return dict(doc)


def _canonical(spec: BallotSpec) -> bytes:
    content = {
        "rules": spec.rules,
        "body": spec.body,
        "round": spec.round,
        "seats": spec.seats,
        "candidates": [{"id": c.id, "name": c.name} for c in spec.candidates],
    }
    return json.dumps(content, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode()


CODE_BITS = 48


def spec_code(spec: BallotSpec) -> str:
    """12 hex digits (48 bits) of the SHA-256 of the canonical ballot content."""
    return hashlib.sha256(_canonical(spec)).hexdigest()[: CODE_BITS // 4]


def election_code(election_doc: dict[str, Any]) -> str:
    """The code printed on every ballot of this election and form (12 lowercase hex digits).

    It is derived from the canonical rules, body, round, seats and candidates (ids and names),
    so any change to what the ballot says changes the code.
    """
    return spec_code(spec_from_document(election_doc))


def display_code(code: str) -> str:
    """The code as printed for people: ``3F2A-9C1B-77D0``."""
    upper = code.upper()
    return "-".join(upper[i : i + 4] for i in range(0, len(upper), 4))
