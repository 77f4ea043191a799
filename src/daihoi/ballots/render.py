"""Drawing the ballots as a PDF (fpdf2, DejaVu fonts for Vietnamese).

Every copy is identical: nothing on a ballot identifies an individual ballot or voter.
"""

from __future__ import annotations

from typing import Any

import segno
from fpdf import FPDF

from daihoi.ballots import strip
from daihoi.ballots.document import BallotSpec, display_code, spec_from_document
from daihoi.ballots.layout import (
    LABEL_AGREE,
    LABEL_DISAGREE,
    layout_from_spec,
    new_pdf,
    text_width,
)

PARTY = "ĐẢNG CỘNG SẢN VIỆT NAM"
BODY_TITLES = {
    "committee": "BAN CHẤP HÀNH",
    "standing_committee": "BAN THƯỜNG VỤ",
    "secretary": "BÍ THƯ",
    "deputy_secretary": "PHÓ BÍ THƯ",
    "inspection_committee": "ỦY BAN KIỂM TRA",
    "delegates": "ĐẠI BIỂU ĐI DỰ ĐẠI HỘI CẤP TRÊN",
    "alternate_delegates": "ĐẠI BIỂU DỰ KHUYẾT ĐI DỰ ĐẠI HỘI CẤP TRÊN",
}
ROUND_LINES = {
    "further": "(Bầu bổ sung số còn thiếu)",
    "tie_revote": "(Bầu lại số phiếu ngang nhau)",
}


def default_title(spec: BallotSpec, convener: str) -> str:
    title = "PHIẾU BẦU"
    if spec.body in BODY_TITLES:
        title += " " + BODY_TITLES[spec.body]
    upper = convener.strip().upper()
    if upper.startswith(("ĐẢNG BỘ", "CHI BỘ")):
        title += " " + upper
    return title


def _wrap(
    text: str, size: float, width: float, bold: bool, max_lines: int
) -> tuple[list[str], float]:
    """Split ``text`` into ``max_lines`` lines of ``width`` at most, shrinking the type."""
    while True:
        lines: list[str] = []
        for word in text.split():
            if lines and text_width(lines[-1] + " " + word, size, bold) <= width:
                lines[-1] += " " + word
            else:
                lines.append(word)
        if size <= 5 or (
            len(lines) <= max_lines and all(text_width(ln, size, bold) <= width for ln in lines)
        ):
            return lines, size
        size -= 0.5


def _centred(pdf: FPDF, text: str, cx: float, baseline: float, size: float, bold: bool) -> None:
    pdf.set_font("DejaVu", "B" if bold else "", size)
    pdf.text(cx - pdf.get_string_width(text) / 2, baseline, text)


def _header(pdf: FPDF, spec: BallotSpec, layout: dict[str, Any], convener: str, title: str) -> None:
    w = layout["page_size_pt"][0]
    k = w / 595.28
    stamp = layout["stamp_box_pt"]
    left_cx = (stamp[0] + stamp[2]) / 2
    if convener.strip():
        lines, size = _wrap(convener.strip().upper(), 10.5 * k, stamp[2] - stamp[0], True, 2)
        for i, line in enumerate(lines):
            _centred(pdf, line, left_cx, 56 * k + i * 1.35 * size, size, True)
    right_cx = (w * 0.52 + (w - stamp[0])) / 2
    _centred(pdf, PARTY, right_cx, 56 * k, 10.5 * k, True)
    half = text_width(PARTY, 10.5 * k, True) / 2
    pdf.set_line_width(0.6 * k)
    pdf.line(right_cx - half * 0.6, 61 * k, right_cx + half * 0.6, 61 * k)
    # Title: at most two lines in a fixed band, so the list below never moves.
    top = 36 + 100 * k
    lines, size = _wrap(title, 14 * k, w - 2 * stamp[0], True, 2)
    for i, line in enumerate(lines):
        _centred(pdf, line, w / 2, top + i * 1.3 * size, size, True)
    info = ROUND_LINES.get(spec.round, "")
    if spec.form == "strike_out":
        how = f"Số lượng bầu: {spec.seats}. Gạch ngang cả họ và tên người không bầu."
    else:
        how = f"Số lượng bầu: {spec.seats}. Đánh dấu X vào một ô cho mỗi người."
    small = 9 * k
    y = top + 2 * 1.3 * 14 * k
    if info:
        _centred(pdf, info, w / 2, y - 0.3 * small, small, False)
    _centred(pdf, how, w / 2, y + 1.2 * small, small, False)


