"""A person's paths through the foundation's pages, in headless Chromium."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook
from playwright.sync_api import expect

from daihoi.orgs.importing import HEADERS
from daihoi.orgs.models import Member
from tests.browser.conftest import sign_in, submit
from tests.conftest import PASSWORD, Cast

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _argon_free(settings: Any) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def test_each_role_sees_its_own_scope(page: Any, live_server: Any, cast: Cast,
                                      members: list[Member]) -> None:
    expectations = {
        "city_staff": (True, "Đảng bộ phường Một", True),
        "ward_office": (False, "Chi bộ khối A", False),
        "counter": (False, "Chi bộ khối B", False),
        "observer": (False, "Chi bộ Trường Hai", False),
        "outsider": (True, "Đảng bộ phường Chín", False),
    }
    for username, (sees_users, visible, sees_school) in expectations.items():
        page.context.clear_cookies()
        sign_in(page, live_server.url, username, PASSWORD)
        nav = page.locator("header nav").inner_text()
        assert ("Người dùng" in nav) == sees_users, username
        page.goto(f"{live_server.url}/to-chuc/")
        text = page.locator("main").inner_text()
        assert visible in text, username
        assert ("Chi bộ Trường Hai" in text) == (sees_school or username == "observer"), username
        if username != "outsider":
            assert "Đảng bộ phường Chín" not in text, username


def test_a_members_file_with_errors_is_reported_row_by_row(
    page: Any, live_server: Any, cast: Cast, tmp_path: Path
) -> None:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.append(HEADERS)
    ws.append(["Hoàng Văn Bình", "Nam", "12/03/1975", "Tày", "Chính thức", "19/05/2001",
               "T-TP-P1-A", "", ""])
    ws.append(["Lý Thị Chi", "Nữ", "30/02/1980", "Nùng", "Dự bị", "03/02/2009", "T-TP-P1-B",
               "", ""])
    path = tmp_path / "danh-sach.xlsx"
    buffer = io.BytesIO()
    wb.save(buffer)
    path.write_bytes(buffer.getvalue())
    sign_in(page, live_server.url, "ward_office", PASSWORD)
    page.goto(f"{live_server.url}/to-chuc/dang-vien/nhap/")
    page.set_input_files("input[type=file]", str(path))
    submit(page, page.locator("button.primary"))
    problems = page.locator("#import-problems")
    expect(problems).to_contain_text("3")
    expect(problems).to_contain_text("Ngày sinh")
    expect(page.locator(".messages")).to_contain_text("Chưa nhập gì")
    assert Member.objects.count() == 0
    page.check("input[name=good_rows_only]")
    page.set_input_files("input[type=file]", str(path))
    submit(page, page.locator("button.primary"))
    expect(page.locator(".messages")).to_contain_text("Đã nhập 1 đảng viên")
    assert Member.objects.count() == 1


def test_the_language_switch_turns_the_pages_english(page: Any, live_server: Any,
                                                     cast: Cast) -> None:
    sign_in(page, live_server.url, "observer", PASSWORD)
    assert "Tổng quan" in page.locator("header nav").inner_text()
    with page.expect_navigation():
        page.select_option("select[name=language]", "en")
    assert "Overview" in page.locator("header nav").inner_text()
