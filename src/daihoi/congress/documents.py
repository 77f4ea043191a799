"""Printed documents: the counting minutes (biên bản kiểm phiếu, DOCX and PDF), the entry log
for the archive, and the delegate cards with their check-in QR code.

The minutes follow the party's document form: a two-column heading (the superior and the
organisation on the left; "ĐẢNG CỘNG SẢN VIỆT NAM", the place and the congress's date on the
right), A4, the board's signature block. Everything on them is in words: no code, no working
note of a rulebook. Times are those recorded when each thing happened (an entry opened, the last
batch agreed, the result certified), never the clock at printing; a time not recorded is not
printed. Minutes of an election not yet certified say "DỰ THẢO — chưa xác nhận" on every page.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

import segno
from django.db.models import Max, Min
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor
from docx.table import Table
from docx.text.paragraph import Paragraph
from fpdf import FPDF

from daihoi.audit.log import head_lines
from daihoi.congress import counting, labels
from daihoi.congress.keying import describe
from daihoi.congress.models import (
    Attendee,
    BatchStatus,
    CongressDay,
    Election,
    ElectionStatus,
    Entry,
    WorkingBodyKind,
)
from daihoi.election import Result, explain
from daihoi.election.wording import REASON_LABELS
from daihoi.lib.cells import safe_text, without_control_characters
from daihoi.lib.pdf import SERIF, add_vietnamese_fonts
from daihoi.lib.vietnamese import date_in_words
from daihoi.orgs.models import Organization

DRAFT_MARK = "DỰ THẢO — chưa xác nhận"
PARTY = "ĐẢNG CỘNG SẢN VIỆT NAM"
HEAD = "Trưởng ban"
MEMBER = "Thành viên"
# Names of organisations whose remainder is the place written on a document
# ("Đảng bộ thành phố Lạng Sơn" -> "Lạng Sơn").
_PLACE_PREFIXES = ("đảng bộ thành phố ", "đảng bộ tỉnh ", "đảng bộ thị xã ", "đảng bộ huyện ",
                   "đảng bộ quận ")
# A rulebook's working note inside a citation: "(cần đối chiếu)", "(số điều cần đối chiếu)",
# "(tương ứng Điều 17 QĐ 244; cần đối chiếu)". The minutes print the citation without it.
_WORKING_NOTE = re.compile(r"\s*\([^()]*đối chiếu[^()]*\)")
_STATUS = {"complete": "Đã bầu đủ số lượng cần bầu.",
           "tie_revote_required": "Có người bằng phiếu ở vị trí cuối cùng: phải bầu lại giữa "
                                  "những người bằng phiếu.",
           "seats_unfilled": "Chưa bầu đủ số lượng cần bầu."}


def _pdf(*, draft: bool = False) -> FPDF:
    pdf = _Paper(draft=draft)
    add_vietnamese_fonts(pdf, italic=True, serif=True)
    pdf.set_auto_page_break(True, margin=18)
    pdf.set_margins(25, 18, 18)
    return pdf


class _Paper(FPDF):
    """An A4 page; a draft carries the draft mark across every page, under the text."""

    def __init__(self, *, draft: bool) -> None:
        super().__init__(format="A4")
        self.draft = draft

    def header(self) -> None:
        if not self.draft:
            return
        with self.local_context(fill_opacity=0.16, text_color=(200, 0, 0)):
            self.set_font(SERIF, "B", 44)
            width = self.get_string_width(DRAFT_MARK)
            x, y = self.w / 2, self.h / 2
            with self.rotation(40, x, y):
                self.text(x - width / 2, y, DRAFT_MARK)
        with self.local_context(text_color=(200, 0, 0)):
            self.set_font(SERIF, "B", 10)
            self.set_y(7)
            self.cell(0, 5, DRAFT_MARK, align="C")
        self.set_y(self.t_margin)


def clean_citation(text: str) -> str:
    """A sentence without the rulebook's working notes ("… (cần đối chiếu)")."""
    return _WORKING_NOTE.sub("", text)


