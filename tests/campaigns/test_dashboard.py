"""The superior's dashboard, lists, calendar, chart, export and reminders; query counts
that do not grow with the number of congresses."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone
from openpyxl import load_workbook
from pytest_django import DjangoAssertNumQueries

from daihoi.campaigns import actions
from daihoi.campaigns.models import Campaign, Congress, Notification, Reminder
from daihoi.campaigns.status import by_state, rows_as_of, summarize
from daihoi.orgs.models import Organization, OrgKind
from tests.campaigns.conftest import client_for
from tests.campaigns.helpers import make_campaign
from tests.conftest import Cast, Tree, make_org


def _grow(city: Organization, n: int) -> None:
    for i in range(n):
        make_org(f"T-TP-X{i}", f"Chi bộ Thử {i}", OrgKind.GRASSROOTS_BRANCH, city)


def _spread(campaign: Campaign) -> None:
    """Dates in April-June 2010, some held (one of them late), some planned."""
    for i, c in enumerate(campaign.congresses.order_by("pk")):
        day = dt.date(2010, 4, 1) + dt.timedelta(days=(i * 7) % 85)
        held = i % 3 == 0
        Congress.objects.filter(pk=c.pk).update(
            planned_date=day, state="held" if held else "preparing",
            held_on=(dt.date(2010, 7, 2) if i == 3 else day) if held else None)


def test_counts_by_state_and_against_the_deadline(tree: Tree) -> None:
    _grow(tree.city, 4)
    campaign = make_campaign(tree.city)
    _spread(campaign)
    rows = rows_as_of(campaign, dt.date(2010, 7, 5))
    s = summarize(campaign, rows, dt.date(2010, 7, 5))
    assert s.total == 6
    assert {v: n for v, _l, n in by_state(s)}["held"] == 2
    assert (s.held, s.held_on_time, s.held_late) == (2, 1, 1)
    assert s.overdue == 4  # the four not held; results are not due before 10/7


def test_dashboard_shows_overdue_by_milestone(campaign: Campaign, cast: Cast, tree: Tree,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(timezone, "localdate", lambda *a: dt.date(2010, 3, 5))
    page = client_for(cast.city_staff).get(f"/dot-dai-hoi/{campaign.pk}/").content.decode()
    assert tree.ward.name in page
    assert tree.school.name in page
    assert "28/02/2010" in page  # the documents milestone
    assert "15/03/2010" not in page  # the comments milestone is not yet due


def test_filters_by_kind_and_state(campaign: Campaign, cast: Cast, tree: Tree) -> None:
    Congress.objects.filter(organization=tree.ward).update(kind="delegates", state="held")
    client = client_for(cast.city_staff)
    page = client.get(f"/dot-dai-hoi/{campaign.pk}/dai-hoi/?kind=delegates").content.decode()
    assert tree.ward.name in page
    assert tree.school.name not in page
    page = client.get(f"/dot-dai-hoi/{campaign.pk}/dai-hoi/?state=preparing").content.decode()
    assert tree.ward.name not in page
    assert tree.school.name in page


def test_calendar_and_chart(campaign: Campaign, cast: Cast, tree: Tree) -> None:
    Congress.objects.filter(organization=tree.ward).update(planned_date=dt.date(2010, 5, 12))
    client = client_for(cast.city_staff)
    page = client.get(f"/dot-dai-hoi/{campaign.pk}/lich/?thang=2010-05").content.decode()
    assert tree.ward.name in page
    page = client.get(f"/dot-dai-hoi/{campaign.pk}/lich/?thang=2010-06").content.decode()
    assert tree.ward.name not in page
    svg = client.get(f"/dot-dai-hoi/{campaign.pk}/bieu-do.svg")
    assert svg["Content-Type"] == "image/svg+xml"
    assert svg.content.startswith(b"<svg")
    assert b"<rect" in svg.content


def test_export_has_one_row_per_congress_with_overdue_flags(
        campaign: Campaign, cast: Cast, tree: Tree, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(timezone, "localdate", lambda *a: dt.date(2010, 3, 5))
    response = client_for(cast.observer).get(f"/dot-dai-hoi/{campaign.pk}/xuat.xlsx")
    ws = load_workbook(io.BytesIO(response.content)).worksheets[0]
    rows = list(ws.iter_rows(values_only=True))
    assert rows[1][0] == "Bộ lọc: không (mọi đại hội của đợt)."
    assert rows[2][0] == "Trạng thái và quá hạn tính đến ngày 05/03/2010. Số đại hội: 2."
    table = rows[HEAD:]
    assert len(table) == 3
    header = list(table[0])
    names = {r[0] for r in table[1:]}
    assert names == {tree.ward.name, tree.school.name}
    # The export is in the interface language (Vietnamese by default): "…: hạn" is a due date.
    doc_due = table[1][header.index(next(h for h in header if str(h).endswith(": hạn")))]
    assert doc_due is not None
    assert isinstance(doc_due, dt.datetime)
    assert doc_due.date() == dt.date(2010, 2, 28)
    flags = [r for r in table[1] if r in ("yes", "có")]
    assert len(flags) == 1  # only the documents milestone is overdue


HEAD = 4  # campaign, filter, date, blank line: then the table's header


def test_the_export_link_carries_the_lists_filters_and_the_file_keeps_to_them(
        campaign: Campaign, cast: Cast, tree: Tree, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(timezone, "localdate", lambda *a: dt.date(2010, 3, 5))
    Congress.objects.filter(organization=tree.ward).update(kind="delegates", state="held")
    client = client_for(cast.city_staff)
    page = client.get(f"/dot-dai-hoi/{campaign.pk}/dai-hoi/?kind=delegates&state=held&x=1")
    link = f"/dot-dai-hoi/{campaign.pk}/xuat.xlsx?kind=delegates&amp;state=held"
    assert f'href="{link}"' in page.content.decode()
    response = client.get(link.replace("&amp;", "&"))
    rows = list(load_workbook(io.BytesIO(response.content)).worksheets[0]
                .iter_rows(values_only=True))
    assert rows[0][0] == f"{campaign.name} ({campaign.plan_number})"
    assert rows[1][0] == "Bộ lọc: Hình thức: Đại hội đại biểu; Trạng thái: Đã tổ chức đại hội."
    assert [r[0] for r in rows[HEAD + 1:]] == [tree.ward.name]


def test_the_export_of_an_overdue_filter_lists_only_the_late_and_says_so(
        campaign: Campaign, cast: Cast, tree: Tree, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(timezone, "localdate", lambda *a: dt.date(2010, 3, 5))
    Congress.objects.filter(organization=tree.ward).update(state="documents_submitted")
    client = client_for(cast.observer)
    page = client.get(f"/dot-dai-hoi/{campaign.pk}/dai-hoi/?late=documents").content.decode()
    assert '/xuat.xlsx?late=documents"' in page
    response = client.get(f"/dot-dai-hoi/{campaign.pk}/xuat.xlsx?late=documents")
    rows = list(load_workbook(io.BytesIO(response.content)).worksheets[0]
                .iter_rows(values_only=True))
    assert rows[1][0] == "Bộ lọc: Quá hạn: Dự thảo văn kiện."
    assert [r[0] for r in rows[HEAD + 1:]] == [tree.school.name]


def test_the_export_of_the_calendar_keeps_its_filters_and_the_dashboards_has_none(
        campaign: Campaign, cast: Cast) -> None:
    client = client_for(cast.city_staff)
    calendar = client.get(f"/dot-dai-hoi/{campaign.pk}/lich/?thang=2010-05&state=held")
    assert f'/dot-dai-hoi/{campaign.pk}/xuat.xlsx?state=held"' in calendar.content.decode()
    dashboard = client.get(f"/dot-dai-hoi/{campaign.pk}/").content.decode()
    assert f'href="/dot-dai-hoi/{campaign.pk}/xuat.xlsx"' in dashboard


def test_reminders_notify_and_mail_overdue_orgs_once_a_day(
        campaign: Campaign, cast: Cast, tree: Tree, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(timezone, "localdate", lambda *a: dt.date(2010, 3, 5))  # running
    cast.ward_office.email = "vanphong@phuongmot.example"
    cast.ward_office.save()
    today = dt.date(2010, 3, 5)
    sent = actions.do_send_reminders(campaign, acting_user=cast.city_staff, today=today)
    assert {r.congress.organization for r in sent} == {tree.ward, tree.school}
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["vanphong@phuongmot.example"]
    assert tree.ward.name in mail.outbox[0].subject
    assert Notification.objects.filter(organization=tree.ward).count() == 1
    again = actions.do_send_reminders(campaign, acting_user=cast.city_staff, today=today)
    assert again == []
    assert len(mail.outbox) == 1
    assert Reminder.objects.count() == 2
    actions.do_send_reminders(campaign, acting_user=cast.city_staff,
                              today=today + dt.timedelta(days=1))
    assert Reminder.objects.count() == 4


def test_notices_show_on_the_home_page_and_can_be_marked_read(
        campaign: Campaign, cast: Cast, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(timezone, "localdate", lambda *a: dt.date(2010, 3, 5))  # running
    actions.do_send_reminders(campaign, acting_user=None, today=dt.date(2010, 3, 5))
    client = client_for(cast.ward_office)
    home = client.get("/").content.decode()
    assert 'href="/dot-dai-hoi/thong-bao/"' in home
    assert ">1 " in home
    page = client.get("/dot-dai-hoi/thong-bao/").content.decode()
    assert "unread" in page
    client.post("/dot-dai-hoi/thong-bao/")
    assert Notification.objects.get(organization=cast.ward_office.organization).read_by.filter(
        pk=cast.ward_office.pk).exists()


def test_remind_page_needs_superior_staff(campaign: Campaign, cast: Cast) -> None:
    assert client_for(cast.ward_office).post(f"/dot-dai-hoi/{campaign.pk}/don-doc/").status_code \
        == 403
    assert client_for(cast.city_staff).post(f"/dot-dai-hoi/{campaign.pk}/don-doc/").status_code \
        == 302


def _queries(client: Client, url: str, n: int,
             django_assert_num_queries: DjangoAssertNumQueries) -> None:
    with django_assert_num_queries(n):
        assert client.get(url).status_code == 200


@pytest.mark.parametrize("page", ["", "dai-hoi/", "lich/?thang=2010-05", "bieu-do.svg",
                                  "xuat.xlsx", "xuat.xlsx?kind=members&late=congress",
                                  "?ngay=2010-05-01", "dai-hoi/?ngay=2010-05-01&late=any",
                                  "lich/?thang=2010-05&ngay=2010-05-01",
                                  "bieu-do.svg?ngay=2010-05-01",
                                  "xuat.xlsx?late=any&state=preparing&ngay=2010-05-01"])
def test_pages_cost_the_same_queries_for_5_or_30_congresses(
        tree: Tree, cast: Cast, page: str,
        django_assert_num_queries: DjangoAssertNumQueries) -> None:
    _grow(tree.city, 3)
    campaign = make_campaign(tree.city)
    _spread(campaign)
    client = client_for(cast.city_staff)
    url = f"/dot-dai-hoi/{campaign.pk}/{page}"
    client.get(url)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as small:
        client.get(url)
    _grow(tree.city.__class__.objects.get(pk=tree.city.pk), 0)
    big = make_campaign(tree.city, plan_number="13-KH/TU")
    for i in range(25):
        org = make_org(f"T-TP-Y{i}", f"Chi bộ Lớn {i}", OrgKind.GRASSROOTS_BRANCH, tree.city)
        Congress.objects.create(campaign=big, organization=org, kind="members")
    _spread(big)
    assert big.congresses.count() == 30
    _queries(client, f"/dot-dai-hoi/{big.pk}/{page}", len(small), django_assert_num_queries)
    # And the pinned figure, so a regression shows up as a number.
    # Session and user, the campaign, its congresses, their recorded steps; pages add the
    # unread-notice count and the messages.
    assert len(small) == (6 if page.startswith(("bieu-do", "xuat")) else 7)


def test_list_filters_by_overdue_milestone(campaign: Campaign, cast: Cast, tree: Tree,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(timezone, "localdate", lambda *a: dt.date(2010, 3, 5))
    Congress.objects.filter(organization=tree.ward).update(state="documents_submitted")
    client = client_for(cast.city_staff)
    page = client.get(f"/dot-dai-hoi/{campaign.pk}/dai-hoi/?late=documents").content.decode()
    assert tree.school.name in page
    assert tree.ward.name not in page
    page = client.get(f"/dot-dai-hoi/{campaign.pk}/dai-hoi/?late=comments").content.decode()
    assert tree.school.name not in page  # the comments milestone is not due yet
