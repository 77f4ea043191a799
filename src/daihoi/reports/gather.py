"""Reading one campaign from the database into the roll-up's plain values.

A constant number of queries whatever the number of congresses (pinned in
tests/reports/test_queries.py): the campaign's congresses, document and comment counts, plan
entries, transfers, congress days, certified elections with their results, and their
candidates.

Who was elected is read from the result document stored with each certified election
(``Election.result``), the engine's result at the moment the counting board certified it: the
report never recounts ballots and never decides who is elected.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import Any

from django.db.models import Count, Q
from django.utils import timezone

from daihoi.campaigns.models import CadreTransfer, Campaign, Congress, CongressDocument, PlanEntry
from daihoi.campaigns.standing import AsOf, standing
from daihoi.campaigns.status import campaign_as_of, steps_of
from daihoi.campaigns.workflow import State
from daihoi.congress.models import Candidate, CongressDay, Election, ElectionStatus
from daihoi.reports.rollup import (
    CampaignFacts,
    CongressFacts,
    PersonFacts,
    Rollup,
    TransferFacts,
    build,
)

COMMITTEE_POSITIONS = ("committee", "standing", "secretary", "deputy")
MEMBER_FIELDS = ("full_name", "gender", "date_of_birth", "ethnicity", "education",
                 "theory_level")


def _person(row: dict[str, Any], prefix: str, name: str = "") -> PersonFacts:
    member_id = row.get(f"{prefix}id")
    if member_id is None:
        return PersonFacts(name=name)
    return PersonFacts(
        name=name or row[f"{prefix}full_name"], member_id=member_id,
        female=row[f"{prefix}gender"] == "female", born=row[f"{prefix}date_of_birth"],
        ethnicity=row[f"{prefix}ethnicity"] or "", education=row[f"{prefix}education"] or "",
        theory=row[f"{prefix}theory_level"] or "")


def _member_values(prefix: str) -> list[str]:
    return [f"{prefix}id", *(f"{prefix}{f}" for f in MEMBER_FIELDS)]


def campaign_facts(campaign: Campaign) -> CampaignFacts:
    superior = campaign.superior
    parent = superior.parent
    return CampaignFacts(
        name=campaign.name, superior_name=superior.name,
        superior_parent_name=parent.name if parent is not None else "",
        superior_kind=superior.kind, term_start=campaign.term_start, term_end=campaign.term_end,
        plan_number=campaign.plan_number, plan_date=campaign.plan_date,
        directives=tuple(campaign.directive_list()), deadline=campaign.subordinate_deadline,
        superior_congress_date=campaign.superior_congress_date,
        results_due=campaign.results_due,
        targets={"women": campaign.target_women, "under35": campaign.target_under35,
                 "minorities": campaign.target_minorities,
                 "new_members": campaign.target_new_members})


def _end_of(day: dt.date) -> dt.datetime:
    """The first moment after ``day`` (local time): records before it existed on the day."""
    return dt.datetime.combine(day + dt.timedelta(days=1), dt.time(),
                               tzinfo=timezone.get_current_timezone())


def congress_facts(campaign: Campaign, day: dt.date,
                   judged: dt.date | None = None) -> list[CongressFacts]:
    """Each congress as it stood on ``day``: its state, date held and late milestones (judged
    on ``judged``, by default ``day``) from ``standing``, as on the dashboard; documents,
    comments, approvals, transfers, congress days and certified results recorded by then."""
    limit = _end_of(day)
    due = campaign.milestone_dates()
    steps = steps_of(campaign)
    congresses = list(
        Congress.objects.filter(campaign=campaign)
        .order_by("organization__path")
        .values("id", "organization_id", "organization__code", "organization__name",
                "organization__kind", "kind", "state", "planned_date", "held_on"))
    docs: dict[int, tuple[int, int]] = {
        r["congress_id"]: (r["n"], r["c"])
        for r in CongressDocument.objects.filter(congress__campaign=campaign,
                                                 uploaded_at__lt=limit)
        .values("congress_id")
        .annotate(n=Count("id", distinct=True),
                  c=Count("comments", filter=Q(comments__parent__isnull=True,
                                               comments__created_at__lt=limit),
                          distinct=True))
    }
    plan_size: dict[int, tuple[int, bool]] = {}
    committee: dict[int, list[PersonFacts]] = defaultdict(list)
    new: dict[int, list[PersonFacts]] = defaultdict(list)
    backups: dict[int, list[PersonFacts]] = defaultdict(list)
    entries = (PlanEntry.objects.filter(plan__congress__campaign=campaign)
               .order_by("plan_id", "position", "member__sort_key")
               .values("plan__congress_id", "plan__committee_size", "plan__approved_at",
                       "position", "new_to_committee", *_member_values("member__")))
    for e in entries:
        cid = e["plan__congress_id"]
        approved_at = e["plan__approved_at"]
        plan_size[cid] = (e["plan__committee_size"],
                          approved_at is not None and approved_at < limit)
        person = _person(e, "member__")
        if e["position"] in COMMITTEE_POSITIONS:
            if not any(p.member_id == person.member_id for p in committee[cid]):
                committee[cid].append(person)
            if e["new_to_committee"] and person not in new[cid]:
                new[cid].append(person)
        elif e["position"] == "backup":
            backups[cid].append(person)
    transfers: dict[int, list[TransferFacts]] = defaultdict(list)
    for t in (CadreTransfer.objects.filter(congress__campaign=campaign, transferred_on__lte=day)
              .order_by("transferred_on", "id")
              .values("congress_id", "from_org__name", "intended_position", "transferred_on",
                      *_member_values("member__"))):
        transfers[t["congress_id"]].append(TransferFacts(
            person=_person(t, "member__"), from_org=t["from_org__name"],
            intended_position=t["intended_position"], transferred_on=t["transferred_on"]))

    # The congress days: linked by campaign_congress_id, or (unlinked) by organisation.
    by_id = {c["id"]: c for c in congresses}
    by_org = {c["organization_id"]: c["id"] for c in congresses}
    org_ids = Congress.objects.filter(campaign=campaign).values("organization_id")
    day_of: dict[int, int] = {}
    day_date: dict[int, dt.date] = {}
    days = (CongressDay.objects.filter(Q(campaign_congress_id__in=list(by_id) or [0])
                                       | Q(campaign_congress_id__isnull=True,
                                           organization_id__in=org_ids), held_on__lte=day)
            .order_by("held_on", "id")
            .values_list("id", "organization_id", "campaign_congress_id", "held_on"))
    for day_id, org_id, linked, held_on in days:
        cid = linked if linked in by_id else by_org.get(org_id) if linked is None else None
        if cid is None:
            continue
        previous = day_of.get(cid)
        # A linked day wins over an unlinked one; otherwise the latest day.
        if previous is None or linked is not None or day_date[previous] <= held_on:
            day_of[cid] = day_id
            day_date[day_id] = held_on
    congress_of_day = {d: c for c, d in day_of.items()}
    # The last certified result as of the report's day, also while the board has reopened it
    # to correct it: the superior sees the certified version only.
    certified = Election.objects.filter(
        Q(status=ElectionStatus.CERTIFIED) | Q(certifications__isnull=False),
        Q(certified_at__isnull=True) | Q(certified_at__lt=limit),
        congress_id__in=list(congress_of_day) or [0], result__isnull=False).distinct()
    elections: dict[int, tuple[int, str]] = {}
    numbers: dict[str, list[str]] = {}
    for e_id, day_id, body, result in certified.values_list("id", "congress_id", "body",
                                                             "result"):
        elections[e_id] = (day_id, body)
        elected_ids = result.get("elected") if isinstance(result, dict) else None
        numbers[str(e_id)] = [str(e) for e in elected_ids] if isinstance(elected_ids, list) \
            else []
    candidates: dict[int, dict[str, PersonFacts]] = defaultdict(dict)
    for cand in (Candidate.objects.filter(election__in=certified, withdrawn=False)
                 .values("election_id", "number", "full_name", *_member_values("member__"))):
        candidates[cand["election_id"]][str(cand["number"])] = _person(
            cand, "member__", cand["full_name"])
    elected: dict[tuple[int, str], list[PersonFacts]] = defaultdict(list)
    for e_id, (day_id, body) in sorted(elections.items()):
        cid = congress_of_day[day_id]
        people = elected[(cid, body)]
        for number in numbers.get(str(e_id), []):
            found = candidates[e_id].get(number)
            if found is not None and not any(p.same_as(found) for p in people):
                people.append(found)
    bodies = {(congress_of_day[d], b) for d, b in elections.values()}

    out = []
    for c in congresses:
        cid = c["id"]
        size, approved = plan_size.get(cid, (None, False))
        n_docs, n_comments = docs.get(cid, (0, 0))
        secretary = elected.get((cid, "secretary"), [])
        now = standing(State(c["state"]), steps.get(cid, []), c["held_on"], day, due, c["kind"],
                       judged)
        out.append(CongressFacts(
            code=c["organization__code"], name=c["organization__name"],
            org_kind=c["organization__kind"], congress_kind=c["kind"], state=now.state.value,
            planned_date=c["planned_date"], held_on=now.held_on, late=now.late,
            documents=n_docs,
            comments=n_comments, plan_approved=approved, plan_size=size,
            plan_committee=tuple(committee[cid]), plan_new=tuple(new[cid]),
            plan_backups=tuple(backups[cid]),
            elected_committee=tuple(elected[(cid, "committee")])
            if (cid, "committee") in bodies else None,
            secretary_direct=secretary[0] if secretary else None,
            delegates=tuple(elected.get((cid, "delegates"), [])),
            alternates=tuple(elected.get((cid, "alternate_delegates"), [])),
            transfers=tuple(transfers[cid])))
    return out


def rollup_for(campaign: Campaign, when: AsOf | dt.date | None = None) -> Rollup:
    """The roll-up of ``campaign`` as it stood on ``when`` (a day, or by default what the
    dashboard shows: today for a running campaign, the final state judged at its end for a
    finished one). The report is dated by the judging day. Its ``superior`` and the
    superior's ``parent`` should be loaded with ``select_related``."""
    if when is None:
        when = campaign_as_of(campaign)
    day, judged = (when.day, when.judged) if isinstance(when, AsOf) else (when, when)
    return build(campaign_facts(campaign), congress_facts(campaign, day, judged), judged)


class CodeError(ValueError):
    """A campaign code that names no campaign."""


def find_campaign(code: str) -> Campaign:
    """The campaign named by ``ORGCODE`` (that organisation's latest campaign) or
    ``ORGCODE:START-END`` (its campaign for that term), e.g. ``LS-TP:2010-2015``."""
    org_code, _, term = code.strip().partition(":")
    qs = Campaign.objects.select_related("superior", "superior__parent").filter(
        superior__code=org_code)
    if term:
        start, dash, end = term.replace("–", "-").partition("-")
        if not (dash and start.isdigit() and end.isdigit()):
            raise CodeError(f"bad term {term!r}: write it as START-END, e.g. 2010-2015")
        qs = qs.filter(term_start=int(start), term_end=int(end))
    campaign = qs.order_by("-term_start", "-plan_date", "-pk").first()
    if campaign is None:
        raise CodeError(f"no campaign with code {code!r}")
    return campaign


def campaign_code(campaign: Campaign) -> str:
    return f"{campaign.superior.code}:{campaign.term_start}-{campaign.term_end}"
