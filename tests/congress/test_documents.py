"""The counting minutes carry every field of rules.md ("Counting minutes: fields"), in the
party's document form, in words only; the entry log likewise."""

from __future__ import annotations

import datetime as dt
import io
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pypdfium2
import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from docx import Document

from daihoi.congress import actions, documents
from daihoi.congress.models import Batch, Election, Entry, WorkingBodyKind
from daihoi.lib.vietnamese import date_in_words
from tests.conftest import PASSWORD, Cast
from tests.congress.conftest import Hall, key_batch, voting_election

BALLOTS = ["4", "3", "1 2", "!not_issued", "4", "2", "3", "4", "1", ""]
TZ = ZoneInfo("Asia/Ho_Chi_Minh")

REQUIRED = [
    "BIÊN BẢN KIỂM PHIẾU",
    "Số lượng cần bầu: 3",                       # seats
    "Danh sách bầu cử (4 người, theo thứ tự trên phiếu)",  # the list in ballot order
    "1. Hoàng Văn Bình",
    "Ban kiểm phiếu gồm",                        # counting board members
    "Counter",
    "Counter2",
    "Tổng số được triệu tập: 11",                 # roster figures
    "Có mặt: 10",
    "Vắng mặt có lý do: 1",
    "Vắng mặt không có lý do: 0",
    "Số phiếu phát ra: 10",                       # ballots
    "Số phiếu thu vào: 10",
    "Số phiếu hợp lệ: 8",
    "Số phiếu không hợp lệ: 2",
    "Phiếu không do ban kiểm phiếu phát ra",      # invalid with reasons
    "Phiếu để lại số tên nhiều hơn số lượng cần bầu",
    "6 phiếu, đạt 60,00%",                        # votes with percent of the base
    "Những người trúng cử",                       # the elected, most votes first
    "Bắt đầu kiểm phiếu",                         # time
    "Kết thúc kiểm phiếu",
    "Ban kiểm phiếu xác nhận kết quả",
    "TRƯỞNG BAN KIỂM PHIẾU",                      # signatures: the head's, or the members'
]


def _counted(hall: Hall, cast: Cast, *, certify: bool = True,
             ballots: list[str] | None = None) -> Election:
    # The congress's counting board (working body) is not the board assigned to this
    # election: the minutes name the election's.
    board = list(hall.congress.attendees.filter(full_name="Bế Văn Phúc"))
    actions.do_set_working_body(hall.congress, acting_user=cast.ward_office,
                                body=WorkingBodyKind.COUNTING_BOARD, attendees=board)
    election = voting_election(hall, cast)
    _make_head(election, cast)
    batch = key_batch(election, cast.counter, ballots or BALLOTS)
    key_batch(election, cast.counter2, ballots or BALLOTS, batch=batch)
    if certify:
        actions.do_certify_election(election, acting_user=cast.ward_office)
    election.refresh_from_db()
    return election


def _make_head(election: Election, cast: Cast) -> None:
    """Counter2 heads the board, where elections record a head (a field of the sealing work);
    without it every assigned user signs as a member."""
    if hasattr(Election, "board_head"):
        Election.objects.filter(pk=election.pk).update(board_head=cast.counter2)
    election.refresh_from_db()


def _squash(text: str) -> str:
    return " ".join(text.split())


def _docx_text(content: bytes) -> str:
    doc = Document(io.BytesIO(content))
    parts = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        for row in table.rows:
            parts.extend(cell.text for cell in row.cells)
    return _squash(" ".join(parts))


def _pdf_pages(content: bytes) -> list[str]:
    pdf = pypdfium2.PdfDocument(content)
    return [_squash(page.get_textpage().get_text_range()) for page in pdf]


def _pdf_text(content: bytes) -> str:
    return " ".join(_pdf_pages(content))


def test_minutes_docx_has_every_required_field(hall: Hall, cast: Cast) -> None:
    election = _counted(hall, cast)
    text = _docx_text(documents.minutes_docx(election))
    for field in REQUIRED:
        if field == "TRƯỞNG BAN KIỂM PHIẾU" and not hasattr(Election, "board_head"):
            field = "THÀNH VIÊN"
        assert field in text, field


