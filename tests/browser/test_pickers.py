"""The people picker in headless Chromium, on a delegates' congress of 119: the counting board
chosen with the keyboard only (type part of a name without accents, arrows, Enter; Tab to a
remove button; make another the head; Tab to save), nothing loaded from outside the app; and
the same form without JavaScript."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from playwright.sync_api import expect

from daihoi.congress import actions
from daihoi.congress.models import CongressDay, CongressKind, WorkingBodyKind
from tests.browser.conftest import sign_in
from tests.conftest import PASSWORD, Cast, Tree

pytestmark = pytest.mark.django_db(transaction=True)

FAMILY = ["Nguyễn", "Hoàng", "Lương", "Nông", "Vi", "Triệu", "Hà", "Lộc", "Đinh", "Bế", "Mạc",
          "Chu", "Lăng", "Hứa", "Tô", "Sầm", "Đàm"]
MIDDLE = ["Văn", "Thị", "Đức"]
GIVEN = ["Hòa", "Bình", "Cường", "Dũng", "Giang", "Hằng", "Khánh", "Liên", "Mạnh", "Ngân",
         "Phúc", "Quyên", "Sơn", "Tâm", "Uyên", "Vinh", "Xuân", "Yến", "Ánh", "Đào", "Hiếu",
         "Kiên", "Loan", "Minh"]


def _roster(n: int) -> list[str]:
    """n invented, distinct names, several of them "Nguyễn"."""
    names: list[str] = []
    i = 0
    while len(names) < n:
        name = (f"{FAMILY[i % len(FAMILY)]} {MIDDLE[i % len(MIDDLE)]} "
                f"{GIVEN[(i * 7) % len(GIVEN)]}")
        if name not in names:
            names.append(name)
        i += 1
    return names


@pytest.fixture
def congress(tree: Tree, cast: Cast) -> CongressDay:
    day = actions.do_create_congress(
        acting_user=cast.ward_office, organization=tree.ward, kind=CongressKind.DELEGATES,
        title="Đại hội đại biểu Đảng bộ phường Một", held_on=dt.date(2010, 5, 20))
    actions.do_import_delegates(day, acting_user=cast.ward_office, text="\n".join(_roster(119)))
    assert day.attendees.count() == 119
    return day


def test_the_counting_board_is_chosen_from_119_delegates_with_the_keyboard_only(
        page: Any, live_server: Any, cast: Cast, congress: CongressDay) -> None:
    url = live_server.url
    outside: list[str] = []
    page.on("request", lambda r: outside.append(r.url)
            if not r.url.startswith(url) and not r.url.startswith("data:") else None)
    failed: list[str] = []  # a script or style the page could not load (the CSP, a 404)
    page.on("response", lambda r: failed.append(r.url)
            if r.status >= 400 and not r.url.endswith("/favicon.ico") else None)
    page.on("console", lambda m: failed.append(m.text)
            if m.type == "error" and "Content Security Policy" in m.text else None)
    sign_in(page, url, "ward_office", PASSWORD)
    page.goto(f"{url}/dai-hoi/{congress.pk}/")

    card = page.locator(".body-card", has_text="Ban Kiểm phiếu")
    search = card.get_by_role("combobox")
    expect(search).to_be_visible()
    expect(card.locator("select[data-picker-source]")).to_be_hidden()  # the 4-row select is gone
    search.focus()  # from here on, only the keyboard

    # "nguyen" (no accents) finds the Nguyễn; Down moves to the second, Enter adds it.
    page.keyboard.type("nguyen")
    options = card.get_by_role("option")
    expect(options.first).to_contain_text("Nguyễn")
    count = options.count()
    assert 1 < count <= 8
    for i in range(count):
        expect(options.nth(i)).to_contain_text("Nguyễn")
    second = options.nth(1).inner_text()
    page.keyboard.press("ArrowDown")
    expect(options.nth(1)).to_have_attribute("aria-selected", "true")
    page.keyboard.press("Enter")
    chosen = card.locator(".picker-chosen li")
    expect(chosen).to_have_count(1)
    expect(chosen.first).to_contain_text(second)
    expect(chosen.first.locator(".picker-head")).to_have_text("trưởng ban")
    expect(search).to_be_focused()
    expect(search).to_have_value("")

    # Two more by part of their names: "hoang" and "lang d" (Lăng Đức ...).
    for typed in ("hoang van", "lang"):
        page.keyboard.type(typed)
        expect(options.first).to_be_visible()
        page.keyboard.press("Enter")
        expect(search).to_have_value("")
    expect(chosen).to_have_count(3)
    names = [chosen.nth(i).locator("span").first.inner_text() for i in range(3)]
    assert names[1].startswith("Hoàng Văn")
    assert names[2].startswith("Lăng")
    # A name already chosen is not offered again; nobody by that name says so.
    page.keyboard.type(second.split()[-1].lower())
    for i in range(options.count()):
        expect(options.nth(i)).not_to_have_text(second)
    page.keyboard.press("Escape")
    expect(search).to_have_value("")
    page.keyboard.type("xyzq")
    expect(card.locator(".picker-list")).to_contain_text("Không có ai tên như vậy.")
    page.keyboard.press("Escape")

    # Tab reaches the first chosen person's remove button; Enter removes them; the next
    # person's remove button takes the focus, and the new first is the head.
    page.keyboard.press("Tab")
    expect(chosen.first.locator(".picker-remove")).to_be_focused()
    page.keyboard.press("Enter")
    expect(chosen).to_have_count(2)
    expect(chosen.first).to_contain_text(names[1])
    expect(chosen.first.locator(".picker-head")).to_be_visible()
    # The last one is made head with its own button.
    page.keyboard.press("Tab")
    expect(chosen.nth(1).locator(".picker-make-head")).to_be_focused()
    page.keyboard.press("Enter")
    expect(chosen.first).to_contain_text(names[2])
    expect(chosen.first.locator(".picker-head")).to_be_visible()

    # Tab on to the save button, Enter.
    save = card.get_by_role("button", name="Lưu (đã biểu quyết giơ tay)")
    for _ in range(6):
        if save.evaluate("b => b === document.activeElement"):
            break
        page.keyboard.press("Tab")
    expect(save).to_be_focused()
    page.keyboard.press("Enter")
    page.wait_for_load_state()
    card = page.locator(".body-card", has_text="Ban Kiểm phiếu")
    expect(card.locator(".body-members")).to_contain_text(f"{names[2]} trưởng ban, {names[1]}")
    seats = congress.body_seats.filter(body=WorkingBodyKind.COUNTING_BOARD)
    assert [s.attendee.full_name for s in seats] == [names[2], names[1]]
    assert outside == []
    assert failed == []


def test_without_javascript_the_picker_is_a_plain_form(
        browser: Any, live_server: Any, cast: Cast, congress: CongressDay) -> None:
    context = browser.new_context(locale="vi-VN", java_script_enabled=False)
    page = context.new_page()
    page.set_default_timeout(15000)
    try:
        url = live_server.url
        page.goto(f"{url}/dang-nhap/")
        page.fill("input[name=username]", "ward_office")
        page.fill("input[name=password]", PASSWORD)
        page.click("button.primary")
        page.goto(f"{url}/dai-hoi/{congress.pk}/")
        card = page.locator(".body-card", has_text="Đoàn Chủ tịch")
        select = card.locator("select[data-picker-source]")
        expect(select).to_be_visible()
        expect(card.locator("input[role=combobox]")).to_be_hidden()
        people = list(congress.attendees.order_by("sort_key")[:3])
        select.select_option([str(p.pk) for p in people])
        card.locator("select[data-picker-head]").select_option(str(people[2].pk))
        card.get_by_role("button", name="Lưu (đã biểu quyết giơ tay)").click()
        page.wait_for_load_state()
        seats = congress.body_seats.filter(body=WorkingBodyKind.PRESIDIUM)
        assert [s.attendee_id for s in seats] == [people[2].pk, people[0].pk, people[1].pk]
    finally:
        context.close()