def place_of(organization: Organization) -> str:
    """The place written before the date: the city, district or province the organisation
    belongs to ("Lạng Sơn"); "" when the tree does not say."""
    org: Organization | None = organization
    while org is not None:
        lower = org.name.lower()
        for prefix in _PLACE_PREFIXES:
            if lower.startswith(prefix):
                return org.name[len(prefix):].strip()
        org = org.parent
    return ""


def _when(value: dt.datetime) -> str:
    local = timezone.localtime(value)
    return f"{local:%H} giờ {local:%M} phút, {date_in_words(local.date())}"


@dataclass(frozen=True)
class Signer:
    name: str
    role: str  # HEAD or MEMBER


@dataclass(frozen=True)
class Heading:
    """The two columns on top of a party document."""

    left: list[str]  # the superior, the organisation (bold)
    place_date: str  # "Lạng Sơn, ngày 14 tháng 6 năm 2010"


@dataclass
class Minutes:
    """Every field of the counting minutes (rules.md, "Counting minutes: fields")."""

    heading: Heading
    draft: bool
    replaces: list[str]
    organisation: str
    congress: str
    title: str  # with the round in words
    date_words: str
    times: list[str]
    seats: int
    candidates: list[str]
    board: list[Signer]
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


def heading_of(congress: CongressDay) -> Heading:
    org = congress.organization
    left = [org.parent.name.upper()] if org.parent is not None else []
    left.append(org.name.upper())
    place = place_of(org)
    date = date_in_words(congress.held_on)
    return Heading(left, f"{place}, {date}" if place else date[:1].upper() + date[1:])


def board_of(election: Election) -> list[Signer]:
    """The counting board of the election as assigned (its head first, when one is recorded,
    then the members by name); an election with no board users assigned (counted elsewhere and
    imported) names the congress's counting board, its head first."""
    people = sorted(election.counters.all(), key=lambda u: (u.full_name or u.username))
    if not people:
        seats = election.congress.body_seats.filter(
            body=WorkingBodyKind.COUNTING_BOARD).select_related("attendee")
        return [Signer(s.attendee.full_name, HEAD if i == 0 else MEMBER)
                for i, s in enumerate(seats)]
    head_pk = getattr(getattr(election, "board_head", None), "pk", None)
    ordered = sorted(people, key=lambda u: u.pk != head_pk)
    return [Signer(u.full_name or u.username, HEAD if u.pk == head_pk else MEMBER)
            for u in ordered]


def times_of(election: Election) -> list[str]:
    """When the count began (the first entry opened), ended (the last batch agreed) and was
    certified, as recorded; a time that was not recorded is left out."""
    lines = []
    started = Entry.objects.filter(batch__election=election).aggregate(t=Min("started_at"))["t"]
    if started is not None:
        lines.append(f"Bắt đầu kiểm phiếu (nhập phiếu đầu tiên): {_when(started)}.")
    finished = (election.batches.filter(status=BatchStatus.FINAL)
                .aggregate(t=Max("final_at"))["t"])
    if finished is not None and (not election.batches.exclude(status=BatchStatus.FINAL).exists()):
        lines.append(f"Kết thúc kiểm phiếu (lô phiếu cuối cùng được thống nhất): "
                     f"{_when(finished)}.")
    if election.status == ElectionStatus.CERTIFIED and election.certified_at is not None:
        lines.append(f"Ban kiểm phiếu xác nhận kết quả: {_when(election.certified_at)}.")
    return lines


def certification_of(election: Election) -> Any:
    """The certification in force (numbered, with the one it replaces), when the election
    records certifications one by one; None for a draft."""
    current = getattr(election, "current_certification", None)
    return current() if callable(current) else None


