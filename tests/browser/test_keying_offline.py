"""The keying screen when the hall's network fails, in headless Chromium: a paper whose answer
is lost is sent again with the same key (stored once), and the papers typed meanwhile follow
it in stack order."""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import expect

from daihoi.congress import actions
from daihoi.congress.models import Election, Entry
from tests.browser.conftest import sign_in
from tests.conftest import PASSWORD, Cast
from tests.congress.conftest import Hall, hall, voting_election

__all__ = ["hall"]

pytestmark = pytest.mark.django_db(transaction=True)

OFFLINE = "Mất kết nối: nhấn Enter để gửi lại phiếu này."


@pytest.fixture
def entry(hall: Hall, cast: Cast) -> Entry:
    election: Election = voting_election(hall, cast)
    return actions.do_open_entry(election, acting_user=cast.counter)


def _keyed(entry: Entry) -> list[tuple[int, str]]:
    return list(entry.ballots.order_by("position").values_list("position", "content"))


def _open(page: Any, live_server: Any, cast: Cast, entry: Entry) -> Any:
    sign_in(page, live_server.url, cast.counter.username, PASSWORD)
    page.goto(f"{live_server.url}/dai-hoi/nhap/{entry.pk}/")
    return page.locator("#id_content")


def test_an_answer_lost_on_the_network_is_sent_again_and_stored_once(
        page: Any, live_server: Any, cast: Cast, entry: Entry) -> None:
    lost: list[str] = []

    def lose_the_first_answer(route: Any) -> None:
        if route.request.method == "POST" and not lost:
            route.fetch()  # the server stores the paper ...
            lost.append(route.request.url)
            route.abort("internetdisconnected")  # ... but its answer never arrives
        else:
            route.continue_()

    field = _open(page, live_server, cast, entry)
    page.route(re.compile(r".*/dai-hoi/nhap/\d+/$"), lose_the_first_answer)
    field.press_sequentially("2\n")
    expect(page.get_by_role("alert")).to_contain_text(OFFLINE)
    assert lost
    assert _keyed(entry) == [(1, "2")]  # stored, though the screen could not know
    field.press("Enter")  # the clerk sends it again: same key, so not a second ballot
    expect(page.locator("#entry-state .running .n")).to_have_text("1")
    assert _keyed(entry) == [(1, "2")]


def test_papers_typed_while_the_network_is_down_follow_in_stack_order(
        page: Any, live_server: Any, cast: Cast, entry: Entry) -> None:
    down = [True]

    def network(route: Any) -> None:
        if route.request.method == "POST" and down[0]:
            route.abort("internetdisconnected")
        else:
            route.continue_()

    field = _open(page, live_server, cast, entry)
    page.route(re.compile(r".*/dai-hoi/nhap/\d+/$"), network)
    field.press_sequentially("2\n")
    expect(page.get_by_role("alert").first).to_contain_text(OFFLINE)
    assert _keyed(entry) == []
    down[0] = False
    field.press_sequentially("1 3\n")  # the next paper: the one that failed goes first
    expect(page.locator("#entry-state .running .n")).to_have_text("2")
    assert _keyed(entry) == [(1, "2"), (2, "1 3")]
