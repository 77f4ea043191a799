"""The calibration kit: ballots that say how to mark them, and a report of how the reader read
them, so that a counting board measures the reader on its own scanner and pens before the
congress.

Each kit ballot is the election's ballot with, in small print under the list, which names to
mark and how (a straight line, a sloped line, a cross, a double line, a partial line, an
underline); the QR code beside the ballot's code strip says the same, as the kit and the sheet
(``DHK:<code>:<sheets>.<sheet>.<seed>``), from which :func:`plan` gives the instruction.
Nothing is printed where the reader looks for marks, so a kit ballot is read exactly as a
real one. Volunteers mark them with the pens of the day, the board scans them, and
:func:`calibrate` reads each against its instruction.
"""

from __future__ import annotations

import base64
import html
import random
from dataclasses import dataclass, field
from typing import Any

import cv2
import numpy as np
import segno
from numpy.typing import NDArray

from daihoi.ballots.align import PX_PER_PT
from daihoi.ballots.document import spec_code, spec_from_document
from daihoi.ballots.layout import layout_from_spec, new_pdf
from daihoi.ballots.read import _aligned, close_up, read_spec_image
from daihoi.ballots.render import _header, _markers, _names, default_title

# The kinds of mark a kit asks for, a letter for each, and what the small print asks for, in
# Vietnamese.
KINDS = {
    "straight": ("s", "gạch ngang thẳng"),
    "sloped": ("l", "gạch xiên nhẹ"),
    "cross": ("x", "gạch chéo chữ X"),
    "double": ("d", "gạch hai nét"),
    "partial": ("p", "gạch một nửa tên"),
    "underline": ("u", "gạch dưới tên"),
}
STRUCK = ("straight", "sloped", "cross", "double")  # the name is struck: read it as struck
JUDGED = ("partial", "underline")  # a person must judge: never read
QR_MODULE_PT = 1.1
MAX_SHEETS = 200
KIT_SCALES = (3.0, 2.0, 4.0)  # the QR code is looked for on copies this many times finer


