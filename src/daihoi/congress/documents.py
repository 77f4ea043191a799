"""Printed documents: the counting minutes (biên bản kiểm phiếu, DOCX and PDF), the entry log
for the archive, and the delegate cards with their check-in QR code."""

from __future__ import annotations

import io
from dataclasses import dataclass, field

import segno
from django.utils import timezone
from docx import Document
from docx.shared import Pt
from fpdf import FPDF

from daihoi.congress import counting
from daihoi.congress.keying import describe
from daihoi.congress.models import Attendee, CongressDay, Election, WorkingBodyKind
from daihoi.election import Result, explain
from daihoi.election.wording import REASON_LABELS
from daihoi.lib.cells import safe_text, without_control_characters
from daihoi.lib.pdf import add_vietnamese_fonts
from daihoi.lib.vietnamese import date_in_words

BODY_NAMES = {
    "committee": "Ban Chấp hành",
    "standing_committee": "Ban Thường vụ",
    "secretary": "Bí thư",
    "deputy_secretary": "Phó Bí thư",
    "inspection_committee": "Ủy ban Kiểm tra",
    "delegates": "đại biểu chính thức đi dự đại hội cấp trên",
    "alternate_delegates": "đại biểu dự khuyết đi dự đại hội cấp trên",
    "other": "cơ quan khác",
}


def _pdf() -> FPDF:
    pdf = FPDF(format="A4")
    add_vietnamese_fonts(pdf)
    pdf.set_auto_page_break(True, margin=15)
    pdf.set_margins(18, 15, 18)
    return pdf


@dataclass
class Minutes:
    """Every field of the counting minutes (rules.md, "Counting minutes: fields")."""

    organisation: str
    congress: str
    title: str
    body: str
    round: str
    date_words: str
    started: str
    finished: str
    seats: int
    candidates: list[str]
    board: list[str]
    convened: int
    present: int
    absent_with_reason: int
    absent_without_reason: int
    base: int
    min_votes: int | None
    issued: int
    collected: int
    valid: int
    invalid: int
    invalid_reasons: list[tuple[str, int]]
    votes: list[tuple[int, str, int, str]]  # number, name, votes, percent of the base
    elected: list[tuple[str, int, str]]
    status: str
    explanation: list[str] = field(default_factory=list)


def _time(value: object) -> str:
    if value is None:
        return "..."
    local = timezone.localtime(value)  # type: ignore[arg-type]
    return f"{local:%H} giờ {local:%M} phút, {date_in_words(local.date())}"


def minutes_data(election: Election, result: Result | None = None) -> Minutes:
    result = result or counting.result_of(election)
    if result is None:
        raise ValueError("the list is not votable")
    congress = election.congress
    fig = counting.figures(congress)
    names = {c.id: c.name for c in result.candidates}
    board = [s.attendee.full_name for s in congress.body_seats.filter(
        body=WorkingBodyKind.COUNTING_BOARD).select_related("attendee")]
    if not board:
        board = [u.full_name or u.username for u in election.counters.all()]
    by_id = {c.id: c for c in result.candidates}
    status = {"complete": "Đã bầu đủ số lượng.",
              "tie_revote_required": "Có người bằng phiếu ở vị trí cuối: phải bầu lại.",
              "seats_unfilled": "Chưa bầu đủ số lượng."}[result.status]
    convened = election.roster_convened if election.roster_convened is not None else fig.convened
    return Minutes(
        organisation=congress.organization.name,
        congress=congress.title,
        title=election.title,
        body=BODY_NAMES.get(election.body, election.body),
        round={"first": "vòng 1", "further": "bầu tiếp", "tie_revote": "bầu lại"}.get(
            election.round, election.round),
        date_words=date_in_words(congress.held_on),
        started=_time(election.counting_started_at),
        finished=_time(election.certified_at or timezone.now()),
        seats=result.seats,
        candidates=[c.name for c in result.candidates],
        board=board,
        convened=convened,
        present=fig.present,
        absent_with_reason=fig.absent_with_reason,
        absent_without_reason=fig.absent_without_reason,
        base=result.base,
        min_votes=result.min_votes,
        issued=result.issued,
        collected=result.collected,
        valid=result.valid,
        invalid=result.invalid,
        invalid_reasons=[(REASON_LABELS[r], n) for r, n in result.invalid_by_reason],
        votes=[(i, c.name, c.votes, f"{c.percent:.2f}".replace(".", ","))
               for i, c in enumerate(result.candidates, 1)],
        elected=[(names[e], by_id[e].votes, f"{by_id[e].percent:.2f}".replace(".", ","))
                 for e in result.elected],
        status=status,
        explanation=explain(result),
    )