def test_minutes_pdf_has_every_required_field(hall: Hall, cast: Cast) -> None:
    election = _counted(hall, cast)
    text = _pdf_text(documents.minutes_pdf(election))
    for field in REQUIRED:
        if field == "TRƯỞNG BAN KIỂM PHIẾU" and not hasattr(Election, "board_head"):
            field = "THÀNH VIÊN"
        assert field in text, field


def test_minutes_open_with_the_two_column_heading_of_a_party_document(
        hall: Hall, cast: Cast) -> None:
    election = _counted(hall, cast)
    doc = Document(io.BytesIO(documents.minutes_docx(election)))
    left, right = doc.tables[0].rows[0].cells
    assert [p.text for p in left.paragraphs] == [
        "ĐẢNG BỘ THÀNH PHỐ MẪU", "ĐẢNG BỘ PHƯỜNG MỘT", "*"]
    assert right.paragraphs[0].text == "ĐẢNG CỘNG SẢN VIỆT NAM"
    # The place is the city the ward belongs to; the date is the congress's.
    assert right.paragraphs[-1].text == "Mẫu, ngày 20 tháng 5 năm 2010"
    first_page = _pdf_pages(documents.minutes_pdf(election))[0]
    assert first_page.index("ĐẢNG CỘNG SẢN VIỆT NAM") < first_page.index("BIÊN BẢN KIỂM PHIẾU")
    assert "Mẫu, ngày 20 tháng 5 năm 2010" in first_page


def test_minutes_are_a4_in_pdf_and_docx(hall: Hall, cast: Cast) -> None:
    election = _counted(hall, cast)
    section = Document(io.BytesIO(documents.minutes_docx(election))).sections[0]
    assert section.page_width is not None
    assert section.page_height is not None
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    for page in pypdfium2.PdfDocument(documents.minutes_pdf(election)):
        width, height = page.get_size()
        assert (round(width), round(height)) == (595, 842)  # A4 in points


def test_minutes_name_the_board_assigned_to_the_election_not_the_congress_working_body(
        hall: Hall, cast: Cast) -> None:
    election = _counted(hall, cast)
    text = _pdf_text(documents.minutes_pdf(election))
    assert "Bế Văn Phúc" not in text
    if hasattr(Election, "board_head"):
        assert "1. Counter2 – Trưởng ban" in text
        assert "2. Counter – Thành viên" in text
        assert text.index("TRƯỞNG BAN KIỂM PHIẾU") < text.index("THÀNH VIÊN")
    else:
        assert "1. Counter – Thành viên" in text


def test_minutes_of_an_election_counted_elsewhere_name_the_congress_counting_board(
        hall: Hall, cast: Cast) -> None:
    election = _counted(hall, cast)
    election.counters.clear()
    text = _docx_text(documents.minutes_docx(election))
    assert "1. Bế Văn Phúc – Trưởng ban" in text
    assert "TRƯỞNG BAN KIỂM PHIẾU" in text


def test_minutes_print_the_recorded_times_on_the_congress_date(hall: Hall, cast: Cast) -> None:
    election = _counted(hall, cast)
    Entry.objects.filter(batch__election=election).update(
        started_at=dt.datetime(2010, 5, 20, 9, 5, tzinfo=TZ))
    Batch.objects.filter(election=election).update(
        final_at=dt.datetime(2010, 5, 20, 9, 50, tzinfo=TZ))
    Election.objects.filter(pk=election.pk).update(
        certified_at=dt.datetime(2010, 5, 20, 10, 15, tzinfo=TZ))
    election.refresh_from_db()
    text = _pdf_text(documents.minutes_pdf(election))
    assert ("Bắt đầu kiểm phiếu (nhập phiếu đầu tiên): 09 giờ 05 phút, "
            "ngày 20 tháng 5 năm 2010.") in text
    assert ("Kết thúc kiểm phiếu (lô phiếu cuối cùng được thống nhất): 09 giờ 50 phút, "
            "ngày 20 tháng 5 năm 2010.") in text
    assert "Ban kiểm phiếu xác nhận kết quả: 10 giờ 15 phút, ngày 20 tháng 5 năm 2010." in text
    assert date_in_words(timezone.localdate()) not in text


