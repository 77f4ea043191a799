"""Reading an election document (``daihoi-election/1``) into an ``Election``.

First the JSON Schema (compiled once per process), then the checks a schema cannot make:
unique candidate ids, ballots naming only listed candidates and each at most once, and the
ballot form matching the list (strike-out with a surplus; without one, the rulebook's form).
"""

from __future__ import annotations

import json
import unicodedata
from typing import Any, cast

from daihoi.election.fastcheck import certainly_conforms
from daihoi.election.model import (
    Ballot,
    BallotForm,
    Body,
    Candidate,
    DefectBallot,
    Election,
    Mark,
    MarksBallot,
    Roster,
    Round,
    StrikeOutBallot,
)
from daihoi.election.rulebook import (
    DEFAULT_RULEBOOK,
    Rulebook,
    builtin_ids,
    load_rulebook,
    looks_like_path,
    unknown_rulebook_problem,
)
from daihoi.election.schema import FormatError, json_path, schema_problems
from daihoi.lib import jsonlimits

ELECTION_FORMAT = "daihoi-election/1"


def _quote(value: str) -> str:
    return json.dumps(value, ensure_ascii=False)


def _list_problems(data: dict[str, Any]) -> list[str]:
    problems: list[str] = []
    seen: set[str] = set()
    for i, cand in enumerate(data["candidates"]):
        if cand["id"] in seen:
            problems.append(f"candidates[{i}].id: duplicate candidate id {_quote(cand['id'])}")
        seen.add(cand["id"])
    seats, n = data["seats"], len(data["candidates"])
    if n < seats:
        problems.append(
            f"candidates: {n} candidate(s) for {seats} seat(s): "
            "the list needs at least as many candidates as seats"
        )
    return problems


def _ballot_problems(data: dict[str, Any], rulebook: Rulebook | None) -> list[str]:
    problems: list[str] = []
    ids = {c["id"] for c in data["candidates"]}
    surplus = len(data["candidates"]) > data["seats"]
    no_surplus_form = _no_surplus_form(data, rulebook)
    strike_out = surplus or no_surplus_form == "strike_out"
    shape = f"{len(data['candidates'])} candidates for {data['seats']} seat(s)"
    for i, ballot in enumerate(data["ballots"]):
        if "kept" in ballot:
            if not strike_out:
                problems.append(
                    f"ballots[{i}]: strike-out ballot on a list without surplus ({shape}): "
                    'expected {"marks": {...}}'
                )
            kept_seen: set[str] = set()
            for j, cid in enumerate(ballot["kept"]):
                if cid not in ids:
                    problems.append(f"ballots[{i}].kept[{j}]: unknown candidate {_quote(cid)}")
                elif cid in kept_seen:
                    problems.append(f"ballots[{i}].kept[{j}]: duplicate candidate {_quote(cid)}")
                kept_seen.add(cid)
        elif "marks" in ballot:
            if surplus:
                problems.append(
                    f"ballots[{i}]: agree/disagree ballot on a list with surplus ({shape}): "
                    'expected {"kept": [...]}'
                )
            elif strike_out:
                problems.append(
                    f"ballots[{i}]: agree/disagree ballot on a strike-out list ({shape}; "
                    f"rulebook {data.get('rules', DEFAULT_RULEBOOK)} strikes names on every "
                    "list): "
                    'expected {"kept": [...]}'
                )
            for cid in ballot["marks"]:
                if cid not in ids:
                    where = json_path(["ballots", i, "marks", cid])
                    problems.append(f"{where}: unknown candidate {_quote(cid)}")
    return problems


def _rulebook_of(doc: dict[str, Any], rulebook: Rulebook | None) -> Rulebook | None:
    """The rulebook the ballots' form is checked by: the one given (a custom rulebook the
    caller holds), else the shipped one the document names; None for another id (an uploaded
    rulebook the caller did not pass: ``tally`` needs it). A document never names a file."""
    name = doc.get("rules", DEFAULT_RULEBOOK)
    if looks_like_path(name):
        raise FormatError([unknown_rulebook_problem(name)])
    if rulebook is not None:
        return rulebook
    return load_rulebook(name) if name in builtin_ids() else None


def _no_surplus_form(data: dict[str, Any], rulebook: Rulebook | None) -> BallotForm:
    """The form of a list without surplus: the rulebook's; without a known rulebook, the form
    the ballots use (the count checks it against the rulebook it is given)."""
    if rulebook is not None:
        return rulebook.no_surplus_ballot_form
    forms = {"kept" if "kept" in b else "marks" for b in data["ballots"] if "defect" not in b}
    return "strike_out" if forms == {"kept"} else "agree_disagree"


def parse_election(data: object, rulebook: Rulebook | None = None) -> Election:
    """Turn parsed JSON into an ``Election``, or raise ``FormatError`` listing every problem.

    ``rulebook``: the rulebook to count by when it is not a shipped one (an uploaded copy, a
    file given on the command line); otherwise the document's ``rules`` must name a shipped id.
    Never raises anything else, whatever ``data`` is.
    """
    # The fast check accepts only what the schema accepts; anything else goes to the schema.
    if not certainly_conforms(data):
        problems = schema_problems("election", data)
        if problems:
            raise FormatError(problems)
    doc = cast(dict[str, Any], data)
    problems = _list_problems(doc)
    rb = _rulebook_of(doc, rulebook)
    if not problems:
        problems = _ballot_problems(doc, rb)
    if problems:
        raise FormatError(problems)
    ballots: list[Ballot] = []
    for ballot in doc["ballots"]:
        if "kept" in ballot:
            ballots.append(StrikeOutBallot(kept=frozenset(ballot["kept"])))
        elif "marks" in ballot:
            marks = tuple(sorted((cid, cast(Mark, m)) for cid, m in ballot["marks"].items()))
            ballots.append(MarksBallot(marks=marks))
        else:
            ballots.append(DefectBallot(defect=ballot["defect"]))
    roster = doc["roster"]
    return Election(
        rules=doc.get("rules", DEFAULT_RULEBOOK),
        body=cast(Body, doc.get("body", "other")),
        round=cast(Round, doc.get("round", "first")),
        seats=doc["seats"],
        candidates=tuple(
            Candidate(id=c["id"], name=unicodedata.normalize("NFC", c["name"]))
            for c in doc["candidates"]
        ),
        roster=Roster(convened=roster["convened"], excluded=roster.get("excluded", 0)),
        ballots_issued=doc["ballots_issued"],
        ballots=tuple(ballots),
        no_surplus_form=_no_surplus_form(doc, rb),
    )


def loads_election(text: str, rulebook: Rulebook | None = None) -> Election:
    """Parse the JSON text of an election document; invalid JSON is a ``FormatError`` too."""
    try:
        data = jsonlimits.loads(text)  # size, depth and number length checked first
    except jsonlimits.JsonLimitError as exc:
        raise FormatError([f"invalid JSON: {exc}"]) from exc
    return parse_election(data, rulebook)