def replaced_minutes(certification: Any) -> list[str]:
    """What the minutes of ``certification`` say about the earlier minutes they replace: a
    result certified, reopened with a reason, and certified again."""
    if certification is None:
        return []
    lines = []
    number = getattr(certification, "number", None)
    earlier = getattr(certification, "replaces", None)
    if earlier is not None:
        lines.append(f"Biên bản này (lần xác nhận thứ {number}) thay thế biên bản kiểm phiếu "
                     f"lập khi kết quả được xác nhận lần thứ {earlier.number}, lúc "
                     f"{_when(earlier.certified_at)}.")
        reopened = getattr(earlier, "reopened_at", None)
        reason = str(getattr(earlier, "reopen_reason", "") or "").strip()
        if reopened is not None:
            text = f"Kết quả đã xác nhận được mở lại lúc {_when(reopened)}"
            lines.append(f"{text}, lý do: {reason.rstrip('.')}." if reason else f"{text}.")
    digest = str(getattr(certification, "digest", "") or "")
    if digest:
        lines.append(f"Dấu kiểm tra của kết quả được xác nhận (SHA-256): {digest}.")
    return lines


def title_of(election: Election) -> str:
    """The election's title with its round in words, each said once: "Bầu Ban Chấp hành –
    vòng 1"; a title that already says "bầu tiếp" or "bầu lại" gets the round's number only."""
    with translation.override("vi"):
        words = labels.round_label(election)
        number = _("round %(n)s") % {"n": labels.round_number(election)}
    title = election.title.strip()
    if words in title or number in title:
        return title
    if any(kind in title.lower() for kind in ("bầu tiếp", "bầu lại")):
        return f"{title} – {number}"
    return f"{title} – {words}"


def minutes_data(election: Election, result: Result | None = None) -> Minutes:
    result = result or counting.result_of(election)
    if result is None:
        raise ValueError("the list is not votable")
    congress = election.congress
    fig = counting.figures(congress)
    names = {c.id: c.name for c in result.candidates}
    by_id = {c.id: c for c in result.candidates}
    convened = election.roster_convened if election.roster_convened is not None else fig.convened
    return Minutes(
        heading=heading_of(congress),
        draft=election.status != ElectionStatus.CERTIFIED,
        replaces=replaced_minutes(certification_of(election)),
        organisation=congress.organization.name,
        congress=congress.title,
        title=title_of(election),
        date_words=date_in_words(congress.held_on),
        times=times_of(election),
        seats=result.seats,
        candidates=[c.name for c in result.candidates],
        board=board_of(election),
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
        status=_STATUS.get(result.status, ""),
        explanation=[clean_citation(line) for line in explain(result)],
    )


# ---------------------------------------------------------------- one layout, two renderers

Kind = Literal["title", "subtitle", "center", "b", "p", "li", "note"]


@dataclass(frozen=True)
class Line:
    kind: Kind
    text: str


@dataclass(frozen=True)
class Grid:
    head: list[str]
    rows: list[list[str]]
    widths: list[float]  # millimetres on the PDF page


Block = Line | Grid


