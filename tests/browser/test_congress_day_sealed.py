"""In Chromium: certifying asks first and says what happened; a certified election offers no
change and refuses one sent anyway; the head of the counting board reopens it with a reason;
before any ballot is counted the results say so (issue #11, points 1, 3 and 4)."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from daihoi.congress import actions
from daihoi.congress.models import Election, ElectionStatus
from tests.browser.conftest import sign_in
from tests.conftest import PASSWORD, Cast
from tests.congress.conftest import Hall, hall, key_batch, voting_election

__all__ = ["hall"]  # the fixture, for pytest

pytestmark = pytest.mark.django_db(transaction=True)

BALLOTS = ["4", "3", "", "1 2", "!not_issued", "4", "2", "3", "4", "1"]


def _counted(hall: Hall, cast: Cast) -> Election:
    election = voting_election(hall, cast)
    actions.do_assign_counters(election, acting_user=cast.ward_office,
                               users=[cast.counter, cast.counter2], head=cast.counter)
    batch = key_batch(election, cast.counter, BALLOTS)
    key_batch(election, cast.counter2, BALLOTS, batch=batch)
    return election


def test_before_any_ballot_the_results_say_nothing_is_counted_and_offer_no_certify(
        page: Any, live_server: Any, hall: Hall, cast: Cast) -> None:
    election = voting_election(hall, cast)
    sign_in(page, live_server.url, "ward_office", PASSWORD)
    page.goto(f"{live_server.url}/dai-hoi/bau-cu/{election.pk}/")
    expect(page.locator(".draft")).to_contain_text("Chưa kiểm phiếu nào")
    expect(page.get_by_text("Không có người trúng cử")).to_have_count(0)
    expect(page.get_by_role("button", name="Xác nhận kết quả")).to_have_count(0)
    expect(page.get_by_role("link", name="Biên bản kiểm phiếu (PDF)")).to_have_count(0)


def test_certifying_asks_then_seals_the_page_and_a_late_change_is_refused(
        page: Any, live_server: Any, hall: Hall, cast: Cast) -> None:
    election = _counted(hall, cast)
    url = f"{live_server.url}/dai-hoi/bau-cu/{election.pk}/"
    sign_in(page, live_server.url, "ward_office", PASSWORD)
    page.goto(url)
    expect(page.locator("h2", has_text="Kết quả dự thảo")).to_be_visible()
    page.get_by_role("button", name="Xác nhận kết quả").click()
    expect(page.locator(".consequence")).to_contain_text("không thể thay đổi")
    # Going back changes nothing.
    page.get_by_role("link", name="Quay lại, không thay đổi gì").click()
    assert Election.objects.get(pk=election.pk).status == ElectionStatus.COUNTING
    page.get_by_role("button", name="Xác nhận kết quả").click()
    page.get_by_role("button", name="Xác nhận kết quả").click()
    expect(page.locator(".messages")).to_contain_text("Đã xác nhận kết quả")
    expect(page.locator(".sealed")).to_contain_text("Xác nhận lần 1")
    # Nothing on the page offers a change any more.
    expect(page.locator("#t_issued")).to_have_count(0)
    expect(page.get_by_role("button", name="Phân công")).to_have_count(0)
    expect(page.get_by_role("button", name="Xác nhận kết quả")).to_have_count(0)
    # A form kept open in another tab from before is refused by the server, in words.
    page.goto(url)
    page.evaluate("""(url) => {
        const f = document.createElement('form'); f.method = 'post'; f.action = url + 'so-phieu/';
        const csrf = document.querySelector('input[name=csrfmiddlewaretoken]').value;
        for (const [k, v] of [['csrfmiddlewaretoken', csrf], ['ballots_issued', '11']]) {
            const i = document.createElement('input'); i.name = k; i.value = v; f.appendChild(i); }
        document.body.appendChild(f); f.submit(); }""", url)
    expect(page.locator(".messages")).to_contain_text("đã được xác nhận nên không thể thay đổi")
    assert Election.objects.get(pk=election.pk).ballots_issued == 10


def test_the_head_of_the_board_reopens_with_a_reason(
        page: Any, live_server: Any, hall: Hall, cast: Cast) -> None:
    election = _counted(hall, cast)
    actions.do_certify_election(election, acting_user=cast.ward_office)
    sign_in(page, live_server.url, "counter", PASSWORD)
    page.goto(f"{live_server.url}/dai-hoi/bau-cu/{election.pk}/")
    page.get_by_role("button", name="Mở lại kết quả đã xác nhận").click()
    expect(page.locator(".consequence")).to_contain_text("cấp trên vẫn thấy kết quả đã xác nhận")
    page.get_by_label("Lý do mở lại (bắt buộc)").fill("Số phiếu phát ra ghi nhầm")
    page.get_by_role("button", name="Mở lại kết quả").click()
    expect(page.locator(".messages")).to_contain_text("không còn được xác nhận")
    expect(page.locator(".reopened")).to_contain_text("Số phiếu phát ra ghi nhầm")
    assert Election.objects.get(pk=election.pk).status == ElectionStatus.COUNTING
