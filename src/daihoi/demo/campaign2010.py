"""Demo step 2: the city's 2010 congress campaign (Kế hoạch 40-KH/TU, Chỉ thị 37-CT/TW).

Sixty grassroots congresses planned from April to June 2010, all before the 30/6 deadline;
each with its political report and self-review (small real DOCX files), the city's comments
and a revised version, an approved personnel plan with backup names, and a few city cadres
transferred to key ward posts. The congresses stop at "personnel plan approved": the
congress day moves them on. Idempotent: a second run finds the campaign and stops.
"""

from __future__ import annotations

import datetime as dt
import io
import random
import zlib
from decimal import Decimal
from zoneinfo import ZoneInfo

import docx
from django.db import transaction

from daihoi.accounts.models import Role, User
from daihoi.campaigns import actions
from daihoi.campaigns.models import Campaign, Congress, Position
from daihoi.demo import Printer, register_step
from daihoi.demo.foundation import CITY_CODE
from daihoi.orgs.models import Member, MemberStatus, Organization, OrgKind

PLAN_NUMBER = "40-KH/TU"
TZ = ZoneInfo("Asia/Ho_Chi_Minh")

# (cadre's agency, ward or commune, intended position)
TRANSFERS = [
    ("VPTU", "P-CL", Position.SECRETARY),
    ("BTC", "X-HD", Position.SECRETARY),
    ("VPUB", "P-DK", Position.DEPUTY),
    ("MTDT", "X-QL", Position.DEPUTY),
]
COMMENTS = [
    "Đề nghị đánh giá rõ hơn nguyên nhân của những hạn chế trong nhiệm kỳ qua.",
    "Các chỉ tiêu nhiệm kỳ 2010–2015 cần cụ thể, khả thi, sát với thực tế đơn vị.",
    "Bổ sung phần đánh giá công tác xây dựng Đảng và công tác kiểm tra, giám sát.",
    "Phần phương hướng cần bám sát Chỉ thị 37-CT/TW và kế hoạch của Thành ủy.",
]


def _at(day: dt.date, hour: int = 9) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, hour, 0, tzinfo=TZ)


def _docx(title: str, org: Organization, version: int) -> bytes:
    document = docx.Document()
    document.add_heading(title.upper(), level=1)
    document.add_paragraph(f"{org.name} — nhiệm kỳ 2010–2015 (dự thảo lần {version})")
    document.add_paragraph("Phần thứ nhất: đánh giá kết quả thực hiện nghị quyết nhiệm kỳ "
                           "2005–2010. Phần thứ hai: phương hướng, nhiệm vụ nhiệm kỳ 2010–2015.")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _committee_size(congress: Congress) -> int:
    if congress.organization.kind == OrgKind.GRASSROOTS_BRANCH:
        return 3
    n = congress.official_members
    return 9 if n >= 380 else 7 if n >= 150 else 5


def _office_user(org: Organization) -> User | None:
    return User.objects.filter(organization=org, role=Role.ORG_OFFICE).first()


def _plan(congress: Congress, cadres: list[tuple[Member, str]], rng: random.Random,
          staff: User | None, office: User | None) -> None:
    org = congress.organization
    pool = list(Member.objects.filter(organization__path__startswith=org.path,
                                      status=MemberStatus.OFFICIAL, active=True)
                .order_by("date_of_birth", "id")[:60])
    rng.shuffle(pool)
    size = _committee_size(congress)
    lead = [m for m, _pos in cadres]
    committee = (lead + [m for m in pool if m not in lead])[:size]
    deputy_cadres = [m for m, pos in cadres if pos == Position.DEPUTY]
    secretary = next((m for m, pos in cadres if pos == Position.SECRETARY),
                     next(m for m in committee if m not in deputy_cadres))
    others = [m for m in committee if m != secretary]
    deputies = (deputy_cadres or others[:1]) if size > 3 else others[:1]
    standing = [secretary, *deputies, *[m for m in others if m not in deputies][:1]] \
        if size >= 7 else []
    rest = [m for m in pool if m not in committee]
    inspection = ([committee[-1], *rest[:2]]
                  if congress.organization.kind == OrgKind.GRASSROOTS_COMMITTEE else [])
    backups = rest[2:4] if size > 3 else rest[:1]
    new = [m for m in committee if rng.random() < 0.3] + lead
    actions.do_save_personnel_plan(
        congress, acting_user=office, committee_size=size, committee=committee,
        standing=standing, secretary=secretary, deputies=deputies, inspection=inspection,
        backups=backups, new_to_committee=new,
        note="Phương án đã thông qua hội nghị cấp ủy mở rộng.")


@register_step(20, "2010 congress campaign (Kế hoạch 40-KH/TU)")
def load(progress: Printer | None) -> list[str]:
    city = Organization.objects.get(code=CITY_CODE)
    existing = Campaign.objects.filter(superior=city, plan_number=PLAN_NUMBER).first()
    if existing is None:
        with transaction.atomic():
            existing = _create(city, progress)
    congresses = existing.congresses.count()
    last = existing.congresses.order_by("-planned_date").values_list("planned_date", flat=True)
    return [f"{existing.name}: {congresses} đại hội, đại hội cuối cùng "
            f"{last[0]:%d/%m/%Y}" if congresses and last[0] else existing.name]


