"""A small congress end to end in headless Chromium: the check-in desk, the list, two clerks
keying the same batch on two laptops (one makes a mistake the comparison catches), the board's
ruling, certification, the minutes and the projector."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pypdfium2
import pytest
from docx import Document
from playwright.sync_api import expect

from daihoi.congress.models import Attendee, Batch, BatchStatus, CongressDay, Election
from daihoi.orgs.models import Member
from tests.browser.conftest import WAIT_MS, sign_in, submit
from tests.conftest import PASSWORD, Cast, Tree, make_member

pytestmark = pytest.mark.django_db(transaction=True)

# Nine official members of the ward; the last four stand for the committee (three seats).
PEOPLE = [
    "Hứa Văn Cường", "Lục Thị Duyên", "Phùng Văn Hiếu", "Sầm Thị Khuê", "Ma Văn Lợi",
    "Lâm Thị Yến", "Đàm Văn Đức", "Nguyễn Thị Ánh", "Tô Văn Dương",
]
# The order the office adds them in; the ballot numbers them by given name (Vietnamese
# collation: Ánh, Dương, Đức, Yến — "Đ" after "D", not after "Y" as in code-point order).
LIST = ["Lâm Thị Yến", "Đàm Văn Đức", "Nguyễn Thị Ánh", "Tô Văn Dương"]
BALLOT = ["Nguyễn Thị Ánh", "Tô Văn Dương", "Đàm Văn Đức", "Lâm Thị Yến"]

# The ten papers of the batch, as keyed at the keyboard: struck numbers then Enter, or a defect
# key on an empty field. Nine were issued; the tenth was not issued by the board. Valid: papers
# 1, 2, 3, 5, 6 and 9 (paper 8 keeps four names for three seats). Votes: Đức 6, Ánh 5, Dương 5,
# Yến 2; five needed (base 9).
PAPERS = ["4", "4", "2", "*", "4", "1", "-", "", "4", "/"]
ISSUED = 9


@pytest.fixture
def ward_members(tree: Tree) -> list[Member]:
    return [make_member(tree.branch_a if i % 2 else tree.branch_b, name, female="Thị" in name)
            for i, name in enumerate(PEOPLE)]


@pytest.fixture
def laptops(browser: Any) -> Iterator[tuple[Any, Any]]:
    """Two browser contexts: the two clerks' laptops (separate cookies, separate sessions)."""
    contexts = [browser.new_context(locale="vi-VN", viewport={"width": 1280, "height": 860},
                                    accept_downloads=True) for _ in range(2)]
    pages = []
    for context in contexts:
        pg = context.new_page()
        pg.set_default_timeout(WAIT_MS)
        pages.append(pg)
    yield pages[0], pages[1]
    for context in contexts:
        context.close()


def _ballots_keyed(page: Any) -> Any:
    return page.locator("#entry-state .running .n")


def key_papers(page: Any, papers: list[str], count_after: int) -> None:
    """Key papers as a clerk does, typing straight on: for each, the struck numbers then Enter,
    or a defect key alone on the empty field."""
    field = page.locator("#id_content")
    field.press_sequentially("".join(p if p in ("/", "*", "-") else f"{p}\n" for p in papers))
    expect(_ballots_keyed(page)).to_have_text(str(count_after))
    expect(field).to_have_value("")


def pdf_text(path: Path) -> str:
    pdf = pypdfium2.PdfDocument(str(path))
    return " ".join(" ".join(pg.get_textpage().get_text_range() for pg in pdf).split())


def docx_text(path: Path) -> str:
    doc = Document(str(path))
    parts = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        for row in table.rows:
            parts.extend(cell.text for cell in row.cells)
    return " ".join(" ".join(parts).split())


