"""Demo step 3: the sixty congresses of 2010 held, counted and reported.

Every congress gets its roster with attendance, a counting board, its committee election with
ballot-level data (one paper = one final ballot, in batches of 50) counted by the engine, and
for the largest organisations an election of delegates to the city congress. The results follow
the approved personnel plans: every planned name is elected and no backup is needed. Phường Chi
Lăng's committee election is keyed twice by the demo clerks (kiemphieu1, kiemphieu2), so its
entry log is complete. The campaign's congresses move on to held, results reported and (for the
earlier ones) results approved. Minutes are generated on demand. Idempotent.
"""

from __future__ import annotations

import datetime as dt
import random
import zlib
from typing import Any
from zoneinfo import ZoneInfo

from django.db import transaction
from django.utils import timezone

from daihoi.accounts.models import Role, User
from daihoi.audit.log import record
from daihoi.campaigns import actions as campaign_actions
from daihoi.campaigns.models import Campaign, Congress
from daihoi.congress import actions, counting, superior
from daihoi.congress.models import (
    AttendanceStatus,
    Attendee,
    AttendeeRole,
    Batch,
    BatchStatus,
    CandidateSource,
    Certification,
    CongressDay,
    CongressKind,
    Election,
    ElectionStatus,
    Entry,
    FinalBallot,
    KeyedBallot,
    WorkingBodyKind,
    WorkingBodySeat,
)
from daihoi.demo import Printer, register_step
from daihoi.demo.campaign2010 import PLAN_NUMBER
from daihoi.demo.foundation import CITY_CODE
from daihoi.election import result_document
from daihoi.lib.vietnamese import name_sort_string
from daihoi.orgs.models import Member, MemberStatus

TZ = ZoneInfo("Asia/Ho_Chi_Minh")
RULES = "party-2009"
BATCH = 50
KEYED_ORG = f"{CITY_CODE}-P-CL"  # the congress keyed twice by the demo clerks
APPROVED_BEFORE = dt.date(2010, 6, 15)  # results of congresses before this date are approved
REPORT_ONLY_AFTER = dt.date(2010, 6, 24)  # the last few: held, not yet reported


def _at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, hour, minute, tzinfo=TZ)


def _statuses(n: int, rng: random.Random) -> list[str]:
    out: list[str] = []
    for _ in range(n):
        roll = rng.random()
        out.append(AttendanceStatus.PRESENT if roll < 0.93
                   else AttendanceStatus.ABSENT_APPROVED if roll < 0.975
                   else AttendanceStatus.TEMPORARILY_TRANSFERRED if roll < 0.985
                   else AttendanceStatus.ABSENT)
    return out


def _ballots(n_voters: int, seats: int, plan: int, n_names: int,
             rng: random.Random) -> list[str]:
    """What the papers say: planned names (numbers in ``plan_numbers``) mostly kept, the
    surplus names mostly struck; a few invalid papers."""
    out = []
    for _ in range(n_voters):
        if rng.random() < 0.012:
            out.append(rng.choice(["!other_mark", "!not_issued"]))
            continue
        numbers = list(range(1, n_names + 1))
        kept = [n for n in numbers[:plan] if rng.random() < 0.9]
        kept += [n for n in numbers[plan:] if rng.random() < 0.25]
        while len(kept) > seats:
            extra = [n for n in kept if n > plan]
            kept.remove(rng.choice(extra or kept))
        if not kept:
            kept = [1]
        out.append(" ".join(str(n) for n in numbers if n not in kept))
    return out


def _store_ballots(election: Election, contents: list[str], clerks: list[User],
                   day: dt.date) -> None:
    """Final batches of ``BATCH`` papers; with two clerks, each batch keyed by both."""
    finals: list[FinalBallot] = []
    keyed: list[KeyedBallot] = []
    for start in range(0, len(contents), BATCH):
        chunk = contents[start:start + BATCH]
        minute = 10 + start // BATCH * 4
        batch = Batch.objects.create(election=election, number=start // BATCH + 1,
                                     status=BatchStatus.FINAL, imported=not clerks,
                                     final_at=_at(day, 10, 0) + dt.timedelta(minutes=minute))
        finals.extend(FinalBallot(batch=batch, position=i, content=c)
                      for i, c in enumerate(chunk, 1))
        for clerk in clerks:
            entry = Entry.objects.create(batch=batch, clerk=clerk,
                                         submitted_at=batch.final_at)
            keyed.extend(KeyedBallot(entry=entry, position=i, content=c,
                                     idempotency_key=f"demo-{entry.pk}-{i}")
                         for i, c in enumerate(chunk, 1))
    FinalBallot.objects.bulk_create(finals, batch_size=2000)
    KeyedBallot.objects.bulk_create(keyed, batch_size=2000)
    # Every recorded time is the congress's own: the demo is loaded today, but its counting
    # happened on the day of each congress (the minutes print these times).
    Entry.objects.filter(batch__election=election).update(
        started_at=_at(day, 9, 40))
    Batch.objects.filter(election=election).update(created_at=_at(day, 9, 40))


