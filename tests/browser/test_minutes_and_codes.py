"""The minutes as the counting board downloads them in Chromium (a draft before certification,
then the signed form: heading, A4, the board with its head, the recorded times of the
congress's day, every defect in words), and the congress and audit pages without a code, in
Vietnamese and in English."""

from __future__ import annotations

import datetime as dt
import io
import re
from typing import Any
from zoneinfo import ZoneInfo

import pypdfium2
import pytest
from docx import Document
from playwright.sync_api import expect

from daihoi.congress import actions
from daihoi.congress.models import Batch, CongressDay, Election, Entry, WorkingBodyKind
from tests.browser.conftest import sign_in
from tests.conftest import PASSWORD, Cast, Tree, make_member
from tests.congress.conftest import key_batch

pytestmark = pytest.mark.django_db(transaction=True)

TZ = ZoneInfo("Asia/Ho_Chi_Minh")
PEOPLE = ["Hứa Văn Cường", "Lục Thị Duyên", "Phùng Văn Hiếu", "Sầm Thị Khuê", "Ma Văn Lợi",
          "Lâm Thị Yến", "Đàm Văn Đức", "Nguyễn Thị Ánh", "Tô Văn Dương"]
LIST = ["Lâm Thị Yến", "Đàm Văn Đức", "Nguyễn Thị Ánh", "Tô Văn Dương"]
# Ballot numbers: 1 Ánh, 2 Dương, 3 Đức, 4 Yến (Vietnamese order of the given name).
PAPERS = ["4", "4", "2", "!other_mark", "4", "1", "!write_in", "", "4"]
# Codes that must never reach a page or a paper.
CODES = re.compile(r"\b(first|further|tie_revote|party-20\d\d|preparing|counting|certified|"
                   r"strike_out|agree_disagree|other_mark|write_in|not_issued|None|"
                   r"daihoi-election/1|counting_board|committee)\b")
# In English the words "counting", "certified", "first" are English: only the codes proper.
ENGLISH_CODES = re.compile(r"\b(tie_revote|party-20\d\d|strike_out|agree_disagree|other_mark|"
                           r"write_in|not_issued|None|daihoi-election/1|counting_board)\b"
                           r"|round: \w+")


@pytest.fixture
def counted(tree: Tree, cast: Cast) -> Election:
    """A members' congress of 2010 whose election was keyed twice: certified later."""
    for i, name in enumerate(PEOPLE):
        make_member(tree.branch_a if i % 2 else tree.branch_b, name, female="Thị" in name)
    congress = actions.do_create_congress(
        acting_user=cast.ward_office, organization=tree.ward, held_on=dt.date(2010, 6, 14),
        title="Đại hội Đảng bộ phường Một lần thứ X, nhiệm kỳ 2010–2015", rules="party-2009")
    for person in congress.attendees.all():
        actions.do_set_attendance(person, acting_user=cast.ward_office, status="present")
    outside = list(congress.attendees.exclude(full_name__in=LIST).order_by("sort_key")[:3])
    actions.do_set_working_body(congress, acting_user=cast.ward_office,
                                body=WorkingBodyKind.COUNTING_BOARD, attendees=outside)
    election = actions.do_create_election(
        congress, acting_user=cast.ward_office, title="Bầu Ban Chấp hành (diễn tập)", seats=3,
        names=LIST)
    actions.do_approve_list(election, acting_user=cast.ward_office)
    actions.do_assign_counters(election, acting_user=cast.ward_office,
                               users=[cast.counter, cast.counter2])
    if hasattr(Election, "board_head"):
        Election.objects.filter(pk=election.pk).update(board_head=cast.counter)
    actions.do_set_ballot_totals(election, acting_user=cast.ward_office, issued=9)
    batch = key_batch(election, cast.counter, PAPERS)
    key_batch(election, cast.counter2, PAPERS, batch=batch)
    # The count happened on the congress's day (as the demo records it).
    Entry.objects.filter(batch__election=election).update(
        started_at=dt.datetime(2010, 6, 14, 9, 40, tzinfo=TZ))
    Batch.objects.filter(election=election).update(
        final_at=dt.datetime(2010, 6, 14, 10, 5, tzinfo=TZ))
    election.refresh_from_db()
    return election


def _pdf_pages(content: bytes) -> list[str]:
    return [" ".join(page.get_textpage().get_text_range().split())
            for page in pypdfium2.PdfDocument(content)]


def _docx(content: bytes) -> tuple[Any, str]:
    doc = Document(io.BytesIO(content))
    parts = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        for row in table.rows:
            parts.extend(cell.text for cell in row.cells)
    return doc, " ".join(" ".join(parts).split())


def _download(page: Any, link_name: str) -> bytes:
    with page.expect_download() as info:
        page.get_by_role("link", name=link_name).click()
    path = info.value.path()
    with open(path, "rb") as f:
        return f.read()


def _visible_text(page: Any) -> str:
    return " ".join(page.locator("main").inner_text().split())