def _minutes_lines(m: Minutes) -> list[tuple[str, str]]:
    """(style, text) lines shared by the DOCX and the PDF: h = heading, p = paragraph."""
    return [
        ("c", "ĐẢNG CỘNG SẢN VIỆT NAM"),
        ("c", m.organisation.upper()),
        ("h", "BIÊN BẢN KIỂM PHIẾU"),
        ("c", f"Bầu {m.body} ({m.title}, {m.round})"),
        ("p", f"{m.congress}, {m.date_words}."),
        ("p", f"Bắt đầu kiểm phiếu: {m.started}. Kết thúc: {m.finished}."),
        ("b", "Ban kiểm phiếu gồm:"),
        *[("p", f"{i}. {name}") for i, name in enumerate(m.board, 1)],
        ("b", f"Số lượng cần bầu: {m.seats}."),
        ("b", f"Danh sách bầu cử ({len(m.candidates)} người, theo thứ tự trên phiếu):"),
        *[("p", f"{i}. {name}") for i, name in enumerate(m.candidates, 1)],
        ("b", "Tình hình đại biểu:"),
        ("p", f"Tổng số được triệu tập: {m.convened}. Có mặt: {m.present}. "
              f"Vắng mặt có lý do: {m.absent_with_reason}. "
              f"Vắng mặt không có lý do: {m.absent_without_reason}."),
        ("p", f"Số dùng để tính tỷ lệ trúng cử: {m.base}"
              + (f"; cần ít nhất {m.min_votes} phiếu (quá một nửa)." if m.min_votes else ".")),
        ("b", "Kết quả kiểm phiếu:"),
        ("p", f"Số phiếu phát ra: {m.issued}. Số phiếu thu vào: {m.collected}. "
              f"Số phiếu hợp lệ: {m.valid}. Số phiếu không hợp lệ: {m.invalid}."),
        *[("p", f"– {label}: {n}") for label, n in m.invalid_reasons],
        ("b", "Số phiếu bầu cho từng người (tỷ lệ so với số dùng để tính):"),
        *[("p", f"{i}. {name}: {votes} phiếu, đạt {pct}%") for i, name, votes, pct in m.votes],
        ("b", "Những người trúng cử (theo thứ tự số phiếu từ cao xuống thấp):"),
        *([("p", f"{i}. {name}: {votes} phiếu ({pct}%)")
           for i, (name, votes, pct) in enumerate(m.elected, 1)]
          or [("p", "Không có người trúng cử.")]),
        ("p", m.status),
        ("b", "Diễn giải:"),
        *[("p", line) for line in m.explanation],
        ("b", "CHỮ KÝ CỦA BAN KIỂM PHIẾU"),
        *[("p", f"{name}: ............................") for name in m.board],
    ]


