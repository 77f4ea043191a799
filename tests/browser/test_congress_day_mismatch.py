"""In Chromium: a mismatch between the two entries of a batch cannot be missed and takes two
board members (issue #11, points 2 and 3)."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from daihoi.congress.models import Batch, BatchStatus
from tests.browser.conftest import sign_in
from tests.conftest import PASSWORD, Cast
from tests.congress.conftest import Hall, hall, key_batch, voting_election

__all__ = ["hall"]  # the fixture, for pytest

pytestmark = pytest.mark.django_db(transaction=True)

BALLOTS = ["4", "3", "", "1 2", "!not_issued", "4", "2", "3", "4", "1"]


def test_a_mismatch_is_shown_to_both_clerks_and_needs_a_second_member(
        browser: Any, live_server: Any, hall: Hall, cast: Cast) -> None:
    election = voting_election(hall, cast)
    batch = key_batch(election, cast.counter, BALLOTS)
    other = list(BALLOTS)
    other[3] = "1"
    key_batch(election, cast.counter2, other, batch=batch)
    url = live_server.url
    pages = []
    for who in ("counter", "counter2"):
        context = browser.new_context(locale="vi-VN")
        pg = context.new_page()
        pg.set_default_timeout(15000)
        sign_in(pg, url, who, PASSWORD)
        pg.goto(f"{url}/dai-hoi/bau-cu/{election.pk}/")
        panel = pg.locator(".mismatch-panel")
        expect(panel).to_contain_text("Lô 1: phiếu số 4 được nhập khác nhau")
        # The next action offered is to resolve it, not a new batch.
        expect(pg.get_by_role("button", name="Bắt đầu lô mới")).to_have_count(0)
        pages.append(pg)
    first, second = pages
    first.get_by_role("link", name="Xem phiếu giấy và quyết định lô 1").click()
    # The form starts empty: no reading is pre-filled.
    expect(first.get_by_label("Nội dung phiếu số 4")).to_have_value("")
    for choice in first.locator("input[type=radio]").all():
        expect(choice).not_to_be_checked()
    first.get_by_label("không theo lần nào").check()
    first.get_by_label("Nội dung phiếu số 4").fill("1 2")
    first.locator("#id_note").fill("Xem phiếu giấy: gạch tên số 1 và số 2")
    first.get_by_role("button", name="Ghi cách đọc của tôi").click()
    expect(first.locator(".messages")).to_contain_text("thành viên Ban kiểm phiếu thứ hai")
    # The one who proposed cannot confirm it alone.
    expect(first.get_by_role("button", name="xác nhận cách đọc này")).to_have_count(0)
    assert Batch.objects.get(pk=batch.pk).status == BatchStatus.MISMATCH
    second.goto(f"{url}/dai-hoi/lo/{batch.pk}/")
    expect(second.locator("table.grid")).to_contain_text("gạch: 1 2")
    second.get_by_role("button", name="Tôi đã xem phiếu giấy: xác nhận cách đọc này").click()
    expect(second.locator(".consequence")).to_contain_text("Counter")
    second.get_by_role("button", name="Xác nhận: lô phiếu được chốt").click()
    expect(second.locator(".messages")).to_contain_text("Lô 1 đã chốt")
    expect(second.locator(".mismatch-panel")).to_have_count(0)
    expect(second.get_by_role("button", name="Bắt đầu lô mới")).to_be_visible()
    done = Batch.objects.get(pk=batch.pk)
    assert done.status == BatchStatus.FINAL
    assert (done.decided_by, done.confirmed_by) == (cast.counter, cast.counter2)
    assert done.final_ballots.get(position=4).content == "1 2"


def test_the_board_can_have_the_batch_keyed_again_instead(
        page: Any, live_server: Any, hall: Hall, cast: Cast) -> None:
    election = voting_election(hall, cast)
    batch = key_batch(election, cast.counter, BALLOTS)
    key_batch(election, cast.counter2, ["1", *BALLOTS[1:]], batch=batch)
    sign_in(page, live_server.url, "counter2", PASSWORD)
    page.goto(f"{live_server.url}/dai-hoi/lo/{batch.pk}/")
    page.get_by_role("button", name="Nhập lại toàn bộ lô").click()
    page.get_by_label("Lý do").fill("Xấp phiếu bị xáo trộn khi đếm")
    page.get_by_role("button", name="Nhập lại lô").click()
    expect(page.locator(".messages")).to_contain_text("Lô 1 đã mở để hai người nhập lại")
    again = Batch.objects.get(pk=batch.pk)
    assert again.status == BatchStatus.OPEN
    assert not again.entries.exists()
