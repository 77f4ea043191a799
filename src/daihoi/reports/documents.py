"""The summary report as files: DOCX and PDF in the party document form, the XLSX annex (one
row per organisation) and JSON. All of them are written from a ``Rollup``."""

from __future__ import annotations

import datetime as dt
import io
import json
from typing import Any

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm, Pt
from fpdf import FPDF
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from daihoi.lib.cells import safe_row, safe_text, without_control_characters
from daihoi.lib.pdf import add_vietnamese_fonts
from daihoi.lib.vietnamese import date_in_words
from daihoi.reports import charts, prose
from daihoi.reports.rollup import OrgRow, Rollup

FORMATS = ("docx", "pdf", "xlsx", "json")
OUTCOME_WORDS = {
    "as_planned": "Đúng phương án",
    "deviation": "Khác phương án",
    "no_plan": "Không có phương án được duyệt",
    "pending": "Chưa có kết quả",
}


def _yes(value: bool) -> str:
    return "có" if value else "không"


class Form:
    """The fixed parts of a party document, filled from the roll-up."""

    def __init__(self, r: Rollup, day: dt.date | None = None) -> None:
        c = r.campaign
        iss = prose.issuer(c.superior_name, c.superior_parent_name)
        parent = prose.issuer(c.superior_parent_name, "") if c.superior_parent_name else None
        self.left = [line for line in (iss.parent, iss.committee) if line]
        self.number = f"Số       -BC/{iss.suffix}"
        self.place_date = f"{iss.place}, {date_in_words(day or r.today)}"
        title, subtitle = prose.title(r).split("\n", 1)
        self.title, self.subtitle = title, subtitle
        from daihoi.audit.log import head_lines  # the printed copy of the audit head

        self.recipients = ["Nơi nhận:"]
        if parent is not None:
            self.recipients += [f"- Thường trực {parent.committee_name} (để báo cáo),",
                                f"- Ban Tổ chức {parent.committee_name},"]
        self.recipients += ["- Các tổ chức cơ sở đảng trực thuộc,",
                            f"- Lưu Văn phòng {iss.committee_name}.", *head_lines()]
        self.signature = ["T/M BAN THƯỜNG VỤ", "BÍ THƯ"]
        self.paragraphs = prose.paragraphs(r)


def kind_table(r: Rollup) -> list[list[str]]:
    rows = [["Loại tổ chức", "Số tổ chức", "Đã đại hội", "Đúng hạn", "Sau hạn",
             "Đã báo cáo kết quả", "Chưa báo cáo kết quả"]]
    for k in r.by_kind:
        rows.append([prose.KIND_WORDS.get(k.org_kind, k.org_kind), str(k.total), str(k.held),
                     str(k.on_time), str(k.late), str(k.reported), str(k.held_not_reported)])
    rows.append(["Tổng số", str(r.organizations), str(r.held), str(r.held_by_deadline),
                 str(r.held_late), str(r.results_reported), str(r.held_not_reported)])
    return rows


def figure_table(r: Rollup) -> list[list[str]]:
    rows = [["Cơ cấu", "Số người", "Tỷ lệ", "Chỉ tiêu", "Đánh giá"]]
    for f in r.figures:
        rows.append([prose.FIGURE_WORDS[f.key], str(f.count), prose.pct(f.percent),
                     prose.pct(f.target) if f.target is not None else "",
                     "" if f.meets_target is None else ("đạt" if f.meets_target else "chưa đạt")])
    return rows


# ---------------------------------------------------------------- DOCX


def _docx_table(doc: Any, rows: list[list[str]]) -> None:
    table = doc.add_table(rows=0, cols=len(rows[0]))
    table.style = "Table Grid"
    for i, values in enumerate(rows):
        cells = table.add_row().cells
        for cell, value in zip(cells, values, strict=True):
            cell.text = safe_text(value)
            if i == 0:
                for run in cell.paragraphs[0].runs:
                    run.bold = True


def _line(cell: Any, text: str, *, bold: bool = False, italic: bool = False,
          first: bool = False) -> None:
    para = cell.paragraphs[0] if first else cell.add_paragraph()
    para.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = para.add_run(without_control_characters(text))
    run.bold, run.italic = bold, italic


