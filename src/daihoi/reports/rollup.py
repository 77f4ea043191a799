"""The campaign roll-up, computed from plain values: no Django import here.

``gather.py`` reads the database into the ``*Facts`` dataclasses below in a constant number
of queries; ``build`` turns them into a ``Rollup``; the prose, the charts and the documents
read only the ``Rollup``.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal

from daihoi.campaigns.standing import Standing, Tally, tally
from daihoi.campaigns.workflow import Overdue, State
from daihoi.lib.figures import age_on, percent

MAJORITY_ETHNICITY = "Kinh"
FIGURE_KEYS = ("women", "under35", "minorities", "new_members", "reelected")


def name_key(name: str) -> str:
    """A person's name as compared between a plan and a ballot: NFC, single spaces, casefold."""
    return " ".join(unicodedata.normalize("NFC", name).split()).casefold()


# ---------------------------------------------------------------- the plain inputs


@dataclass(frozen=True)
class PersonFacts:
    """A person as the report needs them. ``member_id`` is None for a name typed on a list
    with no member record; then the other fields are unknown (None / "")."""

    name: str
    member_id: int | None = None
    female: bool | None = None
    born: dt.date | None = None
    ethnicity: str = ""
    education: str = ""
    theory: str = ""

    def same_as(self, other: PersonFacts) -> bool:
        if self.member_id is not None and other.member_id is not None:
            return self.member_id == other.member_id
        return name_key(self.name) == name_key(other.name)


@dataclass(frozen=True)
class TransferFacts:
    person: PersonFacts
    from_org: str
    intended_position: str
    transferred_on: dt.date


@dataclass(frozen=True)
class CongressFacts:
    """One congress as it stood on the report's day: ``state``, ``held_on`` and ``late`` come
    from ``daihoi.campaigns.standing.standing`` (the dashboard's own computation)."""

    code: str
    name: str
    org_kind: str  # the organisation's kind (grassroots_committee, grassroots_branch ...)
    congress_kind: str  # members / delegates
    state: str
    planned_date: dt.date | None = None
    held_on: dt.date | None = None
    late: tuple[Overdue, ...] = ()
    documents: int = 0  # document versions submitted
    comments: int = 0  # the superior's comments on them
    plan_approved: bool = False
    plan_size: int | None = None
    plan_committee: tuple[PersonFacts, ...] = ()
    plan_new: tuple[PersonFacts, ...] = ()  # plan names marked new to the committee
    plan_backups: tuple[PersonFacts, ...] = ()
    # None: no certified committee election yet.
    elected_committee: tuple[PersonFacts, ...] | None = None
    secretary_direct: PersonFacts | None = None
    delegates: tuple[PersonFacts, ...] = ()
    alternates: tuple[PersonFacts, ...] = ()
    transfers: tuple[TransferFacts, ...] = ()

    @property
    def standing(self) -> Standing:
        return Standing(State(self.state), self.held_on, self.late, self.congress_kind)

    @property
    def held(self) -> bool:
        return self.standing.held


@dataclass(frozen=True)
class CampaignFacts:
    name: str
    superior_name: str
    superior_parent_name: str
    superior_kind: str
    term_start: int
    term_end: int
    plan_number: str
    plan_date: dt.date
    directives: tuple[str, ...]
    deadline: dt.date
    superior_congress_date: dt.date | None
    targets: dict[str, Decimal]
    results_due: dt.date | None = None


# ---------------------------------------------------------------- the roll-up


@dataclass(frozen=True)
class Figure:
    key: str
    count: int
    percent: Decimal
    target: Decimal | None

    @property
    def meets_target(self) -> bool | None:
        return None if self.target is None else self.percent >= self.target


@dataclass(frozen=True)
class KindRow:
    org_kind: str
    total: int
    held: int
    on_time: int
    late: int
    reported: int = 0  # results reported to the superior (or approved)
    held_not_reported: int = 0


@dataclass(frozen=True)
class TransferOutcome:
    name: str
    from_org: str
    to_code: str
    to_name: str
    intended_position: str
    # None while the congress has no certified committee result.
    elected: bool | None


@dataclass(frozen=True)
class OrgRow:
    code: str
    name: str
    org_kind: str
    congress_kind: str
    state: str
    planned_date: dt.date | None
    held_on: dt.date | None
    held: bool
    on_time: bool
    reported: bool
    late_milestones: tuple[str, ...]  # milestones overdue on the day (workflow values)
    documents: int
    comments: int
    plan_approved: bool
    plan_size: int | None
    elected_size: int | None
    # "as_planned", "deviation", "no_plan" (elected without an approved plan), "pending"
    outcome: str
    not_elected: tuple[str, ...]
    unplanned: tuple[str, ...]
    backups_used: tuple[str, ...]
    figures: tuple[Figure, ...]
    secretary_direct: str
    delegates: int
    alternates: int
    transfers: int
    transfers_elected: int