def _election(congress: CongressDay, *, title: str, body: str, seats: int, plan: list[str],
              extras: list[str], voters: int, rng: random.Random, clerks: list[User],
              staff: User | None) -> Election:
    election = actions.do_create_election(congress, acting_user=staff, title=title, seats=seats,
                                          body=body, names=plan)
    for name in extras:  # the convening committee's surplus names
        actions.do_add_candidate(election, acting_user=staff, full_name=name,
                                 source=CandidateSource.COMMITTEE)
    actions.do_approve_list(election, acting_user=staff)
    if clerks:
        actions.do_assign_counters(election, acting_user=staff, users=clerks, head=clerks[0])
    numbers = {name: number or 0 for name, number in
               election.candidates.values_list("full_name", "number")}
    # Renumber the papers so that the planned names are the ones mostly kept.
    order = [numbers[n] for n in plan + extras]
    for attempt in range(5):
        raw = _ballots(voters, seats, len(plan), len(order), rng)
        contents = []
        for text in raw:
            if text.startswith("!"):
                contents.append(text)
                continue
            struck = sorted(order[int(t) - 1] for t in text.split())
            contents.append(" ".join(str(n) for n in struck))
        Election.objects.filter(pk=election.pk).update(ballots_issued=voters)
        election.refresh_from_db()
        Batch.objects.filter(election=election).delete()
        _store_ballots(election, contents, clerks, congress.held_on)
        result = counting.result_of(election)
        if result is not None and {str(numbers[n]) for n in plan} == set(result.elected):
            break
        if attempt == 4:
            raise RuntimeError(f"demo ballots of {congress} do not elect the plan")
    if result is None:  # the loop above raises before this can happen
        raise RuntimeError(f"demo election of {congress} has no result")
    document = result_document(result)
    convened, excluded = counting.roster_of(election)
    Election.objects.filter(pk=election.pk).update(
        status=ElectionStatus.CERTIFIED, counting_started_at=_at(congress.held_on, 9, 40),
        certified_at=_at(congress.held_on, 11, 30), result=document,
        roster_convened=convened, roster_excluded=excluded)
    # Certification 1, so that a correction of the demo result is numbered and replaces it.
    Certification.objects.create(election=election, number=1,
                                 certified_at=_at(congress.held_on, 11, 30),
                                 certified_by=staff,
                                 digest=actions.result_digest(document), result=document)
    election.refresh_from_db()
    return election


