"""Deciding what the new ink on an aligned ballot means.

Inputs are binary masks of new ink (ink that is not on the blank ballot) on the canonical
raster. On the strike-out form the ink is followed as traces and paths across each name
(:func:`analyse_strike`). Every decision has a definite threshold and a clean threshold;
between them the ballot goes to a person with a reason naming the candidate
(``partial_stroke:2``).
"""

from __future__ import annotations

from typing import Any

import cv2
import numpy as np
from numpy.typing import NDArray

from daihoi.ballots.align import PX_PER_PT
from daihoi.ballots.layout import NAME_ASCENT, NAME_DESCENT

Mask = NDArray[np.uint8]

PARTIAL_SHARE = 0.85
"""THE share of a name's width a stroke must span to strike it. A stroke over less of the name is
partial: anything from ``STRIKE_CLEAN`` to this share goes to a person, never read. Why 85 %: a
voter striking a name draws from its first letter to its last, and hand strokes start and stop a
few per cent inside or outside the name (the independent pen model draws starts and ends up to
8 % inside); a stroke stopping before the last sixth of the name may be a stroke abandoned, and
only a person can say what was meant. The one place this share is set; the calibration kit
measures it on the board's own scanner and pens."""
STRIKE_CLEAN = 0.10  # a stroke over less of the name than this is a speck, not a mark
INK_ALONG = 0.55  # share of the paper a path crosses that must carry ink for it to be a stroke
CHAIN_EM = 4.0  # a trace continues another that ends this close before it (em), at its height
LINK_EM = 0.6  # pieces of one trace cut apart by printed letters are joined over this (em)
SKIP_EM = 0.6  # paper along a stroke longer than this (em) ends it: more than a dry pen's skip
BAND_TOP_EM = 1.35  # a strike's path stays between this far above the baseline (em) ...
BAND_BOTTOM_EM = 0.40  # ... and this far below it, along PARTIAL_SHARE of the name (a slope)
MIDDLE_TOP_EM = 0.95  # and its middle lies between the letters' tops ...
MIDDLE_BOTTOM_EM = 0.08  # ... and just under the baseline (lower: an underline)
LEFTOVER_PT2 = 5.0  # ink in a name's row that no strike explains, more than this: a person looks
SPECK_PX = 6  # traces smaller than this are paper or scanner dirt
CORE_PX = 1  # rows either side of a path where paper must show for a column to count
BAND_SPECK_PX = 6  # more definite ink than this in the middle band is never "clean"
FAINT_CLEAN = 0.30
OVERRUN_PT = 18.0  # the row read as a name's reaches this far past its end
BOX_MARKED = 0.08  # share of an agree/disagree box covered by new ink
BOX_EMPTY = 0.015
OUTSIDE_IGNORE_PT2 = 3.0  # specks smaller than this are paper or scanner dirt
OUTSIDE_DOUBT_PT2 = 8.0
OUTSIDE_DEFECT_PT2 = 60.0
SIDE_CLEAN_PT2 = 6.0  # ink beside an agree/disagree row, in square points
PX2_PER_PT2 = PX_PER_PT * PX_PER_PT
SMOOTH = 9  # columns over which a stroke's path is smoothed
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
    stroke over less than ``PARTIAL_SHARE`` of the name is partial however dense it is).
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
        bridged = min(cover, float(extent)) if extent < PARTIAL_SHARE else cover
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
    if extent < PARTIAL_SHARE:  # however dense, a stroke over part of the name is partial
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


def _cells(layout: dict[str, Any]) -> NDArray[np.int64]:
    """Per candidate, the area read as its row: ``[x0, y0, x1, y1]`` in canonical pixels, from a
    little before the number (a stroke may start there) to ``OVERRUN_PT`` past the name."""
    size = float(layout["font_size_pt"])
    boxes = []
    for entry in layout["candidates"]:
        top, bottom = _row_cell(entry, layout)
        x0 = min(float(entry["number_x_pt"]) - 0.5 * size, entry["name_box_pt"][0] - OVERRUN_PT)
        boxes.append([_px(x0), top, _px(entry["name_box_pt"][2] + OVERRUN_PT), bottom])
    return np.array(boxes, dtype=np.int64).reshape(-1, 4)


