"""Roster figures: who is convened, who is present, and the base the engine measures
"more than half" against (Quy định 24-QĐ/TW §9.3; QĐ 190-QĐ/TW art. 30)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from daihoi.election import Candidate, Election, Roster, load_rulebook, tally

# Members' congress: those the regulation takes out of the base.
EXCLUDED_STATUSES = frozenset({
    "absent_with_reason", "temporarily_transferred", "exempt_from_activity", "suspended",
})


@dataclass(frozen=True)
class RosterFigures:
    convened: int
    excluded: int
    present: int
    absent_with_reason: int
    absent_without_reason: int
    alternates_standing_in: int = 0

    @property
    def base(self) -> int:
        return self.convened - self.excluded

    @property
    def roster(self) -> Roster:
        return Roster(convened=self.convened, excluded=self.excluded)


@dataclass(frozen=True)
class Person:
    """What the base needs to know of one roster line."""

    role: str  # member, delegate, alternate
    status: str
    substitute_for: int | None = None  # the delegate's id this alternate stands in for
    id: int = 0


def members_figures(statuses: Iterable[str]) -> RosterFigures:
    """Members' congress: official members convened less those the regulation excludes.

    >>> members_figures(["present"] * 10 + ["absent_with_reason"]).base
    10
    """
    items = list(statuses)
    return RosterFigures(
        convened=len(items),
        excluded=sum(1 for s in items if s in EXCLUDED_STATUSES),
        present=sum(1 for s in items if s == "present"),
        absent_with_reason=sum(1 for s in items if s == "absent_with_reason"),
        absent_without_reason=sum(1 for s in items if s == "absent"),
    )


def delegates_figures(people: Iterable[Person]) -> RosterFigures:
    """Delegates' congress: official delegates convened less those absent for the whole
    congress without a present alternate standing in for them."""
    items = list(people)
    delegates = [p for p in items if p.role == "delegate"]
    covered = {p.substitute_for for p in items
               if p.role == "alternate" and p.status == "present" and p.substitute_for}
    absent = [d for d in delegates if d.status != "present"]
    uncovered = [d for d in absent if d.id not in covered]
    standing_in = len(absent) - len(uncovered)
    return RosterFigures(
        convened=len(delegates),
        excluded=len(uncovered),
        present=sum(1 for d in delegates if d.status == "present") + standing_in,
        absent_with_reason=sum(1 for d in absent if d.status != "absent"),
        absent_without_reason=sum(1 for d in absent if d.status == "absent"),
        alternates_standing_in=standing_in,
    )


def votes_needed(rules: str, roster: Roster) -> int | None:
    """The engine's threshold for this roster (asked of the engine, never computed here)."""
    probe = Election(
        rules=rules, body="committee", round="first", seats=1,
        candidates=(Candidate("1", "-"),), roster=roster, ballots_issued=0, ballots=(),
    )
    return tally(probe, load_rulebook(rules)).min_votes
