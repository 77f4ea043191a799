"""Where everything goes on a ballot page: the layout file (``daihoi-ballot-layout/1``).

Coordinates are PDF points, origin top-left, y downwards, boxes ``[x0, y0, x1, y1]``. The layout
depends only on the election's ballot content and the paper: the convening committee's name and
the title are fitted into fixed header boxes, so a reader can rebuild the layout from the
election document alone.

Beyond the spec's keys the layout carries what the reader needs: the alignment markers
(``fiducials_pt``, centres in the order top-left, top-right, bottom-right, bottom-left), the
machine-readable code strip, each name's baseline and the area checked for stray marks.
"""

from __future__ import annotations

import copy
import math
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from fpdf import FPDF

from daihoi.ballots.document import BallotInputError, BallotSpec, spec_code, spec_from_document
from daihoi.lib.pdf import add_vietnamese_fonts

PAPERS: dict[str, tuple[float, float]] = {"A4": (595.28, 841.89), "A5": (419.53, 595.28)}
STRIP_CELLS = 64
# Name box around the baseline, as multiples of the font size: Vietnamese capitals carry
# stacked diacritics (Ấ, Ễ) above the ascender; g, y, p descend below the baseline.
NAME_ASCENT = 1.12
NAME_DESCENT = 0.30
MIN_FONT = 6.5
LABEL_AGREE = "Đồng ý"
LABEL_DISAGREE = "Không đồng ý"


def new_pdf(width: float, height: float) -> FPDF:
    pdf = FPDF(unit="pt", format=(width, height))
    pdf.set_auto_page_break(False)
    pdf.set_margins(0, 0, 0)
    add_vietnamese_fonts(pdf)
    return pdf


@lru_cache(maxsize=1)
def _measurer() -> FPDF:
    pdf = new_pdf(*PAPERS["A4"])
    pdf.add_page()
    return pdf


def text_width(text: str, size: float, bold: bool = False) -> float:
    pdf = _measurer()
    pdf.set_font("DejaVu", "B" if bold else "", size)
    return float(pdf.get_string_width(text))


@dataclass(frozen=True)
class Frame:
    """The fixed parts of a page of one paper size."""

    width: float
    height: float
    k: float  # scale relative to A4
    inset: float
    fiducial: float
    margin: float
    list_top: float
    list_bottom: float
    strip: tuple[float, float, float, float]


def frame_for(paper: str) -> Frame:
    if paper not in PAPERS:
        raise BallotInputError([f"paper: expected one of {', '.join(PAPERS)}, got {paper!r}"])
    width, height = PAPERS[paper]
    k = width / PAPERS["A4"][0]
    inset = 20.0
    fiducial = round(14.0 * math.sqrt(k), 1)
    margin = inset + fiducial + 10.0
    cell_w, cell_h = round(5.0 * math.sqrt(k), 2), round(8.0 * math.sqrt(k), 2)
    strip_w = cell_w * STRIP_CELLS
    y_mid = height - inset - fiducial / 2
    strip = ((width - strip_w) / 2, y_mid - cell_h / 2, (width + strip_w) / 2, y_mid + cell_h / 2)
    list_top = 36.0 + 165.0 * k
    list_bottom = strip[1] - 30.0 * k
    return Frame(width, height, k, inset, fiducial, margin, list_top, list_bottom, strip)


def _round_box(box: tuple[float, float, float, float]) -> list[float]:
    return [round(v, 2) for v in box]


def _strike_columns(spec: BallotSpec, frame: Frame) -> tuple[int, float, float]:
    """Choose columns, font size and row pitch so that every name fits on one page."""
    n = len(spec.candidates)
    list_h = frame.list_bottom - frame.list_top
    content_w = frame.width - 2 * frame.margin
    best: tuple[int, float, float] | None = None
    for ncol in (1, 2, 3):
        rows = math.ceil(n / ncol)
        col_w = (content_w - (ncol - 1) * 14 * frame.k) / ncol
        size = 12.0
        while size >= MIN_FONT:
            pitch = min(list_h / rows, 2.4 * size)
            longest = max(text_width(c.name, size) for c in spec.candidates)
            number_w = text_width(f"{n}.", size) + 6
            if pitch >= 1.8 * size and number_w + longest + 4 <= col_w:
                if best is None or size > best[1]:
                    best = (ncol, size, pitch)
                break
            size -= 0.5
    if best is None:
        raise BallotInputError([f"{n} candidates do not fit on one ballot page; use larger paper"])
    return best