def test_a_time_that_was_not_recorded_is_left_out_not_taken_from_the_clock(
        hall: Hall, cast: Cast) -> None:
    election = _counted(hall, cast, certify=False)
    Entry.objects.filter(batch__election=election).delete()
    Batch.objects.filter(election=election).update(final_at=None)
    text = _pdf_text(documents.minutes_pdf(election))
    assert "Bắt đầu kiểm phiếu" not in text
    assert "Kết thúc kiểm phiếu" not in text
    assert "xác nhận kết quả:" not in text
    assert date_in_words(timezone.localdate()) not in text


def test_the_title_is_written_once_and_the_round_in_words(hall: Hall, cast: Cast) -> None:
    election = _counted(hall, cast)
    Election.objects.filter(pk=election.pk).update(title="Bầu Ban Chấp hành (diễn tập)")
    election.refresh_from_db()
    for text in (_pdf_text(documents.minutes_pdf(election)),
                 _docx_text(documents.minutes_docx(election))):
        assert "Bầu Ban Chấp hành (diễn tập) – vòng 1" in text
        assert text.count("Bầu Ban Chấp hành") == 1
        assert "first" not in text


def test_minutes_before_certification_say_draft_on_every_page(hall: Hall, cast: Cast) -> None:
    election = _counted(hall, cast, certify=False)
    pages = _pdf_pages(documents.minutes_pdf(election))
    assert len(pages) >= 2
    for page in pages:
        assert "DỰ THẢO — chưa xác nhận" in page
    doc = Document(io.BytesIO(documents.minutes_docx(election)))
    for section in doc.sections:  # the page header repeats on every page
        assert "DỰ THẢO — chưa xác nhận" in " ".join(p.text for p in section.header.paragraphs)
    for page in _pdf_pages(documents.entry_log_pdf(election)):
        assert "DỰ THẢO — chưa xác nhận" in page


def test_certified_minutes_carry_no_draft_mark(hall: Hall, cast: Cast) -> None:
    election = _counted(hall, cast)
    assert "DỰ THẢO" not in _pdf_text(documents.minutes_pdf(election))
    doc = Document(io.BytesIO(documents.minutes_docx(election)))
    assert "DỰ THẢO" not in " ".join(p.text for s in doc.sections for p in s.header.paragraphs)


def test_minutes_certified_again_say_which_minutes_they_replace_and_why() -> None:
    earlier = SimpleNamespace(number=1, certified_at=dt.datetime(2010, 5, 20, 10, 15, tzinfo=TZ),
                              reopened_at=dt.datetime(2010, 5, 20, 10, 40, tzinfo=TZ),
                              reopen_reason="Ban kiểm phiếu đếm lại lô 2 theo yêu cầu đại hội")
    current = SimpleNamespace(number=2, replaces=earlier, digest="ab" * 32)
    lines = documents.replaced_minutes(current)
    assert lines[0] == ("Biên bản này (lần xác nhận thứ 2) thay thế biên bản kiểm phiếu lập khi "
                        "kết quả được xác nhận lần thứ 1, lúc 10 giờ 15 phút, ngày 20 tháng 5 "
                        "năm 2010.")
    assert lines[1] == ("Kết quả đã xác nhận được mở lại lúc 10 giờ 40 phút, ngày 20 tháng 5 năm "
                        "2010, lý do: Ban kiểm phiếu đếm lại lô 2 theo yêu cầu đại hội.")
    assert documents.replaced_minutes(None) == []
    first = SimpleNamespace(number=1, replaces=None, digest="")
    assert documents.replaced_minutes(first) == []


def test_citations_are_printed_without_the_rulebooks_working_notes(
        hall: Hall, cast: Cast) -> None:
    # party-2009 cites the ballot rules as "Điều về phiếu bầu (tương ứng Điều 17 QĐ 244; cần
    # đối chiếu)": a note for whoever checks the rulebook, not for the official minutes.
    hall.congress.rules = "party-2009"
    hall.congress.save()
    election = _counted(hall, cast, ballots=["!other_mark", *BALLOTS[1:]])
    text = _pdf_text(documents.minutes_pdf(election))
    assert "Phiếu thứ 1: Ban kiểm phiếu kết luận không hợp lệ" in text
    assert "điều về phiếu bầu" in text
    # The rulebook's working note is gone; the rule's confidence is said in plain words.
    assert "tương ứng Điều 17" not in text
    assert "cần đối chiếu)" not in text
    assert "chưa đối chiếu được với nguyên văn văn bản" in text
    assert "other_mark" not in text
    assert documents.clean_citation(
        "(căn cứ: Điều về danh sách bầu cử (số điều cần đối chiếu), QĐ 220-QĐ/TW).") == (
        "(căn cứ: Điều về danh sách bầu cử, QĐ 220-QĐ/TW).")