def report_docx(r: Rollup, day: dt.date | None = None) -> bytes:
    form = Form(r, day)
    doc = Document()
    style = doc.styles["Normal"]
    style.font.name = "Times New Roman"
    style.font.size = Pt(13)
    for section in doc.sections:
        section.left_margin, section.right_margin = Cm(3), Cm(2)
    head = doc.add_table(rows=1, cols=2)
    left, right = head.rows[0].cells
    for i, text in enumerate(form.left):
        _line(left, text, bold=i == len(form.left) - 1, first=i == 0)
    _line(left, "*")
    _line(left, form.number)
    _line(right, "ĐẢNG CỘNG SẢN VIỆT NAM", bold=True, first=True)
    _line(right, "")
    _line(right, form.place_date, italic=True)
    title = doc.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    title.add_run(form.title).bold = True
    sub = doc.add_paragraph()
    sub.alignment = WD_ALIGN_PARAGRAPH.CENTER
    sub.add_run(form.subtitle).bold = True
    doc.add_paragraph("-----")
    for text in form.paragraphs:
        para = doc.add_paragraph(without_control_characters(text))
        para.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
        para.paragraph_format.first_line_indent = Cm(1)
    doc.add_paragraph("Kết quả đại hội theo loại tổ chức:")
    _docx_table(doc, kind_table(r))
    doc.add_paragraph("Cơ cấu cấp ủy khóa mới:")
    _docx_table(doc, figure_table(r))
    doc.add_picture(io.BytesIO(charts.progress_chart(r, "png")), width=Cm(16))
    doc.add_picture(io.BytesIO(charts.composition_chart(r, "png")), width=Cm(16))
    doc.add_paragraph("(Chi tiết từng tổ chức tại phụ lục kèm theo.)")
    foot = doc.add_table(rows=1, cols=2)
    to, sign = foot.rows[0].cells
    for i, text in enumerate(form.recipients):
        para = to.paragraphs[0] if i == 0 else to.add_paragraph()
        run = para.add_run(text)
        run.bold, run.italic = i == 0, i == 0
        run.font.size = Pt(11 if i == 0 else 10)
    for i, text in enumerate(form.signature):
        _line(sign, text, bold=True, first=i == 0)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


# ---------------------------------------------------------------- PDF


def _pdf_table(pdf: FPDF, rows: list[list[str]], widths: list[float], size: float = 9) -> None:
    for i, values in enumerate(rows):
        pdf.set_font("DejaVu", "B" if i == 0 else "", size)
        for value, width in zip(values, widths, strict=True):
            pdf.cell(width, 6, value, border=1)
        pdf.ln(6)