@dataclass(frozen=True)
class Rollup:
    campaign: CampaignFacts
    # The day the report is as of (``daihoi.campaigns.standing.as_of``): today for a running
    # campaign, its end for a finished one, or the day the user chose. The report is dated so.
    today: dt.date
    organizations: int
    held: int
    held_by_deadline: int
    held_late: int
    not_held: int
    held_by_deadline_percent: Decimal
    by_kind: tuple[KindRow, ...]
    documents_submitted: int
    documents_commented: int
    with_result: int
    as_planned: int
    deviations: int
    no_plan: int
    backup_plans_used: int
    committee_members: int
    figures: tuple[Figure, ...]
    education: tuple[tuple[str, int], ...]
    theory: tuple[tuple[str, int], ...]
    secretaries_direct: int
    transfers: tuple[TransferOutcome, ...]
    cadres_transferred: int
    cadres_elected: int
    cadres_pending: int
    delegates: int
    alternates: int
    rows: tuple[OrgRow, ...]
    # (date, congresses held by that date), one point per date a congress was held.
    progress: tuple[tuple[dt.date, int], ...] = field(default=())
    # The campaign's figures on the day, counted as the dashboard counts them.
    tally: Tally | None = None

    @property
    def results_reported(self) -> int:
        return self.tally.results_reported if self.tally else 0

    @property
    def results_approved(self) -> int:
        return self.tally.results_approved if self.tally else 0

    @property
    def held_not_reported(self) -> int:
        return self.tally.held_not_reported if self.tally else 0

    @property
    def overdue(self) -> int:
        return self.tally.overdue if self.tally else 0

    @property
    def held_not_reported_rows(self) -> list[OrgRow]:
        return [r for r in self.rows if r.held and not r.reported]

    @property
    def late_rows(self) -> list[OrgRow]:
        return [r for r in self.rows if r.held and not r.on_time]

    @property
    def not_held_rows(self) -> list[OrgRow]:
        return [r for r in self.rows if not r.held]

    @property
    def deviation_rows(self) -> list[OrgRow]:
        return [r for r in self.rows if r.outcome == "deviation"]

    @property
    def backup_rows(self) -> list[OrgRow]:
        return [r for r in self.rows if r.backups_used]

    @property
    def pending_rows(self) -> list[OrgRow]:
        return [r for r in self.rows if r.held and r.outcome == "pending"]

    def figure(self, key: str) -> Figure:
        return next(f for f in self.figures if f.key == key)


def _contains(people: tuple[PersonFacts, ...], person: PersonFacts) -> bool:
    return any(p.same_as(person) for p in people)


def _find(people: tuple[PersonFacts, ...], person: PersonFacts) -> PersonFacts | None:
    return next((p for p in people if p.same_as(person)), None)


def _enrich(elected: tuple[PersonFacts, ...], known: tuple[PersonFacts, ...]
            ) -> tuple[PersonFacts, ...]:
    """An elected name typed without a member record takes the plan's record of that name."""
    out = []
    for person in elected:
        if person.member_id is None:
            person = _find(known, person) or person
        out.append(person)
    return tuple(out)


def _counts(people: tuple[PersonFacts, ...], on: dt.date | None,
            new: tuple[PersonFacts, ...], plan: tuple[PersonFacts, ...]) -> dict[str, int]:
    def is_new(p: PersonFacts) -> bool:
        # New: marked new in the plan, or elected from outside the plan.
        return _contains(new, p) or not _contains(plan, p)

    n_new = sum(is_new(p) for p in people)
    return {
        "women": sum(p.female is True for p in people),
        "under35": sum(p.born is not None and on is not None and age_on(p.born, on) < 35
                       for p in people),
        "minorities": sum(bool(p.ethnicity.strip())
                          and p.ethnicity.strip() != MAJORITY_ETHNICITY for p in people),
        "new_members": n_new,
        "reelected": len(people) - n_new,
    }


def _figures(counts: dict[str, int], total: int, targets: dict[str, Decimal]
             ) -> tuple[Figure, ...]:
    return tuple(Figure(k, counts.get(k, 0), percent(counts.get(k, 0), total), targets.get(k))
                 for k in FIGURE_KEYS)