def _minutes_blocks(m: Minutes) -> list[Block]:
    blocks: list[Block] = [
        Line("title", "BIÊN BẢN KIỂM PHIẾU"),
        Line("subtitle", m.title),
        *[Line("note", text) for text in m.replaces],
        Line("p", f"{m.congress}, {m.date_words}."),
        *[Line("p", text) for text in m.times],
        Line("b", "Ban kiểm phiếu gồm:"),
        *([Line("li", f"{i}. {s.name} – {s.role}") for i, s in enumerate(m.board, 1)]
          or [Line("li", "(chưa phân công)")]),
        Line("b", f"Số lượng cần bầu: {m.seats}."),
        Line("b", f"Danh sách bầu cử ({len(m.candidates)} người, theo thứ tự trên phiếu):"),
        *[Line("li", f"{i}. {name}") for i, name in enumerate(m.candidates, 1)],
        Line("b", "Tình hình đại biểu:"),
        Line("p", f"Tổng số được triệu tập: {m.convened}. Có mặt: {m.present}. "
                  f"Vắng mặt có lý do: {m.absent_with_reason}. "
                  f"Vắng mặt không có lý do: {m.absent_without_reason}."),
        Line("p", f"Số dùng để tính tỷ lệ trúng cử: {m.base}"
                  + (f"; cần ít nhất {m.min_votes} phiếu (quá một nửa)." if m.min_votes
                     else ".")),
        Line("b", "Kết quả kiểm phiếu:"),
        Line("p", f"Số phiếu phát ra: {m.issued}. Số phiếu thu vào: {m.collected}. "
                  f"Số phiếu hợp lệ: {m.valid}. Số phiếu không hợp lệ: {m.invalid}."),
        *[Line("li", f"– {label[:1].upper()}{label[1:]}: {n}") for label, n in m.invalid_reasons],
        Line("b", "Số phiếu bầu cho từng người (tỷ lệ so với số dùng để tính):"),
        Grid(["STT", "Họ và tên", "Số phiếu", "Tỷ lệ (%)"],
             [[str(i), name, str(votes), pct] for i, name, votes, pct in m.votes],
             [14, 90, 30, 30]),
        Line("b", "Những người trúng cử (theo thứ tự số phiếu từ cao xuống thấp):"),
        *([Line("li", f"{i}. {name}: {votes} phiếu, đạt {pct}%")
           for i, (name, votes, pct) in enumerate(m.elected, 1)]
          or [Line("li", "Không có người trúng cử.")]),
        Line("p", m.status),
        Line("b", "Diễn giải:"),
        *[Line("p", line) for line in m.explanation],
        *[Line("p", line) for line in head_lines()],
    ]
    return blocks


def _signature_cells(board: Sequence[Signer]) -> list[tuple[str, str]]:
    """(role in capitals, name) of each signature place, the head first."""
    if not board:
        return [("BAN KIỂM PHIẾU", "")]
    return [(("TRƯỞNG BAN KIỂM PHIẾU" if s.role == HEAD else "THÀNH VIÊN"), s.name)
            for s in board]


# ---------------------------------------------------------------- PDF


