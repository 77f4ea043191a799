"""Browser tests: Playwright driving Debian's chromium (no browser download).

Under CI=true a missing chromium is an error, not a skip.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import expect

CHROMIUM = os.environ.get("DAIHOI_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]

# How long a test waits for the state it needs (Playwright's own default is 5 s for `expect`):
# generous, because a busy machine (CI, two cores shared with other work) can take seconds to
# answer; a passing test never waits this long, so it costs nothing when all is well.
WAIT_MS = 30_000
expect.set_options(timeout=WAIT_MS)

# Playwright's sync API runs an event loop in the test thread; the database calls that the
# test itself makes (fixtures) are still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "tests/browser" in str(item.path):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    if not os.path.exists(CHROMIUM):
        if os.environ.get("CI") == "true":
            pytest.fail(f"CI=true and chromium is missing at {CHROMIUM}")
        pytest.skip("chromium is not installed (scripts/test installs it)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(locale="vi-VN", viewport={"width": 1280, "height": 860})
    pg = context.new_page()
    pg.set_default_timeout(WAIT_MS)
    yield pg
    context.close()


def sign_in(page: Any, base_url: str, username: str, password: str) -> None:
    page.goto(f"{base_url}/dang-nhap/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.click("button.primary")
    page.wait_for_url(f"{base_url}/")


def submit(page: Any, button: Any) -> None:
    """Click a button of a plain form and wait for the page the server answers with: the form
    may post to the page it is on, so waiting for the address would not wait at all."""
    with page.expect_navigation():
        button.click()