def _row(c: CongressFacts, deadline: dt.date, targets: dict[str, Decimal]
         ) -> tuple[OrgRow, tuple[PersonFacts, ...], dict[str, int]]:
    plan = c.plan_committee if c.plan_approved else ()
    backups = tuple(b for b in c.plan_backups if not _contains(plan, b)) if c.plan_approved \
        else ()
    elected: tuple[PersonFacts, ...] = ()
    not_elected: tuple[str, ...] = ()
    unplanned: tuple[str, ...] = ()
    used: tuple[str, ...] = ()
    if c.elected_committee is None:
        outcome = "pending"
    else:
        elected = _enrich(c.elected_committee, plan + backups + tuple(
            t.person for t in c.transfers))
        if not plan:
            outcome = "no_plan"
        else:
            not_elected = tuple(p.name for p in plan if not _contains(elected, p))
            unplanned = tuple(p.name for p in elected if not _contains(plan, p))
            outcome = "deviation" if not_elected or unplanned else "as_planned"
        used = tuple(p.name for p in elected if _contains(backups, p))
    counts = _counts(elected, c.held_on, c.plan_new, plan)
    transfers_elected = sum(_contains(elected, t.person) for t in c.transfers)
    standing = c.standing
    row = OrgRow(
        code=c.code, name=c.name, org_kind=c.org_kind, congress_kind=c.congress_kind,
        state=c.state, planned_date=c.planned_date, held_on=c.held_on, held=standing.held,
        on_time=standing.on_time(deadline), reported=standing.reported,
        late_milestones=tuple(o.milestone.value for o in c.late),
        documents=c.documents, comments=c.comments, plan_approved=c.plan_approved,
        plan_size=c.plan_size,
        elected_size=None if c.elected_committee is None else len(elected),
        outcome=outcome, not_elected=not_elected, unplanned=unplanned, backups_used=used,
        figures=_figures(counts, len(elected), targets),
        secretary_direct=c.secretary_direct.name if c.secretary_direct else "",
        delegates=len(c.delegates), alternates=len(c.alternates),
        transfers=len(c.transfers), transfers_elected=transfers_elected)
    return row, elected, counts


def _levels(people: list[PersonFacts], attr: str) -> tuple[tuple[str, int], ...]:
    counter = Counter(getattr(p, attr).strip() or "" for p in people)
    return tuple(sorted(counter.items(), key=lambda kv: (-kv[1], kv[0])))


def build(campaign: CampaignFacts, congresses: list[CongressFacts], today: dt.date) -> Rollup:
    deadline = campaign.deadline
    targets = campaign.targets
    rows: list[OrgRow] = []
    everyone: list[PersonFacts] = []
    totals: Counter[str] = Counter()
    transfers: list[TransferOutcome] = []
    for c in congresses:
        row, elected, counts = _row(c, deadline, targets)
        rows.append(row)
        everyone.extend(elected)
        totals.update(counts)
        for t in c.transfers:
            transfers.append(TransferOutcome(
                name=t.person.name, from_org=t.from_org, to_code=c.code, to_name=c.name,
                intended_position=t.intended_position,
                elected=None if c.elected_committee is None
                else _contains(elected, t.person)))
    # Every count of congresses by state comes from ``tally``, as on the dashboard.
    kinds: dict[str, list[CongressFacts]] = {}
    for c in congresses:
        kinds.setdefault(c.org_kind, []).append(c)
    by_kind = []
    for kind, cs in sorted(kinds.items()):
        k = tally([c.standing for c in cs], deadline, today)
        by_kind.append(KindRow(kind, k.total, k.held, k.held_on_time, k.held_late,
                               k.results_reported, k.held_not_reported))
    states = tally([c.standing for c in congresses], deadline, today)
    held_days = sorted(r.held_on for r in rows if r.held and r.held_on is not None)
    progress: list[tuple[dt.date, int]] = []
    for i, day in enumerate(held_days, 1):
        if progress and progress[-1][0] == day:
            progress[-1] = (day, i)
        else:
            progress.append((day, i))
    return Rollup(
        campaign=campaign, today=today, organizations=states.total, held=states.held,
        held_by_deadline=states.held_on_time, held_late=states.held_late,
        not_held=states.not_held,
        held_by_deadline_percent=percent(states.held_on_time, states.total),
        by_kind=tuple(by_kind),
        documents_submitted=sum(r.documents > 0 for r in rows),
        documents_commented=sum(r.comments > 0 for r in rows),
        with_result=sum(r.elected_size is not None for r in rows),
        as_planned=sum(r.outcome == "as_planned" for r in rows),
        deviations=sum(r.outcome == "deviation" for r in rows),
        no_plan=sum(r.outcome == "no_plan" for r in rows),
        backup_plans_used=sum(bool(r.backups_used) for r in rows),
        committee_members=len(everyone),
        figures=_figures(dict(totals), len(everyone), targets),
        education=_levels(everyone, "education"), theory=_levels(everyone, "theory"),
        secretaries_direct=sum(bool(r.secretary_direct) for r in rows),
        transfers=tuple(transfers), cadres_transferred=len(transfers),
        cadres_elected=sum(t.elected is True for t in transfers),
        cadres_pending=sum(t.elected is None for t in transfers),
        delegates=sum(r.delegates for r in rows), alternates=sum(r.alternates for r in rows),
        rows=tuple(rows), progress=tuple(progress), tally=states)