class _Traces:
    """The new ink of the list area as traces: pieces of ink that the printed letters cut apart
    (a black stroke is invisible where it crosses a letter) joined again when they lie within
    ``LINK_EM`` of each other along the line, then labelled as connected components. Each
    trace is given to the candidate whose row holds its centre."""

    def __init__(self, seed: Mask, light: Mask, layout: dict[str, Any]) -> None:
        x0, y0, x1, y1 = (_px(v) for v in layout["marks_zone_pt"])
        self.origin = (x0, y0)
        size = float(layout["font_size_pt"])
        link = max(3, round(LINK_EM * size * PX_PER_PT))
        zone = light[y0:y1, x0:x1] | seed[y0:y1, x0:x1]
        closed = cv2.morphologyEx(zone, cv2.MORPH_CLOSE, np.ones((3, link), np.uint8))
        count, labels, stats, centres = cv2.connectedComponentsWithStats(closed, connectivity=8)
        # Light ink belongs to a trace only where the trace also holds definite ink (the light
        # start of a stroke, a ballpoint running dry): the blurred edges of print never do.
        anchored = np.zeros(count, dtype=bool)
        anchored[np.unique(labels[seed[y0:y1, x0:x1] > 0])] = True
        anchored[0] = False
        self.zone = zone
        self.definite = seed[y0:y1, x0:x1]
        self.labels = labels
        self.stats = stats
        cells = _cells(layout)
        self.by_row: list[list[int]] = [[] for _ in range(len(cells))]
        if count <= 1:
            return
        cx = centres[1:, 0] + x0
        cy = centres[1:, 1] + y0
        inside = (
            (cx[None, :] >= cells[:, 0:1])
            & (cx[None, :] < cells[:, 2:3])
            & (cy[None, :] >= cells[:, 1:2])
            & (cy[None, :] < cells[:, 3:4])
        )
        owner = np.where(inside.any(axis=0), inside.argmax(axis=0), -1)
        for k in np.flatnonzero((owner >= 0) & anchored[1:]):
            if stats[k + 1][cv2.CC_STAT_AREA] >= SPECK_PX:
                self.by_row[int(owner[k])].append(int(k + 1))


def _chains(traces: _Traces, ids: list[int], em: float) -> list[list[int]]:
    """The traces of a row grouped into what one hand drew over the name: from left to right, a
    trace joins the group before it when it overlaps it or starts within ``CHAIN_EM`` of its
    end (a stroke runs on inside a letter, where it cannot be seen; the arms of a cross, two
    strikes). Which paths the group holds, and whether paper shows without ink between its
    pieces, is judged along each path."""
    groups: list[list[int]] = []
    right = -(10**9)
    for k in sorted(ids, key=lambda i: int(traces.stats[i][0])):
        left, _, w, _ = (int(v) for v in traces.stats[k][:4])
        if groups and left - right <= CHAIN_EM * em:
            groups[-1].append(k)
        else:
            groups.append([k])
        right = max(right, left + w) if len(groups[-1]) > 1 else left + w
    return groups


def _smooth(path: NDArray[np.float64]) -> NDArray[np.float64]:
    k = min(SMOOTH, path.size) | 1
    if k <= 1:
        return path
    half = k // 2
    padded = np.concatenate((np.full(half, path[0]), path, np.full(half, path[-1])))
    return np.convolve(padded, np.full(k, 1.0 / k), mode="valid")


