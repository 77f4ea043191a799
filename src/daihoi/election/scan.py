"""Ballots from a scan reading (``daihoi-scan/1``, see the ballot-scan spec) for counting.

Every collected ballot must be counted, so the reading must account for each one:
- ``status: "read"``: the ballot counts as read (its ``kept``, ``marks`` or ``defect``);
- ``status: "review"``: it counts only with a person's decision, ``"decided": {"kept": [...]}``
  or ``{"marks": {...}}`` or ``{"defect": "..."}``, optionally with ``"by": "name"``;
- an undecided ``review`` ballot or a ``rejected`` one is a problem naming ``ballots[i]``.

The ballots come back in the reading's order, so ``ballots[i]`` names the same ballot in the
reading and in the election document built from it.
"""

from __future__ import annotations

import json
from typing import Any

from daihoi.election.schema import FormatError

SCAN_FORMAT = "daihoi-scan/1"
_CONTENT_KEYS = ("kept", "marks", "defect")


def _content(entry: dict[str, Any], where: str) -> tuple[dict[str, Any] | None, str | None]:
    present = [k for k in _CONTENT_KEYS if k in entry]
    if len(present) != 1:
        found = ", ".join(present) if present else "none"
        return None, f"{where}: needs exactly one of kept, marks, defect (found: {found})"
    key = present[0]
    return {key: entry[key]}, None


def ballots_from_scan(reading: object) -> list[dict[str, Any]]:
    """The election-document ballots of a reading, or ``FormatError`` listing every problem."""
    if not isinstance(reading, dict):
        raise FormatError(["$: a scan reading must be a JSON object"])
    problems: list[str] = []
    if reading.get("format") != SCAN_FORMAT:
        found = json.dumps(reading.get("format"), ensure_ascii=False)
        problems.append(f'format: must be "{SCAN_FORMAT}", not {found}')
    raw = reading.get("ballots")
    if not isinstance(raw, list):
        problems.append("ballots: must be an array")
        raise FormatError(problems)
    ballots: list[dict[str, Any]] = []
    for i, entry in enumerate(raw):
        where = f"ballots[{i}]"
        if not isinstance(entry, dict):
            problems.append(f"{where}: must be an object")
            continue
        status = entry.get("status")
        if status == "read":
            ballot, problem = _content(entry, where)
        elif status == "review":
            decided = entry.get("decided")
            if decided is None:
                reasons = ", ".join(str(r) for r in entry.get("reasons") or []) or "no reason"
                ballot, problem = (
                    None,
                    (
                        f"{where}: needs review ({reasons}) and carries no decision; a person must "
                        'add "decided": {"kept": [...]} (or marks, or defect)'
                    ),
                )
            elif not isinstance(decided, dict):
                ballot, problem = None, f"{where}.decided: must be an object"
            elif "by" in decided and not isinstance(decided["by"], str):
                ballot, problem = None, f"{where}.decided.by: must be a string"
            elif set(decided) - {*_CONTENT_KEYS, "by"}:
                extra = sorted(set(decided) - {*_CONTENT_KEYS, "by"})
                ballot, problem = None, f"{where}.decided: unknown key {json.dumps(extra[0])}"
            else:
                ballot, problem = _content(decided, f"{where}.decided")
        elif status == "rejected":
            reasons = ", ".join(str(r) for r in entry.get("reasons") or []) or "no reason"
            ballot, problem = (
                None,
                (
                    f"{where}: rejected by the reader ({reasons}); every collected ballot must be "
                    "counted: re-scan it or record a person's decision"
                ),
            )
        else:
            found = json.dumps(status, ensure_ascii=False)
            ballot, problem = (
                None,
                (f'{where}.status: must be "read", "review" or "rejected", not {found}'),
            )
        if problem:
            problems.append(problem)
        elif ballot is not None:
            ballots.append(ballot)
    if problems:
        raise FormatError(problems)
    return ballots


def election_with_scan(election: object, reading: object) -> object:
    """The election document with its ``ballots`` replaced by the reading's."""
    ballots = ballots_from_scan(reading)
    if not isinstance(election, dict):
        return election  # the election parser reports it
    return {**election, "ballots": ballots}