def report_pdf(r: Rollup, day: dt.date | None = None) -> bytes:
    form = Form(r, day)
    pdf = FPDF(format="A4")
    pdf.set_margins(25, 15, 15)
    add_vietnamese_fonts(pdf, italic=True)
    pdf.set_creation_date(dt.datetime.combine(day or r.today, dt.time(), dt.UTC))
    pdf.add_page()
    top = pdf.get_y()
    col = (pdf.w - 40) / 2
    for i, text in enumerate([*form.left, "*", form.number]):
        pdf.set_font("DejaVu", "B" if i == len(form.left) - 1 else "", 10)
        pdf.set_x(25)
        pdf.cell(col, 5.5, text, align="C", new_x="LMARGIN", new_y="NEXT")
    bottom = pdf.get_y()
    pdf.set_xy(25 + col, top)
    pdf.set_font("DejaVu", "B", 10)
    pdf.cell(col, 5.5, "ĐẢNG CỘNG SẢN VIỆT NAM", align="C", new_x="LEFT", new_y="NEXT")
    pdf.ln(5.5)
    pdf.set_x(25 + col)
    pdf.set_font("DejaVu", "I", 10)
    pdf.cell(col, 5.5, form.place_date, align="C")
    pdf.set_y(max(bottom, pdf.get_y()) + 6)
    pdf.set_font("DejaVu", "B", 14)
    pdf.multi_cell(0, 7, form.title, align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("DejaVu", "B", 11)
    pdf.multi_cell(0, 6, form.subtitle, align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(4)
    pdf.set_font("DejaVu", "", 10.5)
    for text in form.paragraphs:
        pdf.multi_cell(0, 5.6, "      " + text, align="J", new_x="LMARGIN", new_y="NEXT")
        pdf.ln(1.5)
    pdf.ln(2)
    _pdf_table(pdf, kind_table(r), [24, 19, 19, 18, 16, 33, 37], size=8)
    pdf.ln(3)
    _pdf_table(pdf, figure_table(r), [50, 28, 28, 28, 28])
    for chart in (charts.progress_chart(r, "png"), charts.composition_chart(r, "png")):
        pdf.ln(3)
        pdf.image(io.BytesIO(chart), w=pdf.w - 40)
    pdf.ln(4)
    if pdf.get_y() > pdf.h - 60:
        pdf.add_page()
    top = pdf.get_y()
    for i, text in enumerate(form.recipients):
        pdf.set_font("DejaVu", "B" if i == 0 else "", 9)
        pdf.cell(col, 4.8, text, new_x="LMARGIN", new_y="NEXT")
    pdf.set_y(top)
    for text in form.signature:
        pdf.set_x(25 + col)
        pdf.set_font("DejaVu", "B", 10)
        pdf.cell(col, 5.5, text, align="C", new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


# ---------------------------------------------------------------- XLSX


ANNEX_HEADERS = [
    "Mã", "Tổ chức", "Loại tổ chức", "Hình thức đại hội", "Trạng thái", "Ngày dự kiến",
    "Ngày đại hội", "Đúng hạn", "Đã báo cáo kết quả", "Mốc quá hạn", "Số văn kiện",
    "Ý kiến cấp trên", "Phương án được duyệt",
    "Số cấp ủy theo phương án", "Số cấp ủy được bầu", "Kết quả nhân sự", "Không trúng cử",
    "Trúng cử ngoài phương án", "Dùng phương án dự phòng", "Nữ", "Dưới 35 tuổi",
    "Dân tộc thiểu số", "Lần đầu vào cấp ủy", "Tái cử", "Bí thư bầu trực tiếp",
    "Đại biểu chính thức", "Đại biểu dự khuyết", "Cán bộ điều động", "Cán bộ điều động trúng cử",
]


def annex_row(row: OrgRow) -> list[object]:
    counts = {f.key: f.count for f in row.figures}
    return [
        row.code, row.name, prose.KIND_WORDS.get(row.org_kind, row.org_kind),
        "đại biểu" if row.congress_kind == "delegates" else "đảng viên",
        prose.STATE_WORDS[row.state], row.planned_date, row.held_on,
        _yes(row.on_time) if row.held else "chưa đại hội",
        _yes(row.reported) if row.held else "",
        ", ".join(prose.MILESTONE_WORDS[m] for m in row.late_milestones), row.documents,
        row.comments, _yes(row.plan_approved), row.plan_size, row.elected_size,
        OUTCOME_WORDS[row.outcome], ", ".join(row.not_elected), ", ".join(row.unplanned),
        ", ".join(row.backups_used), counts["women"], counts["under35"], counts["minorities"],
        counts["new_members"], counts["reelected"], row.secretary_direct, row.delegates,
        row.alternates, row.transfers, row.transfers_elected,
    ]


def report_xlsx(r: Rollup) -> bytes:
    wb = Workbook()
    wb.remove(wb.worksheets[0])
    summary = wb.create_sheet("Tổng hợp")
    bold = Font(bold=True)
    summary.append(safe_row([prose.title(r).replace("\n", ": ")]))
    summary["A1"].font = bold
    for key, value in summary_pairs(r):
        summary.append(safe_row([key, value]))
    summary.column_dimensions["A"].width = 48
    summary.column_dimensions["B"].width = 16
    annex = wb.create_sheet("Phụ lục")
    annex.append(safe_row(ANNEX_HEADERS))
    for cell in annex[1]:
        cell.font = bold
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for row in r.rows:
        annex.append(safe_row(annex_row(row)))
    annex.freeze_panes = "C2"
    annex.column_dimensions["B"].width = 40
    for col in ("F", "G"):
        for cell in annex[col][1:]:
            cell.number_format = "DD/MM/YYYY"
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def summary_pairs(r: Rollup) -> list[tuple[str, object]]:
    c = r.campaign
    pairs: list[tuple[str, object]] = [
        ("Số tổ chức cơ sở đảng", r.organizations),
        ("Đã tổ chức đại hội", r.held),
        (f"Đại hội đúng hạn (đến {c.deadline:%d/%m/%Y})", r.held_by_deadline),
        ("Đại hội sau thời hạn", r.held_late),
        ("Chưa tổ chức đại hội", r.not_held),
        ("Đã báo cáo kết quả đại hội", r.results_reported),
        ("Đã tổ chức đại hội, chưa báo cáo kết quả", r.held_not_reported),
        ("Cấp trên đã chuẩn y kết quả", r.results_approved),
        (f"Có mốc quá hạn (đến {r.today:%d/%m/%Y})", r.overdue),
        ("Đã gửi văn kiện", r.documents_submitted),
        ("Cấp trên đã cho ý kiến văn kiện", r.documents_commented),
        ("Có kết quả bầu cấp ủy", r.with_result),
        ("Đúng phương án nhân sự", r.as_planned),
        ("Khác phương án nhân sự", r.deviations),
        ("Dùng phương án dự phòng", r.backup_plans_used),
        ("Tổng số cấp ủy viên được bầu", r.committee_members),
    ]
    pairs += [(f"Cấp ủy viên {prose.FIGURE_WORDS[f.key]}", f.count) for f in r.figures]
    pairs += [
        ("Bí thư bầu trực tiếp tại đại hội", r.secretaries_direct),
        ("Cán bộ được điều động", r.cadres_transferred),
        ("Cán bộ điều động được bầu vào cấp ủy", r.cadres_elected),
        ("Đại biểu chính thức dự đại hội cấp trên", r.delegates),
        ("Đại biểu dự khuyết", r.alternates),
    ]
    return pairs


# ---------------------------------------------------------------- JSON


def _iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day is not None else None


def report_data(r: Rollup, code: str = "") -> dict[str, Any]:
    c = r.campaign
    return {
        "campaign": code, "name": c.name, "superior": c.superior_name,
        "term": f"{c.term_start}-{c.term_end}", "plan_number": c.plan_number,
        "date": r.today.isoformat(), "as_of": r.today.isoformat(),
        "organizations": r.organizations, "held": r.held,
        "held_by_deadline": r.held_by_deadline, "held_late": r.held_late,
        "not_held": r.not_held, "held_by_deadline_percent": str(r.held_by_deadline_percent),
        "deadline": c.deadline.isoformat(),
        "superior_congress_date": _iso(c.superior_congress_date),
        "results_reported": r.results_reported, "results_approved": r.results_approved,
        "held_not_reported": r.held_not_reported, "overdue": r.overdue,
        "states": r.tally.as_dict() if r.tally else {},
        "by_kind": [{"kind": k.org_kind, "total": k.total, "held": k.held,
                     "on_time": k.on_time, "late": k.late, "results_reported": k.reported,
                     "held_not_reported": k.held_not_reported} for k in r.by_kind],
        "documents_submitted": r.documents_submitted,
        "documents_commented": r.documents_commented, "with_result": r.with_result,
        "as_planned": r.as_planned, "deviations": r.deviations, "no_plan": r.no_plan,
        "backup_plans_used": r.backup_plans_used, "committee_members": r.committee_members,
        "composition": {f.key: {"count": f.count, "percent": str(f.percent),
                                "target": None if f.target is None else str(f.target),
                                "meets_target": f.meets_target} for f in r.figures},
        "education": dict(r.education), "theory": dict(r.theory),
        "secretaries_direct": r.secretaries_direct,
        "cadres_transferred": r.cadres_transferred, "cadres_elected": r.cadres_elected,
        "cadres_pending": r.cadres_pending,
        "transfers": [{"name": t.name, "from": t.from_org, "to": t.to_code,
                       "position": t.intended_position, "elected": t.elected}
                      for t in r.transfers],
        "delegates": r.delegates, "alternates": r.alternates,
        "summary": prose.paragraphs(r),
        "rows": [{
            "code": row.code, "name": row.name, "kind": row.org_kind,
            "congress_kind": row.congress_kind, "state": row.state,
            "state_name": prose.STATE_WORDS[row.state], "reported": row.reported,
            "late": list(row.late_milestones),
            "planned_date": _iso(row.planned_date), "held_on": _iso(row.held_on),
            "held": row.held, "on_time": row.on_time, "documents": row.documents,
            "comments": row.comments, "plan_approved": row.plan_approved,
            "plan_size": row.plan_size, "elected_size": row.elected_size,
            "outcome": row.outcome, "not_elected": list(row.not_elected),
            "unplanned": list(row.unplanned), "backups_used": list(row.backups_used),
            "composition": {f.key: f.count for f in row.figures},
            "secretary_direct": row.secretary_direct, "delegates": row.delegates,
            "alternates": row.alternates, "transfers": row.transfers,
            "transfers_elected": row.transfers_elected,
        } for row in r.rows],
    }


def report_json(r: Rollup, code: str = "") -> bytes:
    return json.dumps(report_data(r, code), ensure_ascii=False, indent=2).encode()


def render(r: Rollup, fmt: str, code: str = "") -> bytes:
    if fmt == "docx":
        return report_docx(r)
    if fmt == "pdf":
        return report_pdf(r)
    if fmt == "xlsx":
        return report_xlsx(r)
    if fmt == "json":
        return report_json(r, code)
    raise ValueError(f"unknown format {fmt!r}: one of {', '.join(FORMATS)}")
