"""A congress as it stood on a day, the day a campaign is seen as of, and the figures: the
pure computation behind every campaign view (no database)."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys

from hypothesis import given
from hypothesis import strategies as st

from daihoi.campaigns.standing import (
    ANY_MILESTONE,
    Standing,
    Step,
    as_of,
    campaign_end,
    standing,
    tally,
)
from daihoi.campaigns.workflow import Milestone, State

D = dt.date
DUE = {Milestone.DOCUMENTS: D(2010, 2, 28), Milestone.COMMENTS: D(2010, 3, 15),
       Milestone.PERSONNEL_PLAN: D(2010, 3, 31), Milestone.CONGRESS: D(2010, 6, 30),
       Milestone.RESULTS: D(2010, 7, 10)}
# A congress that went through every step in 2010, held on 14/6, reported on 16/6.
STEPS = [
    Step(State.PREPARING, State.DOCUMENTS_SUBMITTED, D(2010, 2, 20)),
    Step(State.DOCUMENTS_SUBMITTED, State.COMMENTS_GIVEN, D(2010, 3, 10)),
    Step(State.COMMENTS_GIVEN, State.PERSONNEL_PLAN_APPROVED, D(2010, 3, 25)),
    Step(State.PERSONNEL_PLAN_APPROVED, State.HELD, D(2010, 6, 14)),
    Step(State.HELD, State.RESULTS_REPORTED, D(2010, 6, 16)),
]


def test_the_state_on_a_day_undoes_the_steps_recorded_after_it() -> None:
    now = State.RESULTS_REPORTED
    assert standing(now, STEPS, D(2010, 6, 14), D(2010, 1, 1), DUE).state == State.PREPARING
    assert standing(now, STEPS, D(2010, 6, 14), D(2010, 3, 10), DUE).state \
        == State.COMMENTS_GIVEN
    on_the_day = standing(now, STEPS, D(2010, 6, 14), D(2010, 6, 14), DUE)
    assert (on_the_day.state, on_the_day.held_on) == (State.HELD, D(2010, 6, 14))
    assert standing(now, STEPS, D(2010, 6, 14), D(2026, 12, 2), DUE).state == now


def test_before_the_congress_was_held_it_has_no_date_held() -> None:
    before = standing(State.RESULTS_REPORTED, STEPS, D(2010, 6, 14), D(2010, 6, 13), DUE)
    assert before.held_on is None
    assert not before.held


def test_lateness_is_counted_to_the_day_seen_not_to_the_clock() -> None:
    # Held but never reported: on 10/8/2010 the results report is 31 days late.
    held_only = STEPS[:4]
    on_end = standing(State.HELD, held_only, D(2010, 6, 14), D(2010, 8, 10), DUE)
    assert [(o.milestone, o.days_late) for o in on_end.late] == [(Milestone.RESULTS, 31)]
    assert on_end.held_not_reported
    # On 1/7 the report was not yet due.
    assert standing(State.HELD, held_only, D(2010, 6, 14), D(2010, 7, 1), DUE).late == ()


def test_a_step_sent_back_is_undone_too_and_the_date_held_comes_from_its_step() -> None:
    # Held on 14/6, sent back on 20/6 (date held cleared), held again on 25/6.
    steps = [*STEPS[:4],
             Step(State.HELD, State.PERSONNEL_PLAN_APPROVED, D(2010, 6, 20)),
             Step(State.PERSONNEL_PLAN_APPROVED, State.HELD, D(2010, 6, 25))]
    assert standing(State.HELD, steps, D(2010, 6, 25), D(2010, 6, 18), DUE).held_on \
        == D(2010, 6, 14)
    assert standing(State.HELD, steps, D(2010, 6, 25), D(2010, 6, 22), DUE).state \
        == State.PERSONNEL_PLAN_APPROVED
    assert standing(State.HELD, steps, D(2010, 6, 25), D(2010, 6, 30), DUE).held_on \
        == D(2010, 6, 25)


def test_a_congress_without_recorded_steps_is_taken_as_it_stands() -> None:
    s = standing(State.HELD, [], D(2010, 5, 2), D(2010, 7, 5), DUE)
    assert (s.state, s.held_on) == (State.HELD, D(2010, 5, 2))


def test_a_running_campaign_is_seen_as_of_today() -> None:
    when = as_of(today=D(2026, 3, 1), end=D(2026, 8, 10))
    assert (when.day, when.judged) == (D(2026, 3, 1), D(2026, 3, 1))
    assert (when.finished, when.chosen) == (False, False)


def test_a_finished_campaign_is_seen_in_its_final_state_judged_at_its_end() -> None:
    when = as_of(today=D(2026, 12, 2), end=D(2010, 8, 10))
    # Every recorded step counts (a late report too), lateness is judged at the end.
    assert (when.day, when.judged) == (D(2026, 12, 2), D(2010, 8, 10))
    assert (when.finished, when.chosen) == (True, False)


def test_the_final_state_judged_at_the_end_never_counts_days_to_the_clock() -> None:
    s = standing(State.HELD, STEPS[:4], D(2010, 6, 14), D(2026, 12, 2), DUE,
                 judged=D(2010, 8, 10))
    assert [o.days_late for o in s.late] == [31]


def test_a_chosen_day_wins() -> None:
    when = as_of(today=D(2026, 12, 2), end=D(2010, 8, 10), chosen=D(2010, 5, 1))
    assert (when.day, when.judged) == (D(2010, 5, 1), D(2010, 5, 1))
    assert (when.finished, when.chosen) == (True, True)


def test_the_end_of_a_campaign_is_its_superiors_congress_else_its_last_due_date() -> None:
    assert campaign_end(D(2010, 8, 10), D(2010, 7, 10), D(2010, 6, 30)) == D(2010, 8, 10)
    assert campaign_end(None, D(2010, 7, 10), D(2010, 6, 30)) == D(2010, 7, 10)
    assert campaign_end(None, None, D(2010, 6, 30)) == D(2010, 6, 30)


def test_the_tally_counts_each_figure_once_from_the_states() -> None:
    day = D(2010, 8, 10)
    items = [
        standing(State.RESULTS_APPROVED, [], D(2010, 5, 2), day, DUE, "members"),
        standing(State.RESULTS_REPORTED, [], D(2010, 6, 30), day, DUE, "delegates"),
        standing(State.HELD, [], D(2010, 7, 2), day, DUE, "members"),  # late, not reported
        standing(State.COMMENTS_GIVEN, [], None, day, DUE, "members"),
    ]
    t = tally(items, D(2010, 6, 30), day)
    assert (t.total, t.held, t.held_on_time, t.held_late, t.not_held) == (4, 3, 2, 1, 1)
    assert (t.results_reported, t.results_approved, t.held_not_reported) == (2, 1, 1)
    assert t.overdue == 2
    assert t.overdue_by_milestone[Milestone.RESULTS] == 2
    assert t.overdue_by_milestone[Milestone.PERSONNEL_PLAN] == 1
    assert (t.members, t.delegates) == (3, 1)
    data = t.as_dict()
    assert data["by_state"] == {"preparing": 0, "documents_submitted": 0, "comments_given": 1,
                                "personnel_plan_approved": 0, "held": 1,
                                "results_reported": 1, "results_approved": 1}
    assert data["as_of"] == "2010-08-10"


def test_any_milestone_matches_a_congress_late_on_one_or_more() -> None:
    late = standing(State.COMMENTS_GIVEN, [], None, D(2010, 4, 5), DUE)
    on_time = standing(State.PERSONNEL_PLAN_APPROVED, [], None, D(2010, 4, 5), DUE)
    assert late.matches_late(ANY_MILESTONE)
    assert late.matches_late("personnel_plan")
    assert not late.matches_late("documents")
    assert not on_time.matches_late(ANY_MILESTONE)
    assert isinstance(on_time, Standing)


def test_a_record_without_steps_was_not_held_before_its_date_held() -> None:
    s = standing(State.RESULTS_APPROVED, [], D(2010, 6, 12), D(2010, 5, 25), DUE)
    assert (s.state, s.held_on, s.held) == (State.PERSONNEL_PLAN_APPROVED, None, False)


def test_the_computation_and_the_report_roll_up_import_without_django() -> None:
    """Pure: a roll-up over several campaigns or levels can reuse them anywhere."""
    code = (
        "import sys; sys.modules['django'] = None\n"
        "import daihoi.campaigns.standing, daihoi.reports.rollup\n"
        "assert not any(m == 'django' or m.startswith('django.') for m in sys.modules"
        " if sys.modules[m] is not None)\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


_days = st.integers(min_value=0, max_value=200).map(lambda n: D(2010, 1, 1) + dt.timedelta(n))


@given(gaps=st.lists(st.integers(min_value=0, max_value=30), min_size=0, max_size=6),
       day=_days)
def test_the_state_on_a_day_is_the_last_step_taken_by_then(gaps: list[int],
                                                           day: dt.date) -> None:
    """Forward steps on non-decreasing days: on any day the congress is in the state of the
    last step dated on or before it (or preparing), held exactly from its date held."""
    order = list(State)
    on = D(2010, 1, 1)
    steps = []
    for i, gap in enumerate(gaps):
        on += dt.timedelta(gap)
        steps.append(Step(order[i], order[i + 1], on))
    current = order[len(steps)]
    held_on = next((s.on for s in steps if s.to_state == State.HELD), None)
    s = standing(current, steps, held_on, day, DUE)
    expected = next((x.to_state for x in reversed(steps) if x.on <= day), State.PREPARING)
    assert s.state == expected
    assert s.held == (held_on is not None and held_on <= day)
    assert s.held_on == (held_on if s.held else None)


@given(st.lists(st.tuples(st.sampled_from(list(State)), st.one_of(st.none(), _days),
                          st.sampled_from(["members", "delegates"])), max_size=30),
       _days)
def test_the_figures_always_add_up(items: list[tuple[State, dt.date | None, str]],
                                   day: dt.date) -> None:
    standings = [standing(state, [], held_on, day, DUE, kind) for state, held_on, kind in items]
    t = tally(standings, D(2010, 6, 30), day)
    assert t.held + t.not_held == t.total == sum(t.by_state.values())
    assert t.held_on_time + t.held_late == t.held
    assert t.results_reported + t.held_not_reported <= t.held
    assert t.results_approved <= t.results_reported
    assert t.members + t.delegates == t.total
    assert max(t.overdue_by_milestone.values(), default=0) <= t.overdue <= t.total