def test_a_small_congress_runs_from_check_in_to_signed_minutes_on_two_laptops(
    page: Any, laptops: tuple[Any, Any], live_server: Any, cast: Cast, tree: Tree,
    ward_members: list[Member], tmp_path: Path,
) -> None:
    url = live_server.url
    office = page
    sign_in(office, url, "ward_office", PASSWORD)

    # The office creates the members' congress: the roster is the ward's official members.
    office.goto(f"{url}/dai-hoi/")
    office.select_option("#id_org", str(tree.ward.pk))
    office.fill("#id_title", "Đại hội Đảng bộ phường Một nhiệm kỳ 2010–2015")
    office.fill("#id_held", "2010-05-20")
    office.get_by_role("button", name="Tạo đại hội").click()
    office.wait_for_url(re.compile(r"/dai-hoi/\d+/$"))
    congress = CongressDay.objects.get()
    assert congress.attendees.count() == len(PEOPLE)

    # The check-in desk: one person found by name (live search), the rest by their cards.
    office.goto(f"{url}/dai-hoi/{congress.pk}/diem-danh/vao/")
    expect(office.locator("h1")).to_have_text("Bàn điểm danh")
    office.fill("#id_q", "khuê")
    hit = office.locator("#search-results li", has_text="Sầm Thị Khuê")
    expect(hit).to_be_visible()
    hit.get_by_role("button", name="Điểm danh").click()
    expect(office.locator("#checkin-result")).to_contain_text("Sầm Thị Khuê đã điểm danh.")
    office.fill("#id_q", "Không Có Ai")
    expect(office.locator("#search-results")).to_contain_text("Không có ai tên như vậy.")
    token_field = office.locator("#id_token")
    for attendee in Attendee.objects.filter(congress=congress).exclude(full_name="Sầm Thị Khuê"):
        token_field.fill(attendee.token)
        token_field.press("Enter")
        expect(office.locator("#checkin-result")).to_contain_text(
            f"{attendee.full_name} đã điểm danh.")
        expect(token_field).to_have_value("")
        expect(token_field).to_be_focused()
    token_field.fill("khong-phai-the-that")
    token_field.press("Enter")
    expect(office.locator("#checkin-result")).to_contain_text("Không tìm thấy thẻ đại biểu")
    # Every check-in sends the figures along (the block also polls itself every 3 s).
    expect(office.locator("#figures .stat").nth(1).locator(".n")).to_have_text(str(len(PEOPLE)))

    # The committee election: the list from the roster, approved, numbered in ballot order.
    office.goto(f"{url}/dai-hoi/{congress.pk}/")
    office.fill("#e_title", "Bầu Ban Chấp hành Đảng bộ phường")
    office.fill("#e_seats", "3")
    office.get_by_role("button", name="Cuộc bầu cử mới").click()
    office.wait_for_url(re.compile(r"/dai-hoi/bau-cu/\d+/$"))
    election = Election.objects.get()
    for name in LIST:
        office.select_option("#c_att", label=name)
        submit(office, office.get_by_role("button", name="Thêm vào danh sách"))
        expect(office.locator("table.grid").first).to_contain_text(name)
    office.get_by_role("button", name="Đại hội biểu quyết thông qua danh sách").click()
    expect(office.locator(".consequence")).to_contain_text("không thể sửa nữa")
    office.get_by_role("button", name="Thông qua danh sách").click()
    expect(office.locator(".messages")).to_contain_text("Đã thông qua danh sách")
    rows = office.locator("table.grid").first.locator("tbody tr")
    expect(rows).to_have_count(4)
    for number, name in enumerate(BALLOT, 1):
        expect(rows.nth(number - 1)).to_contain_text(name)
        expect(rows.nth(number - 1).locator("td").first).to_have_text(str(number))
    search = office.locator("#counters-q")  # the people picker, at the keyboard
    for name in ("Counter", "Counter2"):
        search.fill(name)
        expect(office.locator("#counters-list [role=option]").first).to_have_text(name)
        search.press("Enter")
        expect(office.locator(".picker-chosen")).to_contain_text(name)
    office.get_by_role("button", name="Phân công").click()
    expect(office.locator(".consequence")).to_contain_text("Trưởng Ban kiểm phiếu: Counter")
    office.get_by_role("button", name="Phân công").click()
    expect(office.locator(".messages")).to_contain_text("Đã phân công Ban kiểm phiếu")
    office.fill("#t_issued", str(ISSUED))
    office.fill("input[name=note]", "Một phiếu không do Ban kiểm phiếu phát ra bị bỏ vào hòm.")
    totals = office.locator(f"form[action='/dai-hoi/bau-cu/{election.pk}/so-phieu/'] button")
    submit(office, totals)
    expect(office.locator("#t_issued")).to_have_value(str(ISSUED))

    # Two clerks, two laptops, the same batch, keyed at the same time.
    first, second = laptops
    sign_in(first, url, "counter", PASSWORD)
    sign_in(second, url, "counter2", PASSWORD)
    first.goto(f"{url}/dai-hoi/")
    first.get_by_role("link", name=re.compile("Bầu Ban Chấp hành")).click()
    first.get_by_role("button", name="Bắt đầu lô mới").click()
    first.wait_for_url(re.compile(r"/dai-hoi/nhap/\d+/$"))
    expect(first.locator("h1")).to_have_text("Lô 1: phần nhập của bạn")
    second.goto(f"{url}/dai-hoi/bau-cu/{election.pk}/")
    second.get_by_role("button", name="Nhập lô này").click()
    second.wait_for_url(re.compile(r"/dai-hoi/nhap/\d+/$"))
    expect(second.locator("#id_content")).to_be_focused()

    # The first clerk keys a wrong paper and undoes it with Backspace on the empty field.
    key_papers(first, ["4"], 1)
    key_papers(first, ["3"], 2)
    first.locator("#id_content").press("Backspace")
    expect(_ballots_keyed(first)).to_have_text("1")
    # A number not on the list is refused and stays in the field to be corrected.
    first.locator("#id_content").press_sequentially("7")
    first.locator("#id_content").press("Enter")
    expect(first.locator("#entry-state [role=alert]")).to_contain_text("Số 7 không có")
    expect(first.locator("#id_content")).to_have_value("7")
    first.locator("#id_content").fill("")

    # The second clerk makes one mistake: paper 3 strikes name 3 instead of name 2. Both type
    # some papers straight on without waiting for the screen, as a practised clerk does.
    mistyped = list(PAPERS)
    mistyped[2] = "3"
    bursts = {"first": {7: 9}, "second": {5: 6}}  # first paper of a burst: its last paper
    done = {"first": 1, "second": 0}
    for i in range(1, len(PAPERS) + 1):
        for who, clerk, papers in (("first", first, PAPERS), ("second", second, mistyped)):
            if done[who] >= i:
                continue
            last = bursts[who].get(i, i)
            key_papers(clerk, papers[i - 1:last], last)
            done[who] = last
    recent = first.locator("#entry-state .recent")
    expect(recent.locator("li").first).to_have_text("Phiếu không do Ban kiểm phiếu phát ra")
    expect(recent).to_contain_text("Phiếu có đánh dấu, viết thêm")
    expect(recent).to_contain_text("Phiếu ghi thêm tên người ngoài danh sách")

    for clerk in (first, second):
        clerk.get_by_role("button", name="Đã nhập xong lô").click()
        expect(clerk.locator(".consequence")).to_contain_text("Bạn đã nhập 10 phiếu")
        clerk.get_by_role("button", name="Nộp phần nhập của tôi").click()
    first.wait_for_url(f"{url}/dai-hoi/bau-cu/{election.pk}/")
    batch = Batch.objects.get()
    assert batch.status == BatchStatus.MISMATCH
    # The second clerk is taken to the mismatch, with a warning, not a green "submitted".
    second.wait_for_url(f"{url}/dai-hoi/lo/{batch.pk}/")
    expect(second.locator(".messages")).to_contain_text("hai lần nhập khác nhau")

    # The mismatch screen shows the differing paper side by side; one member reads the paper,
    # a second confirms.
    first.reload()
    first.get_by_role("link", name="Xem phiếu giấy và quyết định lô 1").click()
    expect(first.locator("h1")).to_contain_text("Hai lần nhập khác nhau")
    diff_rows = first.locator("table.grid tbody tr")
    expect(diff_rows).to_have_count(1)
    cells = diff_rows.first.locator("td")
    expect(cells.nth(0)).to_have_text("3")
    expect(cells.nth(1)).to_have_text("gạch: 2")
    expect(cells.nth(2)).to_have_text("gạch: 3")
    first.get_by_label("như lần nhập thứ nhất").check()
    first.locator("#id_note").fill("Ban kiểm phiếu xem lại phiếu số 3: gạch tên số 2.")
    first.get_by_role("button", name="Ghi cách đọc của tôi").click()
    expect(first.locator(".messages")).to_contain_text("thành viên Ban kiểm phiếu thứ hai")
    second.reload()
    second.get_by_role("button", name="Tôi đã xem phiếu giấy: xác nhận cách đọc này").click()
    second.get_by_role("button", name="Xác nhận: lô phiếu được chốt").click()
    second.wait_for_url(f"{url}/dai-hoi/bau-cu/{election.pk}/")
    batch.refresh_from_db()
    assert batch.status == BatchStatus.FINAL
    assert (batch.decided_by, batch.confirmed_by) == (cast.counter, cast.counter2)
    first.goto(f"{url}/dai-hoi/bau-cu/{election.pk}/")
    expect(first.locator("table.grid").nth(1)).to_contain_text("Đã chốt")

    # The office certifies; the result is the engine's.
    office.reload()
    stats = office.locator(".stats").last.locator(".stat")
    for i, (figure, n) in enumerate((("Phát ra", 9), ("Thu vào", 10), ("Hợp lệ", 6),
                                     ("Không hợp lệ", 4), ("Số dùng để tính", 9))):
        expect(stats.nth(i)).to_contain_text(figure)
        expect(stats.nth(i).locator(".n")).to_have_text(str(n))
    office.get_by_role("button", name="Xác nhận kết quả").click()
    expect(office.locator(".consequence")).to_contain_text("không thể thay đổi")
    office.get_by_role("button", name="Xác nhận kết quả").click()
    office.wait_for_url(f"{url}/dai-hoi/bau-cu/{election.pk}/")
    expect(office.locator(".messages")).to_contain_text("Đã xác nhận kết quả")
    election.refresh_from_db()
    assert election.status == "certified"
    assert election.result is not None
    result_rows = office.locator("table.grid").filter(has_text="Đàm Văn Đức").last.locator(
        "tbody tr")
    votes = {"Đàm Văn Đức": "6", "Nguyễn Thị Ánh": "5", "Tô Văn Dương": "5",
             "Lâm Thị Yến": "2"}
    for name, count in votes.items():
        row = result_rows.filter(has_text=name)
        expect(row.locator("td").nth(2)).to_have_text(count)
        if name == "Lâm Thị Yến":
            expect(row).not_to_contain_text("trúng cử")
        else:
            expect(row).to_contain_text("trúng cử")

    # The counting minutes, downloaded and opened.
    for label, suffix, read in (("Biên bản kiểm phiếu (PDF)", "pdf", pdf_text),
                                ("Biên bản kiểm phiếu (DOCX)", "docx", docx_text)):
        with office.expect_download() as info:
            office.get_by_role("link", name=label).click()
        download = info.value
        assert download.suggested_filename == f"bien-ban-kiem-phieu-{election.pk}.{suffix}"
        path = tmp_path / download.suggested_filename
        download.save_as(path)
        text = read(path)
        for words in ("BIÊN BẢN KIỂM PHIẾU", *BALLOT, "Counter2"):
            assert words in text, (suffix, words)

    # The projector: the elected in large type.
    office.goto(f"{url}/dai-hoi/bau-cu/{election.pk}/trinh-chieu/")
    table = office.locator(".proj-table")
    expect(table.locator("tr.elected")).to_have_count(3)
    expect(table.locator("tr.elected").first).to_contain_text("Đàm Văn Đức")
    size = table.evaluate("el => parseFloat(getComputedStyle(el).fontSize)")
    assert size >= 28
    expect(office.locator(".proj")).not_to_contain_text("chưa được Ban kiểm phiếu xác nhận")