def _create(city: Organization, progress: Printer | None) -> Campaign:
    staff = User.objects.filter(organization=city, role=Role.SUPERIOR_STAFF).first()
    campaign = actions.do_create_campaign(
        acting_user=staff, superior=city,
        name="Đại hội các tổ chức cơ sở đảng nhiệm kỳ 2010–2015",
        term_start=2010, term_end=2015, plan_number=PLAN_NUMBER,
        plan_date=dt.date(2009, 10, 30),
        directives="Chỉ thị 37-CT/TW của Bộ Chính trị\nQuy chế bầu cử trong Đảng (220-QĐ/TW)",
        subordinate_deadline=dt.date(2010, 6, 30), superior_congress_date=dt.date(2010, 8, 10),
        documents_due=dt.date(2010, 2, 28), comments_due=dt.date(2010, 3, 20),
        personnel_plan_due=dt.date(2010, 3, 31), window_start=dt.date(2010, 4, 1),
        window_end=dt.date(2010, 6, 30), results_due=dt.date(2010, 7, 10),
        target_women=Decimal(15), target_under35=Decimal(10), target_minorities=Decimal(40),
        target_new_members=Decimal(25),
    )
    transfers: dict[int, list[tuple[Member, str]]] = {}
    for agency, ward, position in TRANSFERS:
        congress = campaign.congresses.get(organization__code=f"{CITY_CODE}-{ward}")
        cadre = (Member.objects.filter(organization__code=f"{CITY_CODE}-{agency}",
                                       status=MemberStatus.OFFICIAL)
                 .order_by("date_of_birth", "id").first())
        if cadre is None:
            continue
        actions.do_record_transfer(congress, acting_user=staff, member=cadre,
                                   transferred_on=dt.date(2010, 1, 15),
                                   intended_position=position,
                                   note="Quyết định điều động của Ban Thường vụ Thành ủy")
        transfers.setdefault(congress.pk, []).append((cadre, position))
    congresses = list(campaign.congresses.select_related("organization", "campaign")
                      .order_by("organization__path"))
    for i, congress in enumerate(congresses):
        org = congress.organization
        rng = random.Random(zlib.crc32(org.code.encode()))  # noqa: S311 - demo data
        office = _office_user(org)
        # Sixty congresses spread over 1/4-28/6/2010, weekdays only.
        day = dt.date(2010, 4, 1) + dt.timedelta(days=(i * 88) // len(congresses))
        while day.weekday() >= 5:
            day += dt.timedelta(days=1)
        day = min(day, dt.date(2010, 6, 28))
        actions.do_update_congress(congress, acting_user=office, kind=congress.kind,
                                   planned_date=day, place=f"Hội trường {org.name}")
        submitted = dt.date(2010, 2, 1) + dt.timedelta(days=rng.randint(0, 25))
        report = actions.do_upload_document(
            congress, acting_user=office, doc_type="political_report",
            name="bao-cao-chinh-tri.docx", data=_docx("Báo cáo chính trị", org, 1),
            at=_at(submitted))
        actions.do_upload_document(
            congress, acting_user=office, doc_type="self_review", name="bao-cao-kiem-diem.docx",
            data=_docx("Báo cáo kiểm điểm của cấp ủy", org, 1), at=_at(submitted, 10))
        actions.do_submit_documents(congress, acting_user=office, at=_at(submitted, 11))
        commented = submitted + dt.timedelta(days=rng.randint(5, 15))
        comment = actions.do_comment(report, acting_user=staff, body=rng.choice(COMMENTS),
                                     at=_at(commented))
        actions.do_comment(report, acting_user=office, parent=comment,
                           body="Chi ủy, đảng ủy xin tiếp thu và hoàn chỉnh trong dự thảo lần 2.",
                           at=_at(commented + dt.timedelta(days=2)))
        actions.do_upload_document(
            congress, acting_user=office, doc_type="political_report",
            name="bao-cao-chinh-tri-lan-2.docx", data=_docx("Báo cáo chính trị", org, 2),
            note="Đã tiếp thu ý kiến của Ban Thường vụ Thành ủy.",
            at=_at(commented + dt.timedelta(days=4)))
        actions.do_give_comments(congress, acting_user=staff,
                                 at=_at(commented + dt.timedelta(days=5)))
        _plan(congress, transfers.get(congress.pk, []), rng, staff, office)
        approved = min(commented + dt.timedelta(days=12), day - dt.timedelta(days=7))
        actions.do_approve_personnel_plan(congress, acting_user=staff, at=_at(approved, 15))
    if progress is not None:
        progress.print(f"demo: {len(congresses)} đại hội, {len(TRANSFERS)} cán bộ điều động")
    return campaign
