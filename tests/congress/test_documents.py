"""The counting minutes carry every field of rules.md ("Counting minutes: fields")."""

from __future__ import annotations

import io

import pypdfium2
from django.test import Client
from django.urls import reverse
from docx import Document

from daihoi.congress import actions, documents
from daihoi.congress.models import Election, WorkingBodyKind
from tests.conftest import PASSWORD, Cast
from tests.congress.conftest import Hall, key_batch, voting_election

BALLOTS = ["4", "3", "1 2", "!not_issued", "4", "2", "3", "4", "1", ""]

REQUIRED = [
    "BIÊN BẢN KIỂM PHIẾU",
    "Số lượng cần bầu: 3",                       # seats
    "Danh sách bầu cử (4 người, theo thứ tự trên phiếu)",  # the list in ballot order
    "1. Hoàng Văn Bình",
    "Ban kiểm phiếu gồm",                        # counting board members
    "Bế Văn Phúc",
    "Tổng số được triệu tập: 11",                 # roster figures
    "Có mặt: 10",
    "Vắng mặt có lý do: 1",
    "Vắng mặt không có lý do: 0",
    "Số phiếu phát ra: 10",                       # ballots
    "Số phiếu thu vào: 10",
    "Số phiếu hợp lệ: 8",
    "Số phiếu không hợp lệ: 2",
    "phiếu không do ban kiểm phiếu phát ra",      # invalid with reasons
    "phiếu để lại số tên nhiều hơn số lượng cần bầu",
    "6 phiếu, đạt 60,00%",                        # votes with percent of the base
    "Những người trúng cử",                       # the elected, most votes first
    "Bắt đầu kiểm phiếu",                         # time
    "CHỮ KÝ CỦA BAN KIỂM PHIẾU",                  # signatures
]


def _counted(hall: Hall, cast: Cast) -> Election:
    board = list(hall.congress.attendees.filter(full_name="Bế Văn Phúc"))
    actions.do_set_working_body(hall.congress, acting_user=cast.ward_office,
                                body=WorkingBodyKind.COUNTING_BOARD, attendees=board)
    election = voting_election(hall, cast)
    batch = key_batch(election, cast.counter, BALLOTS)
    key_batch(election, cast.counter2, BALLOTS, batch=batch)
    actions.do_certify_election(election, acting_user=cast.ward_office)
    return election


def _squash(text: str) -> str:
    return " ".join(text.split())


def test_minutes_docx_has_every_required_field(hall: Hall, cast: Cast) -> None:
    election = _counted(hall, cast)
    doc = Document(io.BytesIO(documents.minutes_docx(election)))
    text = _squash("\n".join(p.text for p in doc.paragraphs))
    for field in REQUIRED:
        assert field in text, field


def test_minutes_pdf_has_every_required_field(hall: Hall, cast: Cast) -> None:
    election = _counted(hall, cast)
    pdf = pypdfium2.PdfDocument(documents.minutes_pdf(election))
    text = _squash(" ".join(page.get_textpage().get_text_range() for page in pdf))
    for field in REQUIRED:
        assert field in text, field


def test_entry_log_and_cards_download(hall: Hall, cast: Cast) -> None:
    election = _counted(hall, cast)
    client = Client()
    client.login(username="ward_office", password=PASSWORD)
    log = client.get(reverse("congress:entry_log", kwargs={"pk": election.pk}))
    assert log.status_code == 200
    assert log.content.startswith(b"%PDF")
    pdf = pypdfium2.PdfDocument(log.content)
    text = _squash(" ".join(page.get_textpage().get_text_range() for page in pdf))
    for words in ("NHẬT KÝ NHẬP PHIẾU", "Counter2", "đã thống nhất"):
        assert words in text
    cards = client.get(reverse("congress:cards", kwargs={"pk": hall.congress.pk}))
    assert cards.content.startswith(b"%PDF")
    for name in ("minutes_docx", "minutes_pdf"):
        url = reverse(f"congress:{name}", kwargs={"pk": election.pk})
        assert client.get(url).status_code == 200