def _names(pdf: FPDF, spec: BallotSpec, layout: dict[str, Any]) -> None:
    size = float(layout["font_size_pt"])
    n = len(spec.candidates)
    for cand, entry in zip(spec.candidates, layout["candidates"], strict=True):
        baseline = float(entry["baseline_pt"])
        box = entry["name_box_pt"]
        pdf.set_font("DejaVu", "", size)
        number = f"{spec.candidates.index(cand) + 1}."
        number_w = text_width(f"{n}.", size) + 6
        pdf.text(
            entry["number_x_pt"] + number_w - 5 - pdf.get_string_width(number), baseline, number
        )
        pdf.text(box[0] + 1.5, baseline, cand.name)
        if layout["form"] == "agree_disagree":
            pdf.set_line_width(0.8)
            for key in ("agree_box_pt", "disagree_box_pt"):
                b = entry[key]
                pdf.rect(b[0], b[1], b[2] - b[0], b[3] - b[1])
    if layout["form"] == "agree_disagree":
        label = size * 0.8
        seen: set[float] = set()
        for entry in layout["candidates"]:
            a, d = entry["agree_box_pt"], entry["disagree_box_pt"]
            if a[0] in seen:
                continue
            seen.add(a[0])
            y = float(layout["header_labels_y_pt"])
            _centred(pdf, LABEL_AGREE, (a[0] + a[2]) / 2, y, label, True)
            _centred(pdf, LABEL_DISAGREE, (d[0] + d[2]) / 2, y, label, True)
            _centred(pdf, "Họ và tên", entry["name_box_pt"][0] + 40 * size / 12, y, label, True)


def _markers(pdf: FPDF, layout: dict[str, Any]) -> None:
    fid = float(layout["fiducial_size_pt"])
    for cx, cy in layout["fiducials_pt"]:
        pdf.rect(cx - fid / 2, cy - fid / 2, fid, fid, style="F")
    code = layout["election_id"]
    x0, y0, x1, y1 = layout["code_strip_pt"]
    cell = (x1 - x0) / layout["code_cells"]
    for i, bit in enumerate(strip.encode(code, layout["paper"])):
        if bit:
            pdf.rect(x0 + i * cell, y0, cell, y1 - y0, style="F")
    k = layout["page_size_pt"][0] / 595.28
    _centred(pdf, f"Mã phiếu: {display_code(code)}", (x0 + x1) / 2, y0 - 4 * k, 7 * k, False)
    qr = segno.make(f"daihoi:{code}", error="m", micro=False)
    module = 1.4 * k
    side = len(qr.matrix) * module
    qx = x1 + (layout["fiducials_pt"][2][0] - fid / 2 - x1 - side) / 2
    qy = y1 - side
    for r, row in enumerate(qr.matrix):
        for c, dark in enumerate(row):
            if dark:
                pdf.rect(qx + c * module, qy + r * module, module, module, style="F")


def render_ballots_pdf(
    election_doc: dict[str, Any],
    *,
    paper: str = "A4",
    copies: int = 1,
    convener: str = "",
    title: str | None = None,
) -> bytes:
    """The PDF of ``copies`` identical ballots (one page each) for the election."""
    spec = spec_from_document(election_doc)
    return render_spec_pdf(spec, paper=paper, copies=copies, convener=convener, title=title)


def render_spec_pdf(
    spec: BallotSpec, *, paper: str, copies: int = 1, convener: str = "", title: str | None = None
) -> bytes:
    if copies < 1:
        raise ValueError("copies must be at least 1")
    layout = layout_from_spec(spec, paper)
    width, height = layout["page_size_pt"]
    pdf = new_pdf(width, height)
    pdf.set_title(title or default_title(spec, convener))
    pdf.set_creator("daihoi")
    heading = title if title else default_title(spec, convener)
    for _ in range(copies):
        pdf.add_page()
        _markers(pdf, layout)
        _header(pdf, spec, layout, convener, heading)
        _names(pdf, spec, layout)
    return bytes(pdf.output())