def _pdf_heading(pdf: FPDF, heading: Heading) -> None:
    left, top = pdf.l_margin, pdf.get_y()
    col = (pdf.w - pdf.l_margin - pdf.r_margin) / 2
    for i, text in enumerate([*heading.left, "*"]):
        pdf.set_font(SERIF, "B" if i == len(heading.left) - 1 else "", 10.5)
        pdf.set_x(left)
        pdf.multi_cell(col - 4, 5.5, text, align="C", new_x="LMARGIN", new_y="NEXT")
    bottom = pdf.get_y()
    pdf.set_xy(left + col, top)
    pdf.set_font(SERIF, "BU", 11)
    pdf.cell(col, 5.5, PARTY, align="C", new_x="LEFT", new_y="NEXT")
    pdf.ln(3)
    pdf.set_x(left + col)
    pdf.set_font(SERIF, "I", 10.5)
    pdf.multi_cell(col, 5.5, heading.place_date, align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_y(max(bottom, pdf.get_y()) + 6)


def _pdf_blocks(pdf: FPDF, blocks: Sequence[Block]) -> None:
    for block in blocks:
        if isinstance(block, Grid):
            pdf.set_font(SERIF, "", 10.5)
            with pdf.table(col_widths=block.widths, width=sum(block.widths), align="LEFT",
                           text_align=("CENTER", "LEFT", "RIGHT", "RIGHT"),
                           line_height=6) as table:
                head = table.row()
                for text in block.head:
                    head.cell(text)
                for values in block.rows:
                    row = table.row()
                    for text in values:
                        row.cell(text)
            pdf.ln(1)
            continue
        if block.kind == "title":
            pdf.set_font(SERIF, "B", 15)
            pdf.multi_cell(0, 8, block.text, align="C", new_x="LMARGIN", new_y="NEXT")
        elif block.kind == "subtitle":
            pdf.set_font(SERIF, "B", 12)
            pdf.multi_cell(0, 6.5, block.text, align="C", new_x="LMARGIN", new_y="NEXT")
            pdf.ln(3)
        elif block.kind == "note":
            pdf.set_font(SERIF, "I", 10.5)
            pdf.multi_cell(0, 5.6, block.text, align="C", new_x="LMARGIN", new_y="NEXT")
        elif block.kind == "b":
            pdf.ln(1.5)
            pdf.set_font(SERIF, "B", 11)
            pdf.multi_cell(0, 5.8, block.text, align="L", new_x="LMARGIN", new_y="NEXT")
        elif block.kind == "li":
            pdf.set_font(SERIF, "", 11)
            pdf.set_x(pdf.l_margin + 6)
            pdf.multi_cell(0, 5.8, block.text, align="L", new_x="LMARGIN", new_y="NEXT")
        else:
            pdf.set_font(SERIF, "", 11)
            pdf.multi_cell(0, 5.8, block.text, align="L", new_x="LMARGIN", new_y="NEXT")


def _pdf_signatures(pdf: FPDF, board: Sequence[Signer]) -> None:
    cells = _signature_cells(board)
    per_row = min(len(cells), 3)
    width = (pdf.w - pdf.l_margin - pdf.r_margin) / per_row
    pdf.ln(6)
    for start in range(0, len(cells), per_row):
        if pdf.get_y() > pdf.h - 55:
            pdf.add_page()
        row = cells[start:start + per_row]
        x0 = pdf.l_margin + (per_row - len(row)) * width / 2
        top = pdf.get_y()
        for i, (role, name) in enumerate(row):
            x = x0 + i * width
            pdf.set_xy(x, top)
            pdf.set_font(SERIF, "B", 10.5)
            pdf.multi_cell(width, 5.5, role, align="C", new_x="LEFT", new_y="NEXT")
            pdf.set_font(SERIF, "I", 9.5)
            pdf.multi_cell(width, 5, "(ký, ghi rõ họ tên)", align="C", new_x="LEFT",
                           new_y="NEXT")
            pdf.set_xy(x, top + 32)
            pdf.set_font(SERIF, "B", 11)
            pdf.multi_cell(width, 5.5, name, align="C", new_x="LEFT", new_y="NEXT")
        pdf.set_y(top + 42)


def minutes_pdf(election: Election) -> bytes:
    m = minutes_data(election)
    pdf = _pdf(draft=m.draft)
    pdf.set_title(f"Biên bản kiểm phiếu – {m.title}")
    pdf.add_page()
    _pdf_heading(pdf, m.heading)
    _pdf_blocks(pdf, _minutes_blocks(m))
    _pdf_signatures(pdf, m.board)
    return bytes(pdf.output())


# ---------------------------------------------------------------- DOCX


def _a4(doc: Any) -> None:
    """A4 with the margins of an administrative document (top and bottom 20 mm, left 30 mm,
    right 15 mm)."""
    for section in doc.sections:
        section.page_width, section.page_height = Mm(210), Mm(297)
        section.top_margin = section.bottom_margin = Mm(20)
        section.left_margin, section.right_margin = Mm(30), Mm(15)


def _draft_header(doc: Any) -> None:
    """The draft mark in the page header, so that it is on every page."""
    for section in doc.sections:
        para = section.header.paragraphs[0]
        para.alignment = WD_ALIGN_PARAGRAPH.CENTER
        run = para.add_run(DRAFT_MARK)
        run.bold = True
        run.font.size = Pt(14)
        run.font.color.rgb = RGBColor(0xC0, 0, 0)


def _no_borders(table: Table) -> None:
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        element = OxmlElement(f"w:{edge}")
        element.set(qn("w:val"), "nil")
        borders.append(element)
    # In the order the schema requires (Word refuses a tblBorders after tblLook).
    table._tbl.tblPr.insert_element_before(borders, "w:shd", "w:tblLayout", "w:tblCellMar",
                                           "w:tblLook", "w:tblCaption", "w:tblDescription",
                                           "w:tblPrChange")


def _cell_line(para: Paragraph, text: str, *, bold: bool = False, italic: bool = False,
               underline: bool = False, size: float = 12) -> None:
    para.alignment = WD_ALIGN_PARAGRAPH.CENTER
    para.paragraph_format.space_after = Pt(0)
    run = para.add_run(text)
    run.bold, run.italic, run.underline = bold, italic, underline
    run.font.size = Pt(size)


def _docx_heading(doc: Any, heading: Heading) -> None:
    table = doc.add_table(rows=1, cols=2)
    _no_borders(table)
    left, right = table.rows[0].cells
    for i, text in enumerate([*heading.left, "*"]):
        para = left.paragraphs[0] if i == 0 else left.add_paragraph()
        _cell_line(para, text, bold=i == len(heading.left) - 1)
    _cell_line(right.paragraphs[0], PARTY, bold=True, underline=True, size=13)
    _cell_line(right.add_paragraph(), "")
    _cell_line(right.add_paragraph(), heading.place_date, italic=True, size=12)


def _docx_blocks(doc: Any, blocks: Sequence[Block]) -> None:
    for block in blocks:
        if isinstance(block, Grid):
            table = doc.add_table(rows=1, cols=len(block.head))
            table.style = "Table Grid"
            for cell, text in zip(table.rows[0].cells, block.head, strict=True):
                cell.text = safe_text(text)
                cell.paragraphs[0].runs[0].bold = True
            for values in block.rows:
                for cell, text in zip(table.add_row().cells, values, strict=True):
                    cell.text = safe_text(text)
            continue
        para = doc.add_paragraph()
        run = para.add_run(without_control_characters(block.text))
        if block.kind == "title":
            para.alignment = WD_ALIGN_PARAGRAPH.CENTER
            para.paragraph_format.space_before = Pt(12)
            run.bold, run.font.size = True, Pt(16)
        elif block.kind == "subtitle":
            para.alignment = WD_ALIGN_PARAGRAPH.CENTER
            run.bold, run.font.size = True, Pt(13)
        elif block.kind == "note":
            para.alignment = WD_ALIGN_PARAGRAPH.CENTER
            run.italic = True
        elif block.kind == "b":
            run.bold = True
        elif block.kind == "li":
            para.paragraph_format.left_indent = Mm(8)
        else:
            para.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY


def _docx_signatures(doc: Any, board: Sequence[Signer]) -> None:
    cells = _signature_cells(board)
    per_row = min(len(cells), 3)
    doc.add_paragraph()
    for start in range(0, len(cells), per_row):
        row = cells[start:start + per_row]
        table = doc.add_table(rows=1, cols=per_row)
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        _no_borders(table)
        for cell, (role, name) in zip(table.rows[0].cells, row, strict=False):
            _cell_line(cell.paragraphs[0], role, bold=True)
            _cell_line(cell.add_paragraph(), "(ký, ghi rõ họ tên)", italic=True, size=11)
            for _blank in range(4):
                _cell_line(cell.add_paragraph(), "")
            _cell_line(cell.add_paragraph(), name, bold=True)
        doc.add_paragraph()


def minutes_docx(election: Election) -> bytes:
    m = minutes_data(election)
    doc = Document()
    _a4(doc)
    style = doc.styles["Normal"]
    style.font.name = "Times New Roman"
    style.font.size = Pt(13)
    doc.core_properties.title = f"Biên bản kiểm phiếu – {m.title}"
    if m.draft:
        _draft_header(doc)
    _docx_heading(doc, m.heading)
    _docx_blocks(doc, _minutes_blocks(m))
    _docx_signatures(doc, m.board)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


# ---------------------------------------------------------------- entry log


def _who(user: Any) -> str:
    return str(user.full_name or user.username) if user is not None else ""


def entry_log_pdf(election: Election) -> bytes:
    """Who keyed what and when, which batches matched, and the board's rulings, each ballot in
    words."""
    form = counting.form_of(election) or "strike_out"
    pdf = _pdf(draft=election.status != ElectionStatus.CERTIFIED)
    pdf.set_title(f"Nhật ký nhập phiếu – {election.title}")
    pdf.add_page()
    _pdf_heading(pdf, heading_of(election.congress))
    pdf.set_font(SERIF, "B", 15)
    pdf.multi_cell(0, 8, "NHẬT KÝ NHẬP PHIẾU", align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(SERIF, "B", 12)
    pdf.multi_cell(0, 6.5, title_of(election), align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(SERIF, "", 10.5)
    pdf.multi_cell(0, 5.5, election.congress.title, align="C", new_x="LMARGIN", new_y="NEXT")
    status_words = {"open": "đang nhập", "mismatch": "hai lần nhập khác nhau",
                    "final": "đã thống nhất"}
    for batch in election.batches.prefetch_related("entries__clerk", "entries__ballots"):
        pdf.ln(3)
        pdf.set_font(SERIF, "B", 11)
        how = "nhập từ tệp" if batch.imported else status_words.get(batch.status, "")
        pdf.multi_cell(0, 6, f"Lô {batch.number}: {how}", align="L", new_x="LMARGIN", new_y="NEXT")
        for entry in batch.entries.all():
            ballots = list(entry.ballots.all())
            done = (f"kết thúc {timezone.localtime(entry.submitted_at):%H:%M:%S}"
                    if entry.submitted_at else "chưa nộp")
            pdf.set_font(SERIF, "B", 10)
            pdf.set_x(pdf.l_margin + 4)
            began = f"{timezone.localtime(entry.started_at):%H:%M:%S %d/%m/%Y}"
            pdf.multi_cell(0, 5.2, f"Người nhập: {_who(entry.clerk)}; bắt đầu {began}; "
                                   f"{done}; {len(ballots)} phiếu.",
                           align="L", new_x="LMARGIN", new_y="NEXT")
            pdf.set_font(SERIF, "", 9.5)
            for ballot in ballots:
                pdf.set_x(pdf.l_margin + 10)
                pdf.multi_cell(0, 4.6, f"Phiếu {ballot.position}: "
                                       f"{describe(ballot.content, form)}",
                               align="L", new_x="LMARGIN", new_y="NEXT")
        if batch.decision_note or batch.decided_by_id:
            decided = [f"phiếu {f.position}: {describe(f.content, form)}"
                       for f in batch.final_ballots.filter(decided=True)]
            proposer = _who(batch.decided_by)
            confirmer = _who(getattr(batch, "confirmed_by", None))
            pdf.set_font(SERIF, "", 10)
            pdf.set_x(pdf.l_margin + 4)
            text = "Quyết định của Ban kiểm phiếu"
            if proposer and confirmer:
                text += f" (đề xuất: {proposer}; xác nhận: {confirmer})"
            elif proposer or confirmer:
                text += f" ({proposer or confirmer})"
            if batch.final_at is not None:
                text += f", lúc {timezone.localtime(batch.final_at):%H:%M:%S}"
            text += ": " + (batch.decision_note.strip() or "—")
            if decided:
                text += " (" + "; ".join(decided) + ")"
            pdf.multi_cell(0, 5.2, text, align="L", new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


def cards_pdf(congress: CongressDay, attendees: list[Attendee]) -> bytes:
    """Delegate cards, eight to an A4 page; the QR code holds only the card's opaque token."""
    pdf = FPDF(format="A4")
    add_vietnamese_fonts(pdf)
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
