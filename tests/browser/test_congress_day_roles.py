"""In Chromium: each role lands on its work, and sees only the actions it may take; a list
from the personnel plan that breaks the surplus rule is fixed before the election exists; the
number to elect stays editable until the list is approved (issue #11, points 6 and 8)."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from playwright.sync_api import expect

from daihoi.campaigns.models import Campaign, Congress
from daihoi.congress import actions
from daihoi.congress.models import Election
from tests.browser.conftest import sign_in
from tests.conftest import PASSWORD, Cast, Tree
from tests.congress.conftest import Hall, hall, key_batch, voting_election

__all__ = ["hall"]  # the fixture, for pytest
from tests.congress.test_superior import _campaign_congress

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_counting_board_member_sees_the_batch_waiting_for_them(
        page: Any, live_server: Any, hall: Hall, cast: Cast) -> None:
    election = voting_election(hall, cast)
    key_batch(election, cast.counter, ["1", "2"])
    sign_in(page, live_server.url, "counter2", PASSWORD)
    work = page.locator(".work")
    expect(work).to_contain_text("Bầu Ban Chấp hành")
    expect(work).to_contain_text("Lô 1: đang chờ lần nhập thứ hai")
    work.get_by_role("link", name="Bầu Ban Chấp hành").click()
    expect(page.get_by_role("button", name="Nhập lô này")).to_be_visible()


def test_the_office_sees_its_congress_day_and_what_is_missing_before_it_reports(
        page: Any, live_server: Any, hall: Hall, cast: Cast) -> None:
    voting_election(hall, cast)
    sign_in(page, live_server.url, "ward_office", PASSWORD)
    work = page.locator(".work")
    expect(work).to_contain_text(hall.congress.title)
    expect(work).to_contain_text("Kết quả “Bầu Ban Chấp hành” chưa được xác nhận")
    work.get_by_role("link", name=hall.congress.title).click()
    expect(page.locator(".missing")).to_contain_text("chưa được xác nhận")
    expect(page.get_by_role("button", name="Báo cáo kết quả lên cấp trên")).to_have_count(0)


def test_the_superior_sees_the_late_count_and_not_the_organisations_buttons(
        page: Any, live_server: Any, tree: Tree, hall: Hall, cast: Cast) -> None:
    camp = _campaign_congress(tree, hall)
    Congress.objects.filter(pk=camp.pk).update(state="preparing")
    # A campaign that ended with its city congress on 10/8/2010: judged on that day, the ward
    # is late (its congress was due by 30/6/2010).
    Campaign.objects.filter(pk=camp.campaign_id).update(
        superior_congress_date=dt.date(2010, 8, 10))
    sign_in(page, live_server.url, "city_staff", PASSWORD)
    work = page.locator(".work")
    expect(work).to_contain_text("Đại hội chậm tiến độ")
    expect(work).to_contain_text(re.compile(r"\d+ đại hội chậm mốc"))
    work.get_by_role("link", name="danh sách cần đôn đốc").click()
    expect(page).to_have_url(re.compile(r"/#overdue$|#overdue$"))
    page.goto(f"{live_server.url}/dai-hoi/{hall.congress.pk}/")
    expect(page.get_by_role("heading", name=hall.congress.title)).to_be_visible()
    expect(page.get_by_role("button", name="Báo cáo kết quả lên cấp trên")).to_have_count(0)


def test_a_plan_list_too_long_offers_the_fix_before_the_election_exists(
        page: Any, live_server: Any, tree: Tree, hall: Hall, cast: Cast) -> None:
    _campaign_congress(tree, hall)  # an approved plan of four names
    sign_in(page, live_server.url, "ward_office", PASSWORD)
    page.goto(f"{live_server.url}/dai-hoi/{hall.congress.pk}/")
    page.fill("#e_title", "Bầu Ban Chấp hành")
    page.fill("#e_seats", "2")
    page.get_by_role("button", name="Cuộc bầu cử mới").click()
    # Four names for two seats breaks the surplus rule: nothing is created, the fix is offered.
    expect(page.locator(".mismatch-panel")).to_contain_text("vượt quá số dư")
    assert not Election.objects.exists()
    boxes = page.locator("input[name=names]")
    expect(boxes).to_have_count(4)
    boxes.nth(3).uncheck()
    page.fill("#e_seats", "3")
    page.get_by_role("button", name="Tạo cuộc bầu cử với danh sách này").click()
    expect(page.locator(".messages")).to_contain_text("với 3 người trong danh sách")
    election = Election.objects.get()
    assert (election.seats, election.candidates.count()) == (3, 3)
    # The number to elect stays editable until the list is approved.
    page.get_by_label("Số lượng cần bầu").fill("2")
    page.get_by_role("button", name="Sửa số lượng cần bầu").click()
    expect(page.locator(".messages")).to_contain_text("thành 2")
    election.refresh_from_db()
    assert election.seats == 2
    # Back to three seats and the fourth name added from the floor of the committee: approved.
    actions.do_set_seats(election, acting_user=cast.ward_office, seats=3)
    actions.do_add_candidate(election, acting_user=cast.ward_office,
                             full_name=hall.members[3].full_name)
    actions.do_approve_list(election, acting_user=cast.ward_office)
    page.reload()
    expect(page.get_by_role("button", name="Sửa số lượng cần bầu")).to_have_count(0)
