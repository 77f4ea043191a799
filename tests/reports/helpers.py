"""A small campaign built directly in the database: two congresses (the ward's and the
school's), approved personnel plans, certified committee elections (with the certification
record the congress app writes), delegates and one transferred cadre."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

from daihoi.campaigns import actions
from daihoi.campaigns.models import (
    CadreTransfer,
    Campaign,
    Comment,
    Congress,
    CongressDocument,
    PersonnelPlan,
    PlanEntry,
)
from daihoi.congress.models import Candidate, CongressDay, Election, ElectionStatus
from daihoi.orgs.models import Member
from tests.conftest import Tree, make_member

TODAY = dt.date(2010, 7, 15)
TZ = ZoneInfo("Asia/Ho_Chi_Minh")


def at(day: dt.date, hour: int = 9) -> dt.datetime:
    """A moment of a 2010 day: records are dated by their event, never by the clock."""
    return dt.datetime(day.year, day.month, day.day, hour, tzinfo=TZ)


@dataclass
class World:
    campaign: Campaign
    ward: Congress
    school: Congress
    people: dict[str, Member]
    cadre: Member


def certify(congress: Congress, body: str, elected: list[Member],
            others: list[Member] = ()) -> Election:  # type: ignore[assignment]
    day = CongressDay.objects.filter(campaign_congress_id=congress.pk).first()
    if day is None:
        day = CongressDay.objects.create(organization=congress.organization, title="Đại hội",
                                         held_on=congress.held_on or TODAY,
                                         campaign_congress_id=congress.pk)
    election = Election.objects.create(congress=day, body=body, title=body,
                                       seats=len(elected), status=ElectionStatus.CERTIFIED,
                                       certified_at=at(day.held_on, 11))
    numbers = []
    for i, m in enumerate([*elected, *others], 1):
        Candidate.objects.create(election=election, full_name=m.full_name, member=m, number=i)
        if m in elected:
            numbers.append(str(i))
    # The part of the stored result document that the report reads.
    Election.objects.filter(pk=election.pk).update(
        result={"format": "daihoi-result/1", "elected": numbers, "status": "complete"})
    return election


def plan(congress: Congress, committee: list[Member], *, secretary: Member,
         backups: list[Member] = (), new: list[Member] = ()) -> None:  # type: ignore[assignment]
    p = PersonnelPlan.objects.create(congress=congress, committee_size=len(committee),
                                     updated_at=at(dt.date(2010, 3, 20)),
                                     approved_at=at(dt.date(2010, 3, 25)))
    for m in committee:
        PlanEntry.objects.create(plan=p, member=m, position="committee",
                                 new_to_committee=m in new)
    PlanEntry.objects.create(plan=p, member=secretary, position="secretary")
    for m in backups:
        PlanEntry.objects.create(plan=p, member=m, position="backup")


def held(congress: Congress, day: dt.date, state: str = "results_approved") -> None:
    Congress.objects.filter(pk=congress.pk).update(state=state, held_on=day)
    congress.refresh_from_db()


def documents(congress: Congress, *, commented: bool = True) -> None:
    doc = CongressDocument.objects.create(
        congress=congress, doc_type="political_report", version=1, file="x.docx",
        original_name="x.docx", file_format="docx", size=1,
        uploaded_at=at(dt.date(2010, 2, 20)))
    if commented:
        Comment.objects.create(document=doc, body="Đồng ý", created_at=at(dt.date(2010, 3, 10)))


def build_world(tree: Tree, **extra: Any) -> World:
    campaign = actions.do_create_campaign(
        acting_user=None, superior=tree.city, name="Đại hội cơ sở nhiệm kỳ 2010–2015",
        term_start=2010, term_end=2015, plan_number="40-KH/TU", plan_date=dt.date(2009, 10, 30),
        directives="Chỉ thị 37-CT/TW", subordinate_deadline=dt.date(2010, 6, 30),
        superior_congress_date=dt.date(2010, 8, 10))
    ward = campaign.congresses.get(organization=tree.ward)
    school = campaign.congresses.get(organization=tree.school)
    p = {
        "lan": make_member(tree.branch_a, "Hoàng Thị Lan", female=True, born=1980),
        "minh": make_member(tree.branch_a, "Nông Văn Minh", born=1960, ethnicity="Kinh"),
        "tai": make_member(tree.branch_b, "Lương Văn Tài", born=1978, ethnicity="Nùng"),
        "hoa": make_member(tree.branch_b, "Vi Thị Hòa", female=True, born=1982),
        "du": make_member(tree.branch_b, "Đàm Văn Dự", born=1979),
        "an": make_member(tree.school, "Trần Đức An", ethnicity="Kinh", born=1985),
        "binh": make_member(tree.school, "Phùng Thị Bình", female=True, ethnicity="Kinh",
                            born=1965),
    }
    cadre = make_member(tree.city, "Chu Văn Cử", born=1975)
    CadreTransfer.objects.create(member=cadre, from_org=tree.city, congress=ward,
                                 transferred_on=dt.date(2010, 1, 5),
                                 intended_position="secretary",
                                 created_at=at(dt.date(2010, 1, 5)))
    for c in (ward, school):
        documents(c)
    plan(ward, [p["lan"], p["minh"], p["tai"], cadre], secretary=cadre, backups=[p["du"]],
         new=[p["lan"], cadre])
    plan(school, [p["an"], p["binh"]], secretary=p["an"])
    held(ward, dt.date(2010, 5, 20))
    held(school, dt.date(2010, 6, 12))
    certify(ward, "committee", [p["lan"], p["minh"], p["tai"], cadre], [p["hoa"]])
    certify(ward, "delegates", [p["lan"], p["minh"]])
    certify(ward, "alternate_delegates", [p["tai"]])
    certify(school, "committee", [p["an"], p["binh"]])
    return World(campaign, ward, school, p, cadre)