def _hold(camp: Congress, staff: User | None, keyed_clerks: list[User]) -> CongressDay:
    org = camp.organization
    rng = random.Random(zlib.crc32(f"congress-{org.code}".encode()))  # noqa: S311 - demo data
    day = camp.planned_date or dt.date(2010, 6, 1)
    delegates = camp.kind == "delegates"
    congress = actions.do_create_congress(
        acting_user=staff, organization=org, held_on=day, rules=RULES, term="2010–2015",
        kind=CongressKind.DELEGATES if delegates else CongressKind.MEMBERS,
        title=f"Đại hội {org.name} lần thứ {rng.randint(8, 16)}, nhiệm kỳ 2010–2015")
    CongressDay.objects.filter(pk=congress.pk).update(campaign_congress_id=camp.pk)
    congress.campaign_congress_id = camp.pk
    plan = superior.plan_names(congress)
    members = list(Member.objects.filter(organization__path__startswith=org.path,
                                         status=MemberStatus.OFFICIAL, active=True)
                   .order_by("sort_key", "id"))
    if delegates:
        # Delegates elected by the branches' congresses: about one for every three members,
        # the planned committee among them.
        n = max(len(members) // 3, len(plan) + 10)
        chosen = [m for m in members if m.full_name in plan]
        chosen += [m for m in members if m.full_name not in plan][: n - len(chosen)]
        Attendee.objects.bulk_create(
            Attendee(congress=congress, member=m, full_name=m.full_name,
                     sort_key=name_sort_string(m.full_name), role=AttendeeRole.DELEGATE)
            for m in chosen)
    people = list(congress.attendees.order_by("id"))
    for person, status in zip(people, _statuses(len(people), rng), strict=True):
        person.status = status
    for person in people:
        if person.full_name in plan:
            person.status = AttendanceStatus.PRESENT
    Attendee.objects.bulk_update(people, ["status"], batch_size=1000)
    present = [p for p in people if p.status == AttendanceStatus.PRESENT]
    seats = len(plan)
    n_extra = 1 if seats <= 5 else 2
    available = [p for p in present if p.full_name not in plan]
    board = available[: max(1, min(3, len(available) - n_extra))]
    WorkingBodySeat.objects.bulk_create(
        WorkingBodySeat(congress=congress, body=WorkingBodyKind.COUNTING_BOARD, attendee=p,
                        position=i) for i, p in enumerate(board))
    board_names = {p.full_name for p in board}
    outside = list(dict.fromkeys(p.full_name for p in present if p.full_name not in plan
                                 and p.full_name not in board_names))
    extras = rng.sample(outside[:40], n_extra)
    clerks = keyed_clerks if org.code == KEYED_ORG else []
    _election(congress, title="Bầu Ban Chấp hành", body="committee", seats=seats, plan=plan,
              extras=extras, voters=len(present), rng=rng, clerks=clerks, staff=staff)
    if delegates:
        seats_up = max(len(members) // 40, 5)
        pool = [n for n in outside if n not in extras]
        planned_up = plan[:2] + pool[: seats_up - 2]
        spare = pool[seats_up - 2: seats_up]
        _election(congress, title="Bầu đại biểu đi dự Đại hội Đảng bộ thành phố",
                  body="delegates", seats=seats_up, plan=planned_up, extras=spare,
                  voters=len(present), rng=rng, clerks=[], staff=staff)
    return congress


def _counted(path: str) -> list[Any]:
    """The elections, batches and entries written above, for the audit entry (its state)."""
    return [Election.objects.filter(congress__organization__path__startswith=path),
            Batch.objects.filter(election__congress__organization__path__startswith=path),
            Entry.objects.filter(batch__election__congress__organization__path__startswith=path)]


@register_step(30, "2010 congress days: rosters, ballots, results")
def load(progress: Printer | None) -> list[str]:
    campaign = Campaign.objects.filter(superior__code=CITY_CODE, plan_number=PLAN_NUMBER).first()
    if campaign is None:
        return []
    done = set(CongressDay.objects.exclude(campaign_congress_id=None)
               .values_list("campaign_congress_id", flat=True))
    staff = User.objects.filter(organization__code=CITY_CODE, role=Role.SUPERIOR_STAFF).first()
    clerks = list(User.objects.filter(organization__code=KEYED_ORG, role=Role.COUNTING_BOARD)
                  .order_by("username")[:2])
    held = 0
    camps = list(campaign.congresses.select_related("organization", "campaign")
                 .order_by("planned_date", "pk"))
    for camp in camps:
        if camp.pk in done or camp.state != "personnel_plan_approved":
            continue
        with transaction.atomic():
            congress = _hold(camp, staff, clerks if len(clerks) == 2 else [])
            day = congress.held_on
            campaign_actions.do_mark_congress_held(camp, acting_user=staff, held_on=day,
                                                   at=_at(day, 17))
            if day < REPORT_ONLY_AFTER:
                report_day = day + dt.timedelta(days=2)
                campaign_actions.do_report_results(camp, acting_user=staff,
                                                   at=_at(report_day, 9))
                CongressDay.objects.filter(pk=congress.pk).update(
                    reported_at=_at(report_day, 9))
                if day < APPROVED_BEFORE:
                    campaign_actions.do_approve_results(
                        camp, acting_user=staff, at=_at(day + dt.timedelta(days=10), 15))
            held += 1
    if held:
        record(acting_user=None, action="demo.congress_days", object_type="congress.congressday",
               object_repr="2010", changes={"congresses": held, "at": timezone.now()},
               also=_counted(campaign.superior.path))
    days = CongressDay.objects.filter(organization__path__startswith=campaign.superior.path)
    ballots = FinalBallot.objects.filter(batch__election__congress__in=days).count()
    return [f"ngày đại hội 2010: {days.count()} đại hội đã tổ chức, "
            f"{Election.objects.filter(congress__in=days).count()} cuộc bầu cử, "
            f"{ballots} phiếu bầu đã kiểm"]