def _along(
    rows: NDArray[np.float64],
    span: tuple[int, int],
    x0: int,
    faint: Mask,
    free: Mask,
    half: int,
    skip: int,
) -> tuple[float, float, float]:
    """How one path over the name's columns (from ``x0``) is inked, given the stretch ``span``
    where the trace itself lies: the path's extent (share of the name's width from its first to
    its last inked column; a stretch of paper longer than ``skip`` ends it), the share of the
    observable columns of that extent that carry ink, and the share of the name's width where
    paper shows along the path at all. Beyond the trace the path follows lighter ink where it
    bends, and lighter ink continuing it (where a pen lands or lifts with little pressure)
    extends it (:func:`_run_on`)."""
    width = rows.size
    if width == 0:
        return 0.0, 0.0, 0.0
    height = faint.shape[0]
    cols = np.arange(x0, x0 + width)[None, :]
    a, b = span
    if a > 0 or b < width:  # beyond the trace, follow the lighter ink where the path bends
        rows = rows.copy()
        reach = np.arange(-half - 2, half + 3)
        around = np.clip(np.rint(rows)[None, :].astype(np.int64) + reach[:, None], 0, height - 1)
        weight = faint[around, cols].astype(np.float64)
        total = weight.sum(axis=0)
        follow = total > 0
        follow[a:b] = False
        shifted = (weight * reach[:, None]).sum(axis=0)[follow] / total[follow]
        rows[follow] += shifted
        rows = np.concatenate((_smooth(rows[:a]), rows[a:b], _smooth(rows[b:])))
    centre = np.rint(rows).astype(np.int64)
    near = np.clip(centre[None, :] + np.arange(-half, half + 1)[:, None], 0, height - 1)
    core = np.clip(centre[None, :] + np.arange(-CORE_PX, CORE_PX + 1)[:, None], 0, height - 1)
    marked = faint[near, cols].any(axis=0)
    seen = free[core, cols].any(axis=0)
    observable = float(seen.sum()) / width
    inked = np.flatnonzero(marked[a:b]) + a
    if inked.size == 0:
        return 0.0, 0.0, observable
    paper = np.cumsum(seen & ~marked)
    gaps = paper[inked[1:]] - paper[inked[:-1]]
    breaks = np.flatnonzero(gaps > skip)
    starts = np.concatenate(([0], breaks + 1))
    ends = np.concatenate((breaks, [inked.size - 1]))
    spans = inked[ends] - inked[starts] + 1
    best = int(spans.argmax())
    left, right = int(inked[starts[best]]), int(inked[ends[best]]) + 1
    blank = seen & ~marked
    before = _run_on(marked[:left][::-1], blank[:left][::-1], skip)
    after = _run_on(marked[right:], blank[right:], skip)
    left, right = left - before, right + after
    cover = float((marked[left:right] & seen[left:right]).sum()) / max(
        1.0, float(seen[left:right].sum())
    )
    return float(right - left) / width, min(1.0, cover), observable


def _run_on(marked: NDArray[np.bool_], blank: NDArray[np.bool_], skip: int) -> int:
    """How many columns a stroke runs on from its end in lighter ink (``marked`` and ``blank``
    start at the column next to it): up to its last inked column before more than ``skip``
    columns of paper, provided ink shows on ``INK_ALONG`` of the paper it crosses there (so
    that the blurred edges of printed letters never lengthen a stroke)."""
    if marked.size == 0:
        return 0
    inked = np.flatnonzero(marked)
    if inked.size == 0:
        return 0
    paper = np.cumsum(blank)
    gaps = np.diff(np.concatenate(([0], paper[inked])))
    stop = np.flatnonzero(gaps > skip)
    end = (
        int(inked[stop[0] - 1]) + 1
        if stop.size and stop[0] > 0
        else (0 if stop.size else int(inked[-1]) + 1)
    )
    if end == 0:
        return 0
    shown = int(marked[:end].sum()) + int(blank[:end].sum())
    return end if marked[:end].sum() >= INK_ALONG * max(1, shown) else 0


def _over_name(
    path: NDArray[np.float64], span: tuple[int, int], width: int, em: float
) -> NDArray[np.float64]:
    """A path known over ``span`` of the name's columns carried on straight to both ends of the
    name, at the slope of its last em at either end."""
    a, b = span
    out = np.empty(width, dtype=np.float64)
    out[a:b] = path
    reach = max(2, min(b - a, round(em)))
    if a > 0:
        slope = (path[reach - 1] - path[0]) / max(1, reach - 1)
        out[:a] = path[0] - slope * np.arange(a, 0, -1)
    if b < width:
        slope = (path[-1] - path[-reach]) / max(1, reach - 1)
        out[b:] = path[-1] + slope * np.arange(1, width - b + 1)
    return out