def plan(doc: dict[str, Any], sheets: int, seed: int = 0) -> list[dict[str, str]]:
    """Per sheet, the candidate ids to mark and how: about a third of the names, the rest left
    clean. Odd sheets carry the four ways of striking a name (a ballot a careful voter marks,
    which should be read without a person); even sheets add a partial line and an underline
    (which must always go to a person) beside straight lines."""
    ids = [str(c["id"]) for c in doc["candidates"]]
    rng = random.Random(seed)  # noqa: S311 -- which names a sheet asks for, not a secret
    sheets_plan = []
    for sheet in range(sheets):
        kinds = list(STRUCK) if sheet % 2 == 0 else [*JUDGED, "straight"]
        count = max(1, min(len(ids) - 1, max(len(kinds), len(ids) // 3)))
        chosen = rng.sample(ids, min(count, len(ids)))
        marks = {cid: kinds[(sheet + i) % len(kinds)] for i, cid in enumerate(chosen)}
        sheets_plan.append(dict(sorted(marks.items(), key=lambda kv: ids.index(kv[0]))))
    return sheets_plan


def instruction_code(code: str, sheets: int, sheet: int, seed: int) -> str:
    """The QR code's text: the election's code, and which sheet of which kit this is (the
    instruction is :func:`plan`'s for them, so it stays short enough to print small)."""
    return f"DHK:{code.upper()}:{sheets}.{sheet}.{seed}"  # QR alphanumeric: 21 modules


def parse_instruction(text: str, doc: dict[str, Any]) -> tuple[str, int, dict[str, str]] | None:
    """``(code, sheet, marks)`` from a kit QR code's text; ``None`` when it is not one."""
    pieces = text.split(":")
    if len(pieces) != 3 or pieces[0] != "DHK":
        return None
    try:
        sheets, sheet, seed = (int(v) for v in pieces[2].split("."))
    except ValueError:
        return None
    if not 1 <= sheet <= sheets <= MAX_SHEETS:
        return None
    return pieces[1].lower(), sheet, plan(doc, sheets, seed)[sheet - 1]


def _small_print(marks: dict[str, str], ids: list[str], sheet: int) -> str:
    groups: dict[str, list[str]] = {}
    for cid, kind in marks.items():
        groups.setdefault(kind, []).append(str(ids.index(cid) + 1))
    asked = "; ".join(f"{KINDS[k][1]}: {', '.join(groups[k])}" for k in KINDS if k in groups)
    return (
        f"PHIẾU HIỆU CHỈNH MÁY ĐỌC số {sheet}, không dùng để bầu. Tên số — {asked}. "
        "Không đánh dấu tên khác; dùng bút của ngày bầu cử."
    )


def render_kit_pdf(
    doc: dict[str, Any],
    *,
    paper: str = "A4",
    sheets: int = 12,
    convener: str = "",
    title: str | None = None,
    seed: int = 0,
) -> bytes:
    """The kit: ``sheets`` ballots of the election, each with its own instruction."""
    spec = spec_from_document(doc)
    layout = layout_from_spec(spec, paper)
    ids = [c.id for c in spec.candidates]
    width, height = layout["page_size_pt"]
    pdf = new_pdf(width, height)
    heading = title if title else default_title(spec, convener)
    pdf.set_title("Bộ phiếu hiệu chỉnh máy đọc — " + heading)
    pdf.set_creator("daihoi")
    k = width / 595.28
    zone = layout["marks_zone_pt"]
    strip = layout["code_strip_pt"]
    for sheet, marks in enumerate(plan(doc, sheets, seed), 1):
        pdf.add_page()
        _markers(pdf, layout)
        _header(pdf, spec, layout, convener, heading)
        _names(pdf, spec, layout)
        qr = segno.make(
            instruction_code(spec_code(spec), sheets, sheet, seed), error="l", micro=False
        )
        module = QR_MODULE_PT
        side = len(qr.matrix) * module
        qx, qy = zone[0] + 10, strip[3] - side  # a quiet margin of 4 modules at least
        for r, row in enumerate(qr.matrix):
            for c, dark in enumerate(row):
                if dark:
                    pdf.rect(qx + c * module, qy + r * module, module, module, style="F")
        pdf.set_font("DejaVu", "", 5.0 * k)
        text_x = qx + side + 7
        pdf.set_xy(text_x, zone[3] + 1.0 * k)
        pdf.multi_cell(strip[2] - text_x, 5.4 * k, _small_print(marks, ids, sheet))
    return bytes(pdf.output())


def read_instruction(
    image: NDArray[np.uint8], doc: dict[str, Any]
) -> tuple[int, dict[str, str]] | None:
    """The kit instruction printed on a scanned kit ballot, from its QR code."""
    spec = spec_from_document(doc)
    reduced, _, located = _aligned(image, spec, None)
    candidates: list[NDArray[np.uint8]] = []
    if located[0] == "ok":
        _, page, matrix = located
        x0, _, _, _ = page["marks_zone_pt"]
        strip = page["code_strip_pt"]
        box = (x0 - 8, page["marks_zone_pt"][3] - 4, strip[0], strip[3] + 6)
        for f in KIT_SCALES:
            shift = np.array(
                [[f, 0, -box[0] * PX_PER_PT * f], [0, f, -box[1] * PX_PER_PT * f], [0, 0, 1]],
                dtype=np.float64,
            )
            size = (
                round((box[2] - box[0]) * PX_PER_PT * f),
                round((box[3] - box[1]) * PX_PER_PT * f),
            )
            crop = np.asarray(
                cv2.warpPerspective(
                    reduced,
                    shift @ matrix,
                    size,
                    flags=cv2.INTER_CUBIC,
                    borderMode=cv2.BORDER_REPLICATE,
                ),
                np.uint8,
            )
            grey = crop if crop.ndim == 2 else cv2.cvtColor(crop, cv2.COLOR_BGR2GRAY)
            _, sharp = cv2.threshold(grey, 0, 255, cv2.THRESH_BINARY | cv2.THRESH_OTSU)
            candidates += [np.asarray(grey, np.uint8), np.asarray(sharp, np.uint8)]
    candidates.append(image)
    detector = cv2.QRCodeDetector()
    for picture in candidates:
        text, _, _ = detector.detectAndDecode(picture)
        parsed = parse_instruction(text, doc) if text else None
        if parsed is not None and parsed[0] == spec_code(spec):
            return parsed[1], parsed[2]
    return None


@dataclass
class Miss:
    source: str
    sheet: int | None
    candidate: str
    kind: str
    outcome: str
    png: bytes | None


@dataclass
class Report:
    """Per kind of mark (and ``clean`` names): names read right, sent to review, read wrong."""

    counts: dict[str, dict[str, int]] = field(default_factory=dict)
    misses: list[Miss] = field(default_factory=list)
    unreadable: list[str] = field(default_factory=list)
    ballots: dict[str, int] = field(default_factory=dict)

    def add(self, kind: str, outcome: str) -> None:
        row = self.counts.setdefault(kind, {"right": 0, "review": 0, "wrong": 0})
        row[outcome] += 1


def calibrate(pages: list[tuple[str, NDArray[np.uint8]]], doc: dict[str, Any]) -> Report:
    """Read kit ballots against their instructions, name by name. A struck or clean name is
    read right when the reader is sure of it (its ballot read, or under review for another
    name) and right; sent to review when the reader names it among its doubts; read wrong
    when the reader is sure of it and wrong. A partial line or an underline is right only when
    the reader names it among its doubts: anything else is a wrong reading."""
    spec = spec_from_document(doc)
    names = {c.id: c.name for c in spec.candidates}
    report = Report()
    for source, image in pages:
        found = read_instruction(image, doc)
        if found is None:
            report.unreadable.append(source)
            continue
        sheet, marks = found
        reading = read_spec_image(image, spec)
        status = str(reading["status"])
        report.ballots[status] = report.ballots.get(status, 0) + 1
        kept = reading.get("kept") if isinstance(reading.get("kept"), list) else None
        flagged = {r.split(":")[1] for r in reading.get("reasons", []) if r.count(":")}
        for cid in names:
            kind = marks.get(cid, "clean")
            if kind in JUDGED:
                outcome = "right" if status == "review" and cid in flagged else "wrong"
            elif status == "rejected" or kept is None or cid in flagged:
                outcome = "review"
            else:
                outcome = "right" if (cid in kept) == (kind == "clean") else "wrong"
            report.add(kind, outcome)
            if outcome != "right":
                row = close_up(image, doc, cid)
                png = bytes(cv2.imencode(".png", row)[1].tobytes()) if row is not None else None
                report.misses.append(Miss(source, sheet, cid, kind, outcome, png))
    return report


KIND_WORDS = {
    "straight": "gạch ngang thẳng",
    "sloped": "gạch xiên",
    "cross": "gạch chéo (dấu X)",
    "double": "gạch hai nét",
    "partial": "gạch một nửa tên (phải để người xem)",
    "underline": "gạch dưới tên (phải để người xem)",
    "clean": "không đánh dấu",
}
OUTCOME_WORDS = {"right": "đọc đúng", "review": "chuyển người xem", "wrong": "ĐỌC SAI"}


def report_html(report: Report, doc: dict[str, Any]) -> str:
    """The report as one HTML page, close-ups embedded (nothing fetched from elsewhere)."""
    names = {str(c["id"]): (i, str(c["name"])) for i, c in enumerate(doc["candidates"], 1)}
    e = html.escape
    rows = []
    for kind in (*KINDS, "clean"):
        row = report.counts.get(kind)
        if not row:
            continue
        total = sum(row.values())
        rows.append(
            f"<tr><td>{e(KIND_WORDS[kind])}</td><td>{total}</td><td>{row['right']}</td>"
            f"<td>{row['review']}</td><td class='{'bad' if row['wrong'] else ''}'>"
            f"{row['wrong']}</td></tr>"
        )
    misses = []
    for m in report.misses:
        number, name = names.get(m.candidate, (0, m.candidate))
        img = (
            f"<img alt='' src='data:image/png;base64,{base64.b64encode(m.png).decode()}'>"
            if m.png
            else ""
        )
        misses.append(
            f"<figure>{img}<figcaption>{e(m.source)} (phiếu hiệu chỉnh số {m.sheet}): "
            f"{number}. {e(name)}: yêu cầu {e(KIND_WORDS[m.kind])}, kết quả "
            f"<strong>{e(OUTCOME_WORDS[m.outcome])}</strong></figcaption></figure>"
        )
    wrong = sum(r["wrong"] for r in report.counts.values())
    verdict = (
        "<p class='bad'><strong>Có tên bị đọc sai.</strong> Không dùng máy đọc với máy quét và "
        "bút này cho đến khi tìm ra nguyên nhân (xem ảnh cận cảnh bên dưới).</p>"
        if wrong
        else "<p>Không tên nào bị đọc sai.</p>"
    )
    unreadable = (
        f"<p>Không đọc được hướng dẫn hiệu chỉnh trên: {e(', '.join(report.unreadable))} "
        "(quét lại rõ hơn, hoặc đây không phải phiếu hiệu chỉnh của cuộc bầu cử này).</p>"
        if report.unreadable
        else ""
    )
    ballots = ", ".join(f"{n} {e(OUTCOME_BALLOT.get(s, s))}" for s, n in report.ballots.items())
    return f"""<!doctype html>
<html lang="vi"><head><meta charset="utf-8"><title>Kết quả hiệu chỉnh máy đọc phiếu</title>
<style>body{{font-family:sans-serif;margin:2rem;max-width:60rem}}table{{border-collapse:collapse}}
td,th{{border:1px solid #999;padding:.2rem .5rem;text-align:right}}td:first-child{{text-align:left}}
.bad{{color:#a00}}figure{{margin:.6rem 0}}figure img{{max-width:100%;border:1px solid #c60}}
</style></head><body>
<h1>Kết quả hiệu chỉnh máy đọc phiếu</h1>
<p>Cuộc bầu cử: {e(str(doc.get("title", "")) or str(len(names)) + " người trong danh sách")}.
Số tờ: {ballots or "không có"}.</p>
{verdict}{unreadable}
<table><thead><tr><th>Kiểu đánh dấu</th><th>Số tên</th><th>Đọc đúng</th>
<th>Chuyển người xem</th><th>Đọc sai</th></tr></thead><tbody>{"".join(rows)}</tbody></table>
<p>Gạch dưới tên và gạch một nửa tên phải luôn được chuyển cho người xem: với hai kiểu này,
“đọc đúng” nghĩa là đã chuyển người xem. Các kiểu gạch tên khác nên được đọc mà không cần
người xem; tên chuyển người xem không sai, nhưng làm chậm việc kiểm phiếu.</p>
<h2>Ảnh cận cảnh các tên không đọc được chắc chắn hoặc đọc sai</h2>
{"".join(misses) or "<p>Không có.</p>"}
</body></html>
"""


OUTCOME_BALLOT = {
    "read": "tờ đọc chắc chắn",
    "review": "tờ chuyển người xem",
    "rejected": "tờ không đọc được",
}