def test_entry_log_writes_every_ballot_and_defect_in_words(hall: Hall, cast: Cast) -> None:
    election = _counted(hall, cast, ballots=["!other_mark", "!write_in", *BALLOTS[2:]])
    text = _pdf_text(documents.entry_log_pdf(election))
    assert "Phiếu 1: Phiếu có đánh dấu, viết thêm" in text
    assert "Phiếu 2: Phiếu ghi thêm tên người ngoài danh sách" in text
    assert "Phiếu 3: gạch: 1 2" in text
    assert "Phiếu 10: không gạch ai" in text
    assert "!" not in text
    assert "ĐẢNG CỘNG SẢN VIỆT NAM" in text
    assert "Bầu Ban Chấp hành – vòng 1" in text


def test_entry_log_and_cards_download(hall: Hall, cast: Cast) -> None:
    election = _counted(hall, cast)
    client = Client()
    client.login(username="ward_office", password=PASSWORD)
    log = client.get(reverse("congress:entry_log", kwargs={"pk": election.pk}))
    assert log.status_code == 200
    assert log.content.startswith(b"%PDF")
    text = _pdf_text(log.content)
    for words in ("NHẬT KÝ NHẬP PHIẾU", "Counter2", "đã thống nhất"):
        assert words in text
    cards = client.get(reverse("congress:cards", kwargs={"pk": hall.congress.pk}))
    assert cards.content.startswith(b"%PDF")
    for name in ("minutes_docx", "minutes_pdf"):
        url = reverse(f"congress:{name}", kwargs={"pk": election.pk})
        assert client.get(url).status_code == 200


def test_a_later_round_is_named_once_with_its_number() -> None:
    first = SimpleNamespace(pk=1, previous=None, round="first",
                            title="Bầu Ban Chấp hành Đảng bộ phường")
    further = SimpleNamespace(pk=2, previous=first, round="further",
                              title="Bầu Ban Chấp hành Đảng bộ phường (bầu tiếp)")
    revote = SimpleNamespace(pk=3, previous=further, round="tie_revote",
                             title="Bầu bổ sung Ban Chấp hành")
    assert documents.title_of(first) == "Bầu Ban Chấp hành Đảng bộ phường – vòng 1"  # type: ignore[arg-type]
    assert documents.title_of(further) == (  # type: ignore[arg-type]
        "Bầu Ban Chấp hành Đảng bộ phường (bầu tiếp) – vòng 2")
    assert documents.title_of(revote) == (  # type: ignore[arg-type]
        "Bầu bổ sung Ban Chấp hành – vòng 3 (bầu lại giữa những người bằng phiếu)")


def test_minutes_after_a_reopening_say_which_minutes_they_replace_and_why(
        hall: Hall, cast: Cast) -> None:
    reopen = getattr(actions, "do_reopen_election", None)
    if reopen is None:
        pytest.skip("reopening a certified result is not on this branch yet")
    election = _counted(hall, cast)  # Counter2 heads the board
    reopen(election, acting_user=cast.counter2, reason="Đếm lại lô 1 theo yêu cầu đại hội")
    election.refresh_from_db()
    assert "DỰ THẢO — chưa xác nhận" in _pdf_text(documents.minutes_pdf(election))
    actions.do_certify_election(election, acting_user=cast.ward_office)
    election.refresh_from_db()
    for text in (_pdf_text(documents.minutes_pdf(election)),
                 _docx_text(documents.minutes_docx(election))):
        assert ("Biên bản này (lần xác nhận thứ 2) thay thế biên bản kiểm phiếu lập khi kết quả "
                "được xác nhận lần thứ 1") in text
        assert "lý do: Đếm lại lô 1 theo yêu cầu đại hội." in text
        assert "DỰ THẢO" not in text
