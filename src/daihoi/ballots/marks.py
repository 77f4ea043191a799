"""Deciding what the new ink on an aligned ballot means.

Inputs are binary masks of new ink (ink that is not on the blank ballot) on the canonical
raster. Every decision has a definite threshold and a clean threshold; between them the
ballot goes to a person with a reason naming the candidate (``marginal_stroke:2``).
"""

from __future__ import annotations

from typing import Any

import cv2
import numpy as np
from numpy.typing import NDArray

from daihoi.ballots.align import PX_PER_PT
from daihoi.ballots.layout import NAME_ASCENT, NAME_DESCENT

Mask = NDArray[np.uint8]

STRIKE_DEFINITE = 0.55  # share of the name's visible width crossed in its middle band
STRIKE_CLEAN = 0.10
BAND_SPECK_PX = 6  # more definite ink than this in the middle band is never "clean"
OTHER_CLEAN = 0.15  # share of the width with ink above, on or below the baseline
OTHER_STRUCK = 0.2  # the same, beside a definite strike
FAINT_CLEAN = 0.30
SIDE_CLEAN_PT2 = 6.0  # ink beside an unmarked name, in square points
OVERRUN_PT = 18.0  # how far a strike may run past either end of the name
BOX_MARKED = 0.08  # share of an agree/disagree box covered by new ink
BOX_EMPTY = 0.015
OUTSIDE_IGNORE_PT2 = 3.0  # specks smaller than this are paper or scanner dirt
OUTSIDE_DOUBT_PT2 = 8.0
OUTSIDE_DEFECT_PT2 = 60.0
PX2_PER_PT2 = PX_PER_PT * PX_PER_PT
SMOOTH = 9  # columns over which a stroke's path is smoothed
EXTENT_FULL = 0.85  # a stroke this long (share of the name's width) spans the whole name
CORE = 1.5  # rows either side of the path where paper must show for a column to count
MIN_OBSERVABLE = 0.08  # a stroke path counts only where this share of columns shows paper
HIDDEN_DARK = 0.65  # paper this dark in an unmarked name's band is pen ink, not blurred print
HIDDEN_TALL = 2  # ... when a column holds this many such pixels (a stroke seen through a gap)


def _px(value: float) -> int:
    return round(value * PX_PER_PT)


def _row_cell(entry: dict[str, Any], layout: dict[str, Any]) -> tuple[int, int]:
    size = float(layout["font_size_pt"])
    pitch = float(layout["row_pitch_pt"])
    baseline = float(entry["baseline_pt"])
    gap = max(0.0, (pitch - (NAME_ASCENT + NAME_DESCENT) * size) / 2)
    return _px(baseline - NAME_ASCENT * size - gap), _px(baseline + NAME_DESCENT * size + gap)


def _coverage(ink: Mask, free: Mask, y0: int, y1: int, x0: int, x1: int) -> float:
    """Share of the observable columns (some paper not printed on) that carry new ink."""
    if y1 <= y0 or x1 <= x0:
        return 0.0
    seen = free[max(0, y0) : y1, x0:x1].any(axis=0)
    marked = ink[max(0, y0) : y1, x0:x1].any(axis=0)
    return float(marked.sum()) / max(1.0, float(seen.sum()))