def _paths(piece: NDArray[np.bool_], lo: int, hi: int, half: int) -> dict[str, NDArray[np.float64]]:
    """Candidate paths of one trace, as a row per column of ``piece``: its middle, its upper and
    lower edges (two strokes one above the other), and, where the trace is narrow in the middle
    of the name and wide at its ends, the two arms of a cross (the upper edge on one side of the
    crossing, the lower edge on the other)."""
    h = piece.shape[0]
    top = piece.argmax(axis=0).astype(np.float64)
    bottom = (h - 1 - piece[::-1].argmax(axis=0)).astype(np.float64)
    has = piece.any(axis=0)
    if not has.all():  # a joined stroke: across a letter, the path runs straight on
        where = np.flatnonzero(has)
        everywhere = np.arange(piece.shape[1])
        top = np.interp(everywhere, where, top[has])
        bottom = np.interp(everywhere, where, bottom[has])
    paths = {"middle": _smooth((top + bottom) / 2)}
    thick = bottom - top
    if float(thick[lo:hi].max(initial=0.0)) > 2 * half:
        # The stroke along each edge: its middle, half its own width inside the edge.
        cols = np.arange(piece.shape[1])[None, :]
        depth = np.arange(2 * half + 1)[:, None]
        down = piece[np.clip(np.rint(top).astype(np.int64)[None, :] + depth, 0, h - 1), cols]
        up = piece[np.clip(np.rint(bottom).astype(np.int64)[None, :] - depth, 0, h - 1), cols]
        top = top + np.where(down.all(axis=0), 2 * half, down.argmin(axis=0)) / 2
        bottom = bottom - np.where(up.all(axis=0), 2 * half, up.argmin(axis=0)) / 2
        paths["upper"] = _smooth(top)
        paths["lower"] = _smooth(bottom)
        if hi - lo >= 8:
            profile = _smooth(thick[lo:hi])
            j = lo + int(profile.argmin())
            if lo < j < hi - 1:
                paths["arm_a"] = _smooth(np.concatenate((top[:j], bottom[j:])))
                paths["arm_b"] = _smooth(np.concatenate((bottom[:j], top[j:])))
    return paths


class _Row:
    """What the traces given to one candidate say."""

    def __init__(self) -> None:
        self.struck: list[str] = []  # the kinds of definite paths found
        self.score = 0.0
        self.leftover_px = 0
        self.partial = 0.0
        self.hidden = False
        self.other: list[str] = []  # kinds of the ink that is not a strike's path


def _read_row(
    traces: _Traces,
    ids: list[int],
    entry: dict[str, Any],
    layout: dict[str, Any],
    faint: Mask,
    free: Mask,
    explained: Mask,
) -> _Row:
    size = float(layout["font_size_pt"])
    em = size * PX_PER_PT
    half = max(3, round(0.22 * em))
    skip = max(2, round(SKIP_EM * em))
    nx0, _, nx1, _ = (_px(v) for v in entry["name_box_pt"])
    width = nx1 - nx0
    base = float(entry["baseline_pt"]) * PX_PER_PT
    ox, oy = traces.origin
    row = _Row()
    for chain in _chains(traces, ids, em):
        left = min(int(traces.stats[k][0]) for k in chain)
        top = min(int(traces.stats[k][1]) for k in chain)
        w = max(int(traces.stats[k][0] + traces.stats[k][2]) for k in chain) - left
        h = max(int(traces.stats[k][1] + traces.stats[k][3]) for k in chain) - top
        labels = traces.labels[top : top + h, left : left + w]
        if len(chain) == 1:
            piece = labels == chain[0]
        else:
            wanted = np.zeros(len(traces.stats), dtype=bool)
            wanted[chain] = True
            piece = wanted[labels]
        own = piece & (traces.zone[top : top + h, left : left + w] > 0)
        sure = piece & (traces.definite[top : top + h, left : left + w] > 0)
        gx0, gy0 = left + ox, top + oy
        lo, hi = max(0, nx0 - gx0), min(w, nx1 - gx0)
        definite: dict[str, NDArray[np.float64]] = {}
        best_partial = 0.0
        hidden = False
        if hi - lo >= STRIKE_CLEAN * width:
            span = (gx0 + lo - nx0, gx0 + hi - nx0)
            for name, path in _paths(piece, lo, hi, half).items():
                rows = _over_name(path[lo:hi] + gy0, span, width, em)
                rel = (rows[span[0] : span[1]] - base) / em
                inside = float(((rel >= -BAND_TOP_EM) & (rel <= BAND_BOTTOM_EM)).mean())
                middle = float(np.median(rel))
                in_band = inside >= PARTIAL_SHARE and -MIDDLE_TOP_EM <= middle <= MIDDLE_BOTTOM_EM
                extent, cover, seen = _along(rows, span, nx0, faint, free, half, skip)
                if seen < MIN_OBSERVABLE and in_band:
                    hidden = True
                    continue
                if not in_band or cover < INK_ALONG:
                    continue
                if extent >= PARTIAL_SHARE:
                    definite[name] = path
                    row.score = max(row.score, min(1.0, extent) * min(1.0, cover / INK_ALONG))
                else:
                    best_partial = max(best_partial, extent)
        if definite:
            ys = np.arange(h, dtype=np.float64)[:, None]
            near = np.zeros_like(own)
            for path in definite.values():
                near |= np.abs(ys - path[None, :]) <= half + 3
            row.leftover_px += int((sure & ~near).sum())
            mask = own & near
            explained[gy0 : gy0 + h, gx0 : gx0 + w] |= mask.astype(np.uint8)
            row.struck.append(_strike_kind(definite, lo, hi, half))
            continue
        row.hidden |= hidden
        row.leftover_px += int(sure.sum())
        row.partial = max(row.partial, best_partial)
        row.other.append(_mark_kind(piece, gy0, base, em, lo, hi, width, best_partial))
    return row


