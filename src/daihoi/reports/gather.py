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

from daihoi.campaigns.models import CadreTransfer, Campaign, Congress, CongressDocument, PlanEntry
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
        targets={"women": campaign.target_women, "under35": campaign.target_under35,
                 "minorities": campaign.target_minorities,
                 "new_members": campaign.target_new_members})


def congress_facts(campaign: Campaign) -> list[CongressFacts]:
    congresses = list(
        Congress.objects.filter(campaign=campaign)
        .order_by("organization__path")
        .values("id", "organization_id", "organization__code", "organization__name",
                "organization__kind", "kind", "state", "planned_date", "held_on"))
    docs: dict[int, tuple[int, int]] = {
        r["congress_id"]: (r["n"], r["c"])
        for r in CongressDocument.objects.filter(congress__campaign=campaign)
        .values("congress_id")
        .annotate(n=Count("id", distinct=True),
                  c=Count("comments", filter=Q(comments__parent__isnull=True), distinct=True))
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
        plan_size[cid] = (e["plan__committee_size"], e["plan__approved_at"] is not None)
        person = _person(e, "member__")
        if e["position"] in COMMITTEE_POSITIONS:
            if not any(p.member_id == person.member_id for p in committee[cid]):
                committee[cid].append(person)
            if e["new_to_committee"] and person not in new[cid]:
                new[cid].append(person)
        elif e["position"] == "backup":
            backups[cid].append(person)
    transfers: dict[int, list[TransferFacts]] = defaultdict(list)
    for t in (CadreTransfer.objects.filter(congress__campaign=campaign)
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
                                           organization_id__in=org_ids))
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
    # The last certified result, also while the board has reopened it to correct it: the
    # superior sees the certified version only.
    certified = Election.objects.filter(
        Q(status=ElectionStatus.CERTIFIED) | Q(certifications__isnull=False),
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
        out.append(CongressFacts(
            code=c["organization__code"], name=c["organization__name"],
            org_kind=c["organization__kind"], congress_kind=c["kind"], state=c["state"],
            planned_date=c["planned_date"], held_on=c["held_on"], documents=n_docs,
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


def rollup_for(campaign: Campaign, today: dt.date) -> Rollup:
    """The roll-up of ``campaign`` (its ``superior`` and the superior's ``parent`` should be
    loaded with ``select_related``)."""
    return build(campaign_facts(campaign), congress_facts(campaign), today)


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
