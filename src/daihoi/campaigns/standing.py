"""A campaign as it stood on a day: the one computation behind every campaign figure.

The dashboard, the list, the chart, the calendar, the Excel export, the API and the summary
report all ask the same two questions of the same data: which state was each congress in on
the day, and what does that make in figures. ``standing`` answers the first (from the
congress's recorded steps, each dated by the event it records), ``tally`` the second. No
Django here: plain values in, plain values out, so a roll-up over several campaigns (or over
the levels of a tree) reuses them as they are.

The day itself (``as_of``) is never the clock for a finished campaign: a campaign past its
superior's congress is seen in its final state, with lateness measured against its own
deadlines up to that congress.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from daihoi.campaigns.workflow import RANK, Milestone, Overdue, State, overdue

# A filter choice besides the milestones: congresses with any milestone overdue.
ANY_MILESTONE = "any"


@dataclass(frozen=True)
class Step:
    """One recorded state change of a congress, dated by the event it records (the day the
    congress was held for the step into "held", the day of the change otherwise)."""

    from_state: State
    to_state: State
    on: dt.date


@dataclass(frozen=True)
class Standing:
    """One congress as it stood on ``day``."""

    state: State
    held_on: dt.date | None  # None while the congress had not been held on the day
    late: tuple[Overdue, ...]
    kind: str = ""  # members / delegates

    @property
    def held(self) -> bool:
        return RANK[self.state] >= RANK[State.HELD]

    @property
    def reported(self) -> bool:
        return RANK[self.state] >= RANK[State.RESULTS_REPORTED]

    @property
    def held_not_reported(self) -> bool:
        return self.state == State.HELD

    def on_time(self, deadline: dt.date) -> bool:
        return self.held and self.held_on is not None and self.held_on <= deadline

    @property
    def late_milestones(self) -> frozenset[Milestone]:
        return frozenset(o.milestone for o in self.late)

    def matches_late(self, late: str) -> bool:
        """Whether the congress is overdue on ``late`` (a milestone, or ``ANY_MILESTONE``)."""
        if late == ANY_MILESTONE:
            return bool(self.late)
        return any(o.milestone.value == late for o in self.late)


def standing(current: State, steps: Sequence[Step], held_on: dt.date | None, day: dt.date,
             due: Mapping[Milestone, dt.date | None], kind: str = "",
             judged: dt.date | None = None) -> Standing:
    """The congress on ``day``: its ``current`` state with the ``steps`` taken after the day
    undone (latest first; ``steps`` in the order they were recorded). A congress with no
    recorded step is taken as it stands. ``held_on`` is the congress's current date held.
    Lateness is judged on ``judged`` (by default ``day``)."""
    state = current
    held = held_on
    kept = list(steps)
    while kept and kept[-1].on > day:
        state = kept.pop().from_state
    if RANK[state] >= RANK[State.HELD]:
        # The date of the step into "held" still standing on the day, if one is recorded.
        into_held = next((s for s in reversed(kept) if s.to_state == State.HELD
                          and RANK[s.from_state] < RANK[State.HELD]), None)
        if into_held is not None:
            held = into_held.on
        if held is not None and held > day:
            # A record without its steps, held after the day: on the day it stood at most
            # at the step before "held".
            state, held = State.PERSONNEL_PLAN_APPROVED, None
    else:
        held = None
    return Standing(state, held, tuple(overdue(state, judged or day, due)), kind)


@dataclass(frozen=True)
class AsOf:
    """The day a campaign is seen as of, and why that day."""

    day: dt.date  # states as recorded by this day
    judged: dt.date  # lateness judged on this day; the day written on views and documents
    finished: bool  # the campaign is past its end (its superior's congress)
    chosen: bool  # the user asked for this day


def campaign_end(superior_congress: dt.date | None, results_due: dt.date | None,
                 deadline: dt.date) -> dt.date:
    """The last day of a campaign: its superior's congress, else the results' due date,
    else the deadline for the subordinate congresses."""
    return superior_congress or results_due or deadline


def as_of(*, today: dt.date, end: dt.date, chosen: dt.date | None = None) -> AsOf:
    """The day to see a campaign as of: ``chosen`` when given; today for a running campaign;
    for a finished one its final state (every step recorded), with lateness judged at its
    end, never at today's clock."""
    finished = today > end
    if chosen is not None:
        return AsOf(chosen, chosen, finished, True)
    if not finished:
        return AsOf(today, today, False, False)
    return AsOf(today, end, True, False)


@dataclass(frozen=True)
class Tally:
    """The campaign's figures on one day, from the congresses' standings."""

    day: dt.date
    total: int = 0
    by_state: Mapping[State, int] = field(default_factory=dict)
    held: int = 0
    held_on_time: int = 0
    held_late: int = 0
    not_held: int = 0
    results_reported: int = 0  # reported or approved
    results_approved: int = 0
    held_not_reported: int = 0
    overdue: int = 0  # congresses with at least one overdue milestone
    overdue_by_milestone: Mapping[Milestone, int] = field(default_factory=dict)
    members: int = 0
    delegates: int = 0

    def as_dict(self) -> dict[str, object]:
        """The figures under stable keys (the report's JSON and the API use these)."""
        return {
            "as_of": self.day.isoformat(), "congresses": self.total,
            "by_state": {s.value: self.by_state.get(s, 0) for s in State},
            "held": self.held, "held_by_deadline": self.held_on_time,
            "held_late": self.held_late, "not_held": self.not_held,
            "results_reported": self.results_reported,
            "results_approved": self.results_approved,
            "held_not_reported": self.held_not_reported, "overdue": self.overdue,
            "overdue_by_milestone": {m.value: self.overdue_by_milestone.get(m, 0)
                                     for m in Milestone},
            "members_congresses": self.members, "delegates_congresses": self.delegates,
        }


def tally(standings: Iterable[Standing], deadline: dt.date, day: dt.date) -> Tally:
    """Every campaign figure, counted once, the same way for every view."""
    items = list(standings)
    states = Counter(s.state for s in items)
    late: Counter[Milestone] = Counter(m for s in items for m in s.late_milestones)
    held = sum(s.held for s in items)
    on_time = sum(s.on_time(deadline) for s in items)
    delegates = sum(s.kind == "delegates" for s in items)
    return Tally(
        day=day, total=len(items), by_state={s: states.get(s, 0) for s in State},
        held=held, held_on_time=on_time, held_late=held - on_time,
        not_held=len(items) - held, results_reported=sum(s.reported for s in items),
        results_approved=states.get(State.RESULTS_APPROVED, 0),
        held_not_reported=sum(s.held_not_reported for s in items),
        overdue=sum(bool(s.late) for s in items),
        overdue_by_milestone={m: late.get(m, 0) for m in Milestone},
        members=len(items) - delegates, delegates=delegates)