def _agree_columns(spec: BallotSpec, frame: Frame) -> tuple[int, float, float]:
    n = len(spec.candidates)
    list_h = frame.list_bottom - frame.list_top
    content_w = frame.width - 2 * frame.margin
    for size10 in range(120, int(MIN_FONT * 10) - 1, -5):
        size = size10 / 10
        for ncol in (1, 2):
            rows = math.ceil(n / ncol)
            head = 2.0 * size
            pitch = min((list_h - head) / rows, 2.4 * size)
            col_w = (content_w - (ncol - 1) * 14 * frame.k) / ncol
            box_col = text_width(LABEL_DISAGREE, size * 0.8) + 8
            longest = max(text_width(c.name, size) for c in spec.candidates)
            number_w = text_width(f"{n}.", size) + 6
            if pitch >= 1.8 * size and number_w + longest + 2 * box_col + 8 <= col_w:
                return ncol, size, pitch
    raise BallotInputError([f"{n} candidates do not fit on one ballot page; use larger paper"])


def _layout(spec: BallotSpec, paper: str) -> dict[str, Any]:
    frame = frame_for(paper)
    form = spec.form
    n = len(spec.candidates)
    if form == "strike_out":
        ncol, size, pitch = _strike_columns(spec, frame)
        head = 0.0
    else:
        ncol, size, pitch = _agree_columns(spec, frame)
        head = 2.0 * size
    rows = math.ceil(n / ncol)
    gap = 14 * frame.k
    content_w = frame.width - 2 * frame.margin
    col_w = (content_w - (ncol - 1) * gap) / ncol
    number_w = text_width(f"{n}.", size) + 6
    box_col = text_width(LABEL_DISAGREE, size * 0.8) + 8
    box = min(1.15 * size, 13.0)
    used_h = head + rows * pitch
    top = frame.list_top + max(0.0, (frame.list_bottom - frame.list_top - used_h) / 4)
    candidates: list[dict[str, Any]] = []
    for i, cand in enumerate(spec.candidates):
        col, row = divmod(i, rows)
        x = frame.margin + col * (col_w + gap)
        row_top = top + head + row * pitch
        baseline = row_top + (pitch - (NAME_ASCENT + NAME_DESCENT) * size) / 2 + NAME_ASCENT * size
        name_x = x + number_w
        name_w = text_width(cand.name, size)
        entry: dict[str, Any] = {
            "id": cand.id,
            "page": 1,
            "name_box_pt": _round_box(
                (
                    name_x - 1.5,
                    baseline - NAME_ASCENT * size,
                    name_x + name_w + 1.5,
                    baseline + NAME_DESCENT * size,
                )
            ),
            "baseline_pt": round(baseline, 2),
            "number_x_pt": round(x, 2),
        }
        if form == "agree_disagree":
            mid = baseline - 0.35 * size
            for key, centre in (
                ("agree_box_pt", x + col_w - 1.5 * box_col),
                ("disagree_box_pt", x + col_w - 0.5 * box_col),
            ):
                entry[key] = _round_box(
                    (centre - box / 2, mid - box / 2, centre + box / 2, mid + box / 2)
                )
        candidates.append(entry)
    inset, fid, w, h = frame.inset, frame.fiducial, frame.width, frame.height
    half = fid / 2
    stamp_box = (frame.margin - 8, 36.0, w * 0.47, 36.0 + 88.0 * frame.k)
    return {
        "format": "daihoi-ballot-layout/1",
        "form": form,
        "page_size_pt": [w, h],
        "pages_per_ballot": 1,
        "candidates": candidates,
        "agree_box_pt": None,
        "stamp_box_pt": _round_box(stamp_box),
        "paper": paper,
        "election_id": spec_code(spec),
        "font_size_pt": size,
        "row_pitch_pt": round(pitch, 2),
        "columns": ncol,
        "fiducials_pt": [
            [inset + half, inset + half],
            [w - inset - half, inset + half],
            [w - inset - half, h - inset - half],
            [inset + half, h - inset - half],
        ],
        "fiducial_size_pt": fid,
        "code_strip_pt": _round_box(frame.strip),
        "code_cells": STRIP_CELLS,
        "marks_zone_pt": _round_box(
            (frame.margin - 6, frame.list_top - 4, w - frame.margin + 6, frame.list_bottom + 4)
        ),
        "header_labels_y_pt": round(top + head * 0.6, 2) if head else None,
    }


def layout_for(election_doc: dict[str, Any], paper: str = "A4") -> dict[str, Any]:
    """The layout of this election's ballot on ``paper`` (``A4`` or ``A5``)."""
    return copy.deepcopy(_cached(spec_from_document(election_doc), paper))


@lru_cache(maxsize=32)
def _cached(spec: BallotSpec, paper: str) -> dict[str, Any]:
    return _layout(spec, paper)


def layout_from_spec(spec: BallotSpec, paper: str) -> dict[str, Any]:
    """The layout for an already checked election (cached; treat it as read-only)."""
    return _cached(spec, paper)
