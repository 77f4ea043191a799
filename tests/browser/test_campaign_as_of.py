"""The superior's staff looks at a finished campaign as it stood on an earlier day, and the
day stays through the list, the calendar and the summary report."""

from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from daihoi.campaigns import actions
from daihoi.campaigns.models import Campaign
from tests.browser.conftest import sign_in
from tests.campaigns.helpers import docx_bytes
from tests.conftest import PASSWORD, Cast, Tree, make_member

pytestmark = pytest.mark.django_db(transaction=True)
TZ = ZoneInfo("Asia/Ho_Chi_Minh")


def _at(day: dt.date) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, 9, tzinfo=TZ)


def _campaign(cast: Cast, tree: Tree) -> Campaign:
    """The city's 2010 campaign; the ward went through every step up to its congress (held
    20/5/2010, never reported), the school stayed at its documents."""
    campaign = actions.do_create_campaign(
        acting_user=cast.city_staff, superior=tree.city, name="Đại hội cơ sở 2010–2015",
        term_start=2010, term_end=2015, plan_number="40-KH/TU", plan_date=dt.date(2009, 10, 30),
        subordinate_deadline=dt.date(2010, 6, 30), superior_congress_date=dt.date(2010, 8, 10),
        documents_due=dt.date(2010, 2, 28), results_due=dt.date(2010, 7, 10))
    ward = campaign.congresses.get(organization=tree.ward)
    for doc_type in ("political_report", "self_review"):
        actions.do_upload_document(ward, acting_user=None, doc_type=doc_type, name="a.docx",
                                   data=docx_bytes("Dự thảo"), at=_at(dt.date(2010, 2, 10)))
    actions.do_submit_documents(ward, acting_user=None, at=_at(dt.date(2010, 2, 20)))
    actions.do_give_comments(ward, acting_user=None, at=_at(dt.date(2010, 3, 10)))
    secretary = make_member(tree.branch_a, "Hoàng Thị Lan")
    actions.do_save_personnel_plan(ward, acting_user=None, committee_size=3,
                                   committee=[secretary], secretary=secretary)
    actions.do_approve_personnel_plan(ward, acting_user=None, at=_at(dt.date(2010, 3, 25)))
    actions.do_mark_congress_held(ward, acting_user=None, held_on=dt.date(2010, 5, 20),
                                  at=_at(dt.date(2010, 5, 20)))
    return campaign


def test_staff_picks_a_day_and_sees_the_campaign_as_it_stood(
        page: Any, live_server: Any, cast: Cast, tree: Tree) -> None:
    base = live_server.url
    campaign = _campaign(cast, tree)
    sign_in(page, base, "city_staff", PASSWORD)
    page.goto(f"{base}/dot-dai-hoi/{campaign.pk}/")
    # Finished: judged at the city congress, never at today's clock.
    assert page.get_by_role("heading", name="Quá hạn (10/08/2010)").count() == 1
    held = page.locator("[data-figure=held_not_reported] .n")
    assert held.inner_text() == "1"

    page.fill("input[name=ngay]", "2010-03-01")
    with page.expect_navigation():
        page.get_by_role("button", name="Xem").click()
    assert page.url.endswith(f"/dot-dai-hoi/{campaign.pk}/?ngay=2010-03-01")
    assert page.get_by_role("heading", name="Quá hạn (01/03/2010)").count() == 1
    assert page.locator("table.states td[data-state=documents_submitted]").inner_text() == "1"
    assert page.locator("[data-figure=held] .n").inner_text() == "0"

    with page.expect_navigation():
        page.locator(".campaign-nav").get_by_role("link", name="Các đại hội").click()
    assert "ngay=2010-03-01" in page.url
    rows = page.locator("table.grid tbody tr")
    ward_row = rows.filter(has_text="Đảng bộ phường Một")
    assert "Đã nộp văn kiện" in ward_row.inner_text()
    school_row = rows.filter(has_text="Chi bộ Trường Hai")
    assert "Dự thảo văn kiện (1)" in school_row.inner_text()  # one day late on 1/3

    with page.expect_navigation():
        page.locator(".campaign-nav").get_by_role("link", name="Báo cáo tổng hợp").click()
    assert "ngay=2010-03-01" in page.url
    assert "01/03/2010" in page.locator("main").inner_text()