def _strike_cover(
    ink: Mask,
    faint: Mask,
    free: Mask,
    band: tuple[int, int],
    x0: int,
    x1: int,
    half: int,
    bridge: int = 0,
) -> float | None:
    """Share of the observable columns that one stroke through the band crosses.

    The stroke's path is estimated from the new ink itself (the middle of the ink in each
    column, smoothed along the name); a column counts only where paper shows through the
    printed letters near that path, since a stroke is invisible where it crosses a letter.
    Along the path found from definite ink, fainter ink (the blurred or lighter parts of the
    same stroke) also counts. The share is capped by the stroke's length along the name (a
    stroke over less than ``EXTENT_FULL`` of the name is partial however dense it is).
    ``None``: there is ink but too little paper shows along its path to tell.

    With ``bridge`` (coloured pen ink, which print cannot imitate) every column counts and
    gaps up to ``bridge`` pixels, where the stroke crosses a letter's solid core, are closed.
    """
    width = x1 - x0
    ink_b = ink[max(0, band[0]) : band[1], x0:x1] > 0
    faint_b = faint[max(0, band[0]) : band[1], x0:x1] > 0
    free_b = free[max(0, band[0]) : band[1], x0:x1] > 0
    if width <= 0 or ink_b.size == 0:
        return 0.0
    rows = np.arange(ink_b.shape[0], dtype=np.float64)[:, None]
    counts = ink_b.sum(axis=0)
    has = counts > 0
    if int(has.sum()) < 3:
        return float(has.sum()) / max(1.0, float(free_b.any(axis=0).sum()))
    centre = (ink_b * rows).sum(axis=0)[has] / counts[has]
    path = np.interp(np.arange(width), np.flatnonzero(has), centre)
    k = min(SMOOTH, width) | 1
    padded = np.pad(path, k // 2, mode="edge")
    path = np.convolve(padded, np.full(k, 1.0 / k), mode="valid")
    distance = np.abs(rows - path[None, :])
    near = distance <= half
    bridged: float | None = None
    if bridge:
        line = (faint_b & near).any(axis=0).astype(np.uint8).reshape(1, -1)
        kernel = np.ones((1, bridge), np.uint8)
        closed = np.asarray(cv2.morphologyEx(line, cv2.MORPH_CLOSE, kernel), dtype=np.uint8)
        row = closed.reshape(-1) > 0
        cols = np.flatnonzero(row)
        extent = (cols[-1] - cols[0] + 1) / width if cols.size else 0.0
        cover = float(row.mean())
        bridged = min(cover, float(extent)) if extent < EXTENT_FULL else cover
    observed = _observed_cover(faint_b, free_b, distance, near, width)
    if bridged is None:
        return observed
    return bridged if observed is None else max(bridged, observed)


def _observed_cover(
    faint_b: NDArray[np.bool_],
    free_b: NDArray[np.bool_],
    distance: NDArray[np.float64],
    near: NDArray[np.bool_],
    width: int,
) -> float | None:
    """Share of the columns where paper shows near the path that carry ink (``None``: too few)."""
    seen = (free_b & (distance <= CORE)).any(axis=0)
    marked = (faint_b & near).any(axis=0) & seen
    if seen.sum() < MIN_OBSERVABLE * width:
        return None
    cols = np.flatnonzero(marked)
    extent = (cols[-1] - cols[0] + 1) / width if cols.size else 0.0
    cover = float(marked.sum()) / float(seen.sum())
    if extent < EXTENT_FULL:  # however dense, a stroke over part of the name is partial
        return min(cover, float(extent))
    return cover


def _sliver(dark: NDArray[np.float32] | None, y0: int, y1: int, x0: int, x1: int) -> bool:
    """Whether the paper between letters shows a stroke's cross-section: a column with
    ``HIDDEN_TALL`` pixels darker than ``HIDDEN_DARK`` (misregistered print shows as lighter
    fringes, or as one-pixel rows along the letters' feet and tops)."""
    if dark is None or y1 <= y0 or x1 <= x0:
        return False
    region = dark[max(0, y0) : y1, max(0, x0) : x1] >= HIDDEN_DARK
    return bool(region.any()) and int(region.sum(axis=0).max()) >= HIDDEN_TALL


def analyse_strike(
    ink: Mask,
    faint: Mask,
    faint_open: Mask,
    free: Mask,
    layout: dict[str, Any],
    raw_ink: Mask | None = None,
    pen_light: Mask | None = None,
    new_dark: NDArray[np.float32] | None = None,
) -> tuple[list[str], dict[str, float], list[str]]:
    """``kept`` ids (best guess), per-candidate strike scores, and reasons for doubt.

    ``ink``: definite new ink without specks; ``faint``: any new ink; ``faint_open``: faint
    ink without specks; ``free``: where the blank ballot shows paper; ``raw_ink``: definite
    ink with its specks (a stroke hidden in the letters may show only as specks);
    ``pen_light``: with a coloured pen, its ink however light (colour that print cannot
    have), without specks; ``None`` for a black pen;
    ``new_dark``: the darkness of the page where the blank ballot shows paper (0 elsewhere).

    A stroke drawn lightly with a coloured pen may leave no definite ink at all; its colour,
    followed along the whole name, measures it like a definite stroke (a partial stroke,
    an underline or a circle stays what it is, however light).

    With a black pen, a stroke lying inside the printed letters may show only as a sliver
    between two letters: too little to measure, but a column of ink darker than blurred print
    (``HIDDEN_DARK``, ``HIDDEN_TALL``). Such a name is never read as unmarked.
    """
    raw = ink if raw_ink is None else raw_ink
    colour_pen = pen_light is not None
    # Horizontal runs of definite ink: what a stroke leaves between letters, unlike the thin
    # vertical fringes of blurred print.
    runs = np.asarray(cv2.morphologyEx(raw, cv2.MORPH_OPEN, np.ones((1, 3), np.uint8)))
    size = float(layout["font_size_pt"])
    window = max(3, round(0.22 * size * PX_PER_PT))
    bridge = max(5, round(0.45 * size * PX_PER_PT)) if colour_pen else 0
    kept: list[str] = []
    scores: dict[str, float] = {}
    reasons: list[str] = []
    for entry in layout["candidates"]:
        cid = entry["id"]
        x0, _, x1, _ = (_px(v) for v in entry["name_box_pt"])
        base = float(entry["baseline_pt"])
        top, bottom = _row_cell(entry, layout)
        strike_y0, strike_y1 = _px(base - NAME_ASCENT * size), _px(base - 0.10 * size)
        low_y1 = _px(base + 0.12 * size)
        measured = _strike_cover(ink, faint, free, (strike_y0, strike_y1), x0, x1, window, bridge)
        if measured is None:  # a stroke hidden in the printed letters: a person must look
            reasons.append(f"hidden_stroke:{cid}")
            scores[cid] = 0.5
            continue
        strike = measured
        if pen_light is not None and strike < STRIKE_DEFINITE:
            light = _strike_cover(
                pen_light, pen_light, free, (strike_y0, strike_y1), x0, x1, window, bridge
            )
            strike = max(strike, light or 0.0)
        over = _coverage(ink, free, top, strike_y0, x0, x1)
        low = _coverage(ink, free, strike_y1, low_y1, x0, x1)
        under = _coverage(ink, free, low_y1, bottom, x0, x1)
        faint_strike = (
            _strike_cover(faint_open, faint_open, free, (strike_y0, strike_y1), x0, x1, window)
            if strike <= STRIKE_CLEAN
            else 0.0
        )
        faint_strike = 1.0 if faint_strike is None else faint_strike
        left = ink[top:bottom, max(0, x0 - _px(OVERRUN_PT)) : x0]
        right = ink[top:bottom, x1 : x1 + _px(OVERRUN_PT)]
        side_pt2 = float(np.count_nonzero(left) + np.count_nonzero(right)) / PX2_PER_PT2
        scores[cid] = round(strike, 3)
        if strike < 0.5:
            kept.append(cid)
        if strike >= STRIKE_DEFINITE:
            if over > OTHER_STRUCK or under > OTHER_STRUCK:  # a cross, a circle, a second mark
                reasons.append(f"mixed_marks:{cid}")
            continue
        band_ink = int(np.count_nonzero(runs[strike_y0:strike_y1, x0:x1]))
        if strike > STRIKE_CLEAN or band_ink > BAND_SPECK_PX:
            reasons.append(f"marginal_stroke:{cid}")
        elif over > 0.3 and under > 0.3:
            reasons.append(f"circle:{cid}")
        elif under > OTHER_CLEAN or low > OTHER_CLEAN:
            reasons.append(f"underline:{cid}")
        elif over > OTHER_CLEAN:
            reasons.append(f"mark_near:{cid}")
        elif faint_strike > FAINT_CLEAN:
            reasons.append(f"faint_stroke:{cid}")
        elif not colour_pen and _sliver(new_dark, strike_y0, strike_y1, x0, x1):
            reasons.append(f"hidden_stroke:{cid}")
        elif side_pt2 > SIDE_CLEAN_PT2:
            reasons.append(f"mark_near:{cid}")
    return kept, scores, reasons


def _box_share(ink: Mask, box_pt: list[float]) -> float:
    x0, y0, x1, y1 = (_px(v) for v in box_pt)
    pad = (x1 - x0) // 4
    region = ink[max(0, y0 - pad) : y1 + pad, max(0, x0 - pad) : x1 + pad]
    return float(np.count_nonzero(region)) / max(1, (x1 - x0) * (y1 - y0))


def analyse_agree(
    ink: Mask, faint: Mask, layout: dict[str, Any]
) -> tuple[dict[str, str], dict[str, float], dict[str, dict[str, float]], list[str]]:
    """Per-candidate marks, scores (the larger box score), box scores and reasons."""
    marks: dict[str, str] = {}
    scores: dict[str, float] = {}
    box_scores: dict[str, dict[str, float]] = {}
    reasons: list[str] = []
    for entry in layout["candidates"]:
        cid = entry["id"]
        state: dict[str, bool] = {}
        box_scores[cid] = {}
        for side in ("agree", "disagree"):
            share = _box_share(ink, entry[f"{side}_box_pt"])
            faint_share = _box_share(faint, entry[f"{side}_box_pt"])
            box_scores[cid][side] = round(min(1.0, share / 0.3), 3)
            state[side] = share >= BOX_MARKED
            if BOX_EMPTY < share < BOX_MARKED or (share <= BOX_EMPTY and faint_share > 0.05):
                reasons.append(f"marginal_mark:{cid}:{side}")
        scores[cid] = max(box_scores[cid].values())
        both, agree = state["agree"] and state["disagree"], state["agree"]
        marks[cid] = (
            "both" if both else "agree" if agree else "disagree" if state["disagree"] else "none"
        )
        top, bottom = _row_cell(entry, layout)
        x0 = _px(entry["number_x_pt"])
        x1 = _px(entry["disagree_box_pt"][2] + 6)
        row = ink[top:bottom, x0:x1].copy()
        for side in ("agree", "disagree"):
            bx0, _, bx1, _ = (_px(v) for v in entry[f"{side}_box_pt"])
            pad = (bx1 - bx0) // 4
            row[:, max(0, bx0 - pad - x0) : bx1 + pad - x0] = 0
        if np.count_nonzero(row) / PX2_PER_PT2 > SIDE_CLEAN_PT2:
            reasons.append(f"mark_near:{cid}")
    return marks, scores, box_scores, reasons


def _claimed(layout: dict[str, Any], shape: tuple[int, ...]) -> Mask:
    """Pixels that belong to some candidate's row (read by the analyses above)."""
    claimed = np.zeros(shape[:2], dtype=np.uint8)
    for entry in layout["candidates"]:
        top, bottom = _row_cell(entry, layout)
        if layout["form"] == "strike_out":
            x0 = _px(min(entry["number_x_pt"], entry["name_box_pt"][0] - OVERRUN_PT))
            x1 = _px(entry["name_box_pt"][2] + OVERRUN_PT)
        else:
            x0 = _px(entry["number_x_pt"])
            x1 = _px(entry["disagree_box_pt"][2] + 6)
        claimed[max(0, top) : bottom, max(0, x0) : x1] = 1
    return claimed


def analyse_outside(ink: Mask, layout: dict[str, Any]) -> tuple[str | None, list[str]]:
    """Marks or writing in the list area outside the candidates' rows.

    Returns a defect (``write_in``/``other_mark``) when there is plainly too much ink to be
    dirt, and a reason for doubt when there is some.
    """
    x0, y0, x1, y1 = (_px(v) for v in layout["marks_zone_pt"])
    zone = ink[y0:y1, x0:x1].copy()
    zone[_claimed(layout, ink.shape)[y0:y1, x0:x1] > 0] = 0
    if np.count_nonzero(zone) < OUTSIDE_IGNORE_PT2 * PX2_PER_PT2:
        return None, []
    count, _, stats, _ = cv2.connectedComponentsWithStats(zone, connectivity=8)
    keep = [
        stats[i]
        for i in range(1, count)
        if stats[i][cv2.CC_STAT_AREA] / PX2_PER_PT2 >= OUTSIDE_IGNORE_PT2
    ]
    total = sum(float(s[cv2.CC_STAT_AREA]) for s in keep) / PX2_PER_PT2
    if total < OUTSIDE_DOUBT_PT2:
        return None, []
    if total < OUTSIDE_DEFECT_PT2:
        return None, ["mark_outside"]
    left = min(int(s[cv2.CC_STAT_LEFT]) for s in keep)
    right = max(int(s[cv2.CC_STAT_LEFT] + s[cv2.CC_STAT_WIDTH]) for s in keep)
    top = min(int(s[cv2.CC_STAT_TOP]) for s in keep)
    bottom = max(int(s[cv2.CC_STAT_TOP] + s[cv2.CC_STAT_HEIGHT]) for s in keep)
    wide = (right - left) / PX_PER_PT >= 40 and (right - left) > 2 * (bottom - top)
    if len(keep) >= 4 and wide:
        return "write_in", []
    return "other_mark", []