def _strike_kind(paths: dict[str, NDArray[np.float64]], lo: int, hi: int, half: int) -> str:
    """``cross`` (two arms, apart at both ends of the name and meeting between), ``double``
    (two strokes apart along the name) or ``line``."""
    if "upper" in paths and "lower" in paths:
        apart = paths["lower"][lo:hi] - paths["upper"][lo:hi]
        edge = max(1, apart.size // 8)
        ends_apart = min(float(apart[:edge].mean()), float(apart[-edge:].mean())) > 2 * half
        meet = float(apart[edge:-edge].min(initial=float("inf"))) <= 2 * half
        if ends_apart and meet:
            return "cross"
        if float(np.median(apart)) > 2 * half:
            return "double"
    if "arm_a" in paths and "arm_b" in paths:
        return "cross"
    return "line"


def _mark_kind(
    piece: NDArray[np.bool_],
    gy0: int,
    base: float,
    em: float,
    lo: int,
    hi: int,
    width: int,
    partial: float,
) -> str:
    """In words a reason can carry: what a trace that is not a strike looks like."""
    h = piece.shape[0]
    above = (base - gy0) / em >= BAND_TOP_EM - 0.1
    below = (gy0 + h - base) / em >= BAND_BOTTOM_EM
    span = (hi - lo) / max(1, width)
    if partial > 0:
        return "partial_stroke"
    if span >= PARTIAL_SHARE and above and below:
        return "circle"
    rows = np.flatnonzero(piece.any(axis=1)) + gy0
    middle = (float(np.median(rows)) - base) / em if rows.size else 0.0
    if span >= 0.5 and middle > MIDDLE_BOTTOM_EM:
        return "underline"
    if span >= PARTIAL_SHARE:
        return "scribble"
    return "mark_near"


def analyse_strike(
    ink: Mask,
    faint: Mask,
    faint_open: Mask,
    free: Mask,
    layout: dict[str, Any],
    raw_ink: Mask | None = None,
    pen_light: Mask | None = None,
    new_dark: NDArray[np.float32] | None = None,
) -> tuple[list[str], dict[str, float], list[str], dict[str, str], Mask]:
    """``kept`` ids (best guess), per-candidate strike scores, reasons for doubt, the kind of
    each definite strike (``line``, ``double``, ``cross``) and the pixels explained as strikes.

    ``ink``: definite new ink without specks; ``faint``: any new ink; ``faint_open``: faint
    ink without specks; ``free``: where the blank ballot shows paper; ``raw_ink``: definite
    ink with its specks; ``pen_light``: with a coloured pen, its ink however light, without
    specks (``None`` for a black pen); ``new_dark``: the darkness of the page where the blank
    ballot shows paper.

    The new ink is followed as traces (:class:`_Traces`); each trace over a name is tried as
    paths (its middle, its edges, the arms of a cross). A path is a strike when it runs through
    the letters (from their tops to just under the baseline, sloped or waving), shows ink
    along most of the paper it crosses, and spans ``PARTIAL_SHARE`` of the name. Ink of the
    name's row that no strike's path explains (an underline, a circle, a note, a partial
    stroke) sends the ballot to a person.
    """
    raw = ink if raw_ink is None else raw_ink
    colour_pen = pen_light is not None
    seed = ink if pen_light is None else np.asarray(ink | pen_light, dtype=np.uint8)
    along = faint if pen_light is None else np.asarray(faint | pen_light, dtype=np.uint8)
    light = faint_open if pen_light is None else np.asarray(faint_open | pen_light, np.uint8)
    traces = _Traces(seed, light, layout)
    explained = np.zeros(ink.shape[:2], dtype=np.uint8)
    runs = np.asarray(cv2.morphologyEx(raw, cv2.MORPH_OPEN, np.ones((1, 3), np.uint8)))
    size = float(layout["font_size_pt"])
    window = max(3, round(0.22 * size * PX_PER_PT))
    kept: list[str] = []
    scores: dict[str, float] = {}
    reasons: list[str] = []
    kinds: dict[str, str] = {}
    for index, entry in enumerate(layout["candidates"]):
        cid = entry["id"]
        row = _read_row(traces, traces.by_row[index], entry, layout, along, free, explained)
        leftover = row.leftover_px / PX2_PER_PT2 > LEFTOVER_PT2
        if row.struck:
            scores[cid] = round(row.score, 3)
            kinds[cid] = (
                "double"
                if len(row.struck) > 1 and "cross" not in row.struck
                else ("cross" if "cross" in row.struck else row.struck[0])
            )
            if leftover or row.hidden:
                reasons.append(f"mixed_marks:{cid}")
            continue
        scores[cid] = round(row.partial, 3)
        kept.append(cid)
        if row.hidden:
            reasons.append(f"hidden_stroke:{cid}")
            continue
        if leftover or row.partial > 0:
            kind = next(
                (
                    k
                    for k in ("partial_stroke", "scribble", "circle", "underline")
                    if k in row.other
                ),
                (row.other or ["mark_near"])[0],
            )
            reasons.append(f"{kind}:{cid}")
            continue
        x0, _, x1, _ = (_px(v) for v in entry["name_box_pt"])
        base = float(entry["baseline_pt"])
        strike_y0, strike_y1 = _px(base - NAME_ASCENT * size), _px(base - 0.10 * size)
        band_ink = int(np.count_nonzero(runs[strike_y0:strike_y1, x0:x1]))
        if band_ink > BAND_SPECK_PX:
            reasons.append(f"marginal_stroke:{cid}")
            continue
        faint_strike = _strike_cover(
            faint_open, faint_open, free, (strike_y0, strike_y1), x0, x1, window
        )
        if faint_strike is None or faint_strike > FAINT_CLEAN:
            reasons.append(f"faint_stroke:{cid}")
        elif not colour_pen and _sliver(new_dark, strike_y0, strike_y1, x0, x1):
            reasons.append(f"hidden_stroke:{cid}")
    return kept, scores, reasons, kinds, explained


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


def analyse_outside(
    ink: Mask, layout: dict[str, Any], explained: Mask | None = None
) -> tuple[str | None, list[str]]:
    """Marks or writing in the list area outside the candidates' rows.

    Returns a defect (``write_in``/``other_mark``) when there is plainly too much ink to be
    dirt, and a reason for doubt when there is some.
    """
    x0, y0, x1, y1 = (_px(v) for v in layout["marks_zone_pt"])
    zone = ink[y0:y1, x0:x1].copy()
    zone[_claimed(layout, ink.shape)[y0:y1, x0:x1] > 0] = 0
    if explained is not None:  # a strike running on past its name's row is still the strike
        zone[explained[y0:y1, x0:x1] > 0] = 0
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