def minutes_docx(election: Election) -> bytes:
    m = minutes_data(election)
    doc = Document()
    style = doc.styles["Normal"]
    style.font.name = "Times New Roman"
    style.font.size = Pt(12)
    for kind, text in _minutes_lines(m):
        if kind == "h":
            doc.add_heading(text, level=1)
        else:
            para = doc.add_paragraph()
            run = para.add_run(without_control_characters(text))
            run.bold = kind in ("b", "c")
    table = doc.add_table(rows=1, cols=4)
    head = table.rows[0].cells
    for cell, text in zip(head, ["STT", "Họ và tên", "Số phiếu", "Tỷ lệ (%)"], strict=True):
        cell.text = text
    for i, name, votes, pct in m.votes:
        cells = table.add_row().cells
        for cell, text in zip(cells, [str(i), name, str(votes), pct], strict=True):
            cell.text = safe_text(text)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def minutes_pdf(election: Election) -> bytes:
    m = minutes_data(election)
    pdf = _pdf()
    pdf.add_page()
    for kind, text in _minutes_lines(m):
        if kind == "h":
            pdf.set_font("DejaVu", "B", 15)
            pdf.multi_cell(0, 9, text, align="C", new_x="LMARGIN", new_y="NEXT")
        elif kind == "c":
            pdf.set_font("DejaVu", "B", 11)
            pdf.multi_cell(0, 6, text, align="C", new_x="LMARGIN", new_y="NEXT")
        else:
            pdf.set_font("DejaVu", "B" if kind == "b" else "", 10.5)
            pdf.multi_cell(0, 5.6, text, new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


def entry_log_pdf(election: Election) -> bytes:
    """Who keyed what and when, which batches matched, and the board's rulings."""
    form = counting.form_of(election) or "strike_out"
    pdf = _pdf()
    pdf.add_page()
    pdf.set_font("DejaVu", "B", 14)
    pdf.multi_cell(0, 8, "NHẬT KÝ NHẬP PHIẾU", align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("DejaVu", "", 10)
    pdf.multi_cell(0, 5.5, f"{election.congress.title} – {election.title}",
                   align="C", new_x="LMARGIN", new_y="NEXT")
    status_words = {"open": "đang nhập", "mismatch": "chênh lệch", "final": "đã thống nhất"}
    for batch in election.batches.prefetch_related("entries__clerk", "entries__ballots"):
        pdf.ln(2)
        pdf.set_font("DejaVu", "B", 11)
        how = "nhập từ tệp" if batch.imported else status_words.get(batch.status, batch.status)
        pdf.multi_cell(0, 6, f"Lô {batch.number}: {how}", new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("DejaVu", "", 9)
        for entry in batch.entries.all():
            who = entry.clerk.full_name or entry.clerk.username
            when = f"{timezone.localtime(entry.started_at):%H:%M:%S %d/%m/%Y}"
            done = (f"{timezone.localtime(entry.submitted_at):%H:%M:%S}"
                    if entry.submitted_at else "chưa xong")
            ballots = list(entry.ballots.all())
            pdf.multi_cell(0, 5, f"  Người nhập: {who}; bắt đầu {when}; kết thúc {done}; "
                                 f"{len(ballots)} phiếu.", new_x="LMARGIN", new_y="NEXT")
            text = "; ".join(f"{k.position}: {k.content or '-'}" for k in ballots)
            pdf.multi_cell(0, 4.5, f"    {text}", new_x="LMARGIN", new_y="NEXT")
        if batch.decision_note:
            decided = [f"{f.position}: {describe(f.content, form)}"
                       for f in batch.final_ballots.filter(decided=True)]
            pdf.multi_cell(0, 5, "  Quyết định của Ban kiểm phiếu: " + batch.decision_note
                           + (" (" + "; ".join(decided) + ")" if decided else ""),
                           new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


def cards_pdf(congress: CongressDay, attendees: list[Attendee]) -> bytes:
    """Delegate cards, eight to an A4 page; the QR code holds only the card's opaque token."""
    pdf = _pdf()
    pdf.set_auto_page_break(False)
    card_w, card_h = 87.0, 62.0
    for i, person in enumerate(attendees):
        if i % 8 == 0:
            pdf.add_page()
        col, row = i % 2, (i % 8) // 2
        x, y = 15 + col * (card_w + 6), 12 + row * (card_h + 6)
        pdf.rect(x, y, card_w, card_h)
        pdf.set_xy(x + 3, y + 3)
        pdf.set_font("DejaVu", "B", 8)
        pdf.multi_cell(card_w - 6, 4, congress.title.upper(), align="C")
        pdf.set_font("DejaVu", "B", 12)
        pdf.set_xy(x + 3, y + 16)
        pdf.multi_cell(card_w - 36, 6, person.full_name)
        pdf.set_font("DejaVu", "", 9)
        pdf.set_xy(x + 3, y + 40)
        pdf.multi_cell(card_w - 36, 5, person.get_role_display())
        qr = segno.make(person.token, error="m")
        img = io.BytesIO()
        qr.save(img, kind="png", scale=6, border=1)
        img.seek(0)
        pdf.image(img, x=x + card_w - 31, y=y + 16, w=28, h=28)
    if not attendees:
        pdf.add_page()
    return bytes(pdf.output())