def test_minutes_downloaded_are_a_draft_then_the_signed_form(
        browser: Any, live_server: Any, cast: Cast, counted: Election) -> None:
    election = counted
    context = browser.new_context(locale="vi-VN", accept_downloads=True)
    page = context.new_page()
    page.set_default_timeout(15000)
    try:
        url = live_server.url
        sign_in(page, url, "ward_office", PASSWORD)
        page.goto(f"{url}/dai-hoi/bau-cu/{election.pk}/")

        # Before certification: a draft, on every page, in both formats.
        draft = page.request.get(f"{url}/dai-hoi/bau-cu/{election.pk}/bien-ban.pdf").body()
        for text in _pdf_pages(draft):
            assert "DỰ THẢO — chưa xác nhận" in text
        draft_docx = page.request.get(
            f"{url}/dai-hoi/bau-cu/{election.pk}/bien-ban.docx").body()
        doc, _ = _docx(draft_docx)
        assert "DỰ THẢO — chưa xác nhận" in doc.sections[0].header.paragraphs[0].text

        actions.do_certify_election(election, acting_user=cast.ward_office)
        Election.objects.filter(pk=election.pk).update(
            certified_at=dt.datetime(2010, 6, 14, 10, 30, tzinfo=TZ))
        page.reload()

        pdf = _download(page, "Biên bản kiểm phiếu (PDF)")
        pages = _pdf_pages(pdf)
        text = " ".join(pages)
        doc, docx_text = _docx(_download(page, "Biên bản kiểm phiếu (DOCX)"))
        for words in (text, docx_text):
            assert "DỰ THẢO" not in words
            # The heading: the superior and the organisation, the party, place and date.
            for part in ("ĐẢNG BỘ THÀNH PHỐ MẪU", "ĐẢNG BỘ PHƯỜNG MỘT", "ĐẢNG CỘNG SẢN VIỆT NAM",
                         "Mẫu, ngày 14 tháng 6 năm 2010"):
                assert part in words, part
            # The title once, the round in words.
            assert "Bầu Ban Chấp hành (diễn tập) – vòng 1" in words
            assert words.count("Bầu Ban Chấp hành") == 1
            # The board assigned to the election, not the congress's working body.
            assert "Counter2" in words
            head = "Counter – Trưởng ban" if hasattr(Election, "board_head") else "Counter"
            assert head in words
            # The times recorded on the congress's day.
            assert "09 giờ 40 phút, ngày 14 tháng 6 năm 2010" in words
            assert "10 giờ 05 phút, ngày 14 tháng 6 năm 2010" in words
            assert "10 giờ 30 phút, ngày 14 tháng 6 năm 2010" in words
            assert "năm 2026" not in words
            # Defects by reason, in words; citations without working notes; no code.
            assert "Phiếu có viết thêm, đánh dấu hoặc ký hiệu khác: 1" in words
            assert "Phiếu ghi thêm tên người ngoài danh sách: 1" in words
            # The rulebooks' working notes are gone; a rule's confidence is said in words.
            assert "cần đối chiếu)" not in words
            assert CODES.search(words) is None, CODES.search(words)
        # A4 both ways.
        assert [round(x) for x in pypdfium2.PdfDocument(pdf)[0].get_size()] == [595, 842]
        section = doc.sections[0]
        assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
        # The signature places of the board, in the DOCX as in the PDF.
        assert "(ký, ghi rõ họ tên)" in docx_text
        assert "(ký, ghi rõ họ tên)" in pages[-1]

        log = " ".join(_pdf_pages(_download(page, "Nhật ký nhập phiếu (PDF)")))
        assert "Phiếu 4: Phiếu có đánh dấu, viết thêm" in log
        assert "Phiếu 7: Phiếu ghi thêm tên người ngoài danh sách" in log
        assert "!" not in log
        assert CODES.search(log) is None, CODES.search(log)
    finally:
        context.close()


def test_congress_and_audit_pages_show_no_codes_in_vietnamese_or_english(
        page: Any, live_server: Any, cast: Cast, counted: Election) -> None:
    election = counted
    congress: CongressDay = election.congress
    url = live_server.url
    sign_in(page, url, "ward_office", PASSWORD)
    page.goto(f"{url}/dai-hoi/{congress.pk}/")
    expect(page.locator("main")).to_contain_text(
        "Quy chế bầu cử trong Đảng (2009) — QĐ 220-QĐ/TW")
    expect(page.locator("main")).to_contain_text("định dạng trao đổi")
    assert CODES.search(_visible_text(page)) is None, CODES.search(_visible_text(page))
    page.goto(f"{url}/dai-hoi/bau-cu/{election.pk}/")
    expect(page.locator("main")).to_contain_text("Vòng 1")
    assert CODES.search(_visible_text(page)) is None, CODES.search(_visible_text(page))
    page.goto(f"{url}/dai-hoi/")
    options = page.locator("#id_rules option")
    expect(options.first).to_have_text("Quy chế bầu cử trong Đảng (2024) — QĐ 190-QĐ/TW "
                                       "(10/10/2024); HD 04-HD/TW (31/12/2024)")
    assert CODES.search(" ".join(options.all_inner_texts())) is None

    # The same pages in English.
    page.select_option("select[name=language]", "en")
    page.wait_for_load_state()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    page.goto(f"{url}/dai-hoi/bau-cu/{election.pk}/")
    expect(page.locator("main")).to_contain_text("Round 1")
    text = _visible_text(page)
    assert ENGLISH_CODES.search(text) is None, ENGLISH_CODES.search(text)

    # The audit log, read by the superior's staff.
    page.context.clear_cookies()
    sign_in(page, url, "city_staff", PASSWORD)
    page.goto(f"{url}/nhat-ky/")
    table = page.locator("table.audit tbody")
    expect(table).to_contain_text("Tạo đại hội")
    expect(table).to_contain_text("trạng thái: Vắng mặt không có lý do → Có mặt")
    expect(table).to_contain_text("Phân công Ban kiểm phiếu")
    text = " ".join(table.inner_text().split())
    assert re.search(r"\b[a-z_]+\.[a-z_]+\b", text) is None  # no action code
    assert CODES.search(text) is None, CODES.search(text)
    for raw in ("{", "'", "["):  # no Python dict or list
        assert raw not in text, raw
