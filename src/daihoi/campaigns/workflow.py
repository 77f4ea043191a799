"""The congress workflow as plain data: states, who moves a congress on, and what is late.

No Django here: the states and milestones are plain values, so the rules are read (and
tested) without a database.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum


class State(StrEnum):
    PREPARING = "preparing"
    DOCUMENTS_SUBMITTED = "documents_submitted"
    COMMENTS_GIVEN = "comments_given"
    PERSONNEL_PLAN_APPROVED = "personnel_plan_approved"
    HELD = "held"
    RESULTS_REPORTED = "results_reported"
    RESULTS_APPROVED = "results_approved"


ORDER: list[State] = list(State)
RANK = {s: i for i, s in enumerate(ORDER)}


class Actor(StrEnum):
    """Who may move a congress into a state: its own office, or the superior's staff."""

    ORG = "org"
    SUPERIOR = "superior"


# The state a congress enters -> who may move it there.
FORWARD_ACTOR: dict[State, frozenset[Actor]] = {
    State.DOCUMENTS_SUBMITTED: frozenset({Actor.ORG, Actor.SUPERIOR}),
    State.COMMENTS_GIVEN: frozenset({Actor.SUPERIOR}),
    State.PERSONNEL_PLAN_APPROVED: frozenset({Actor.SUPERIOR}),
    State.HELD: frozenset({Actor.ORG, Actor.SUPERIOR}),
    State.RESULTS_REPORTED: frozenset({Actor.ORG, Actor.SUPERIOR}),
    State.RESULTS_APPROVED: frozenset({Actor.SUPERIOR}),
}


def next_state(state: State) -> State | None:
    i = RANK[state]
    return ORDER[i + 1] if i + 1 < len(ORDER) else None


def previous_state(state: State) -> State | None:
    i = RANK[state]
    return ORDER[i - 1] if i > 0 else None


def may_advance(state: State, target: State, actors: set[Actor]) -> bool:
    """One step forward, by someone of the right side."""
    return next_state(state) == target and bool(FORWARD_ACTOR[target] & actors)


def may_send_back(state: State, actors: set[Actor]) -> bool:
    """Superior staff may send a congress back one state (with a reason), never from the start."""
    return Actor.SUPERIOR in actors and previous_state(state) is not None


class Milestone(StrEnum):
    DOCUMENTS = "documents"
    COMMENTS = "comments"
    PERSONNEL_PLAN = "personnel_plan"
    CONGRESS = "congress"
    RESULTS = "results"


# The state a congress must have reached by each milestone's due date.
MILESTONE_STATE: dict[Milestone, State] = {
    Milestone.DOCUMENTS: State.DOCUMENTS_SUBMITTED,
    Milestone.COMMENTS: State.COMMENTS_GIVEN,
    Milestone.PERSONNEL_PLAN: State.PERSONNEL_PLAN_APPROVED,
    Milestone.CONGRESS: State.HELD,
    Milestone.RESULTS: State.RESULTS_REPORTED,
}


@dataclass(frozen=True)
class Overdue:
    milestone: Milestone
    due: dt.date
    days_late: int


def overdue(state: State, today: dt.date,
            due: Mapping[Milestone, dt.date | None]) -> list[Overdue]:
    """The milestones whose date has passed while the congress has not reached their state."""
    out = []
    for milestone, needed in MILESTONE_STATE.items():
        day = due.get(milestone)
        if day is not None and today > day and RANK[state] < RANK[needed]:
            out.append(Overdue(milestone, day, (today - day).days))
    return out


def suggested_kind_is_delegates(official_members: int) -> bool:
    """A delegates' congress from 200 official members (Chỉ thị 35-2019; configurable)."""
    return official_members >= 200
