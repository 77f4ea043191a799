"""Reading one ballot image: align, measure new ink against the blank ballot, decide or doubt.

Each decision has two thresholds: beyond the definite one the reader is sure, inside the
doubtful band it sends the ballot to a person (``review``) with the reason. What cannot be
aligned or identified is ``rejected``. A ballot read as ``read`` must never be wrong.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

import cv2
import numpy as np
from numpy.typing import NDArray

from daihoi.ballots import strip
from daihoi.ballots.align import (
    PX_PER_PT,
    find_markers,
    homography,
    plausible,
    reduce,
    refine_markers,
    warp,
)
from daihoi.ballots.document import BallotSpec, spec_code, spec_from_document
from daihoi.ballots.layout import PAPERS, layout_from_spec
from daihoi.ballots.marks import (
    analyse_agree,
    analyse_outside,
    analyse_strike,
)
from daihoi.ballots.raster import PDFIUM_LOCK

Image = NDArray[np.uint8]
Floats = NDArray[np.float32]

INK = 0.28  # darkness of new ink that counts as a pen stroke
FAINT = 0.12  # darkness of a light or blurred stroke: counted only along a definite stroke
PRINT_CORE = 0.12  # template darkness taken as printed
PRINT_GROW = 3  # printed areas grown by (n - 1) / 2 pixels: the alignment tolerance
BLUR_REJECT = 0.40  # printed text this faint (0..1 darkness) means the image is too blurred
BLUR_REVIEW = 0.52
PEN_CHROMA = 45  # colour (max - min channel) of a blue or violet pen stroke
PEN_CHROMA_FAINT = 28
PEN_MIN_PX = 150  # coloured pixels in the list area before the pen counts as coloured
PRINT_FRINGE = 25  # colour (90th percentile) on the printed heading: the scanner adds colour
STAMP_DEFINITE = 0.02  # share of red pixels in the stamp box
STAMP_ABSENT = 0.004
LOCATE_SIDES = (1300, 2600)  # longest side of the copies the markers are looked for on
TEMPLATE_OVERSAMPLE = 4  # the blank ballot is rendered this much finer, then averaged down


@lru_cache(maxsize=8)
def _template(spec: BallotSpec, paper: str) -> tuple[Floats, NDArray[np.uint8], NDArray[np.uint8]]:
    """Darkness of the blank ballot on the canonical raster, where printing may show (with the
    alignment tolerance) and where the print's solid core is.

    Rendered finer and averaged down: rendered directly at the canonical scale, the renderer
    snaps each line of type to whole pixels, which puts the letters up to a pixel away from
    where a printed page shows them.
    """
    import pypdfium2 as pdfium

    from daihoi.ballots.render import render_spec_pdf

    k = TEMPLATE_OVERSAMPLE
    data = render_spec_pdf(spec, paper=paper)
    with PDFIUM_LOCK:
        page = pdfium.PdfDocument(data)[0]
        width, height = round(page.get_width() * PX_PER_PT), round(page.get_height() * PX_PER_PT)
        bitmap = page.render(scale=PX_PER_PT * k, grayscale=True)
        fine = np.array(bitmap.to_numpy(), dtype=np.uint8)
    if fine.ndim == 3:
        fine = fine[..., 0]
    canvas = np.full((height * k, width * k), 255, np.float32)
    h, w = min(fine.shape[0], height * k), min(fine.shape[1], width * k)
    canvas[:h, :w] = fine[:h, :w]
    gray = canvas.reshape(height, k, width, k).mean(axis=(1, 3))
    dark = np.asarray((255.0 - gray) / 255.0, dtype=np.float32)
    printed = (dark > PRINT_CORE).astype(np.uint8)
    mask = cv2.dilate(printed, np.ones((PRINT_GROW, PRINT_GROW), np.uint8))
    core = cv2.dilate((dark > 0.5).astype(np.uint8), np.ones((3, 3), np.uint8))
    return dark, np.asarray(mask, dtype=np.uint8), np.asarray(core, dtype=np.uint8)


def _darkness(gray: Image) -> Floats:
    """0 for paper, towards 1 for ink, after evening out the lighting."""
    h, w = gray.shape
    small = cv2.resize(gray, (max(1, w // 4), max(1, h // 4)), interpolation=cv2.INTER_AREA)
    paper = cv2.morphologyEx(small, cv2.MORPH_CLOSE, np.ones((7, 7), np.uint8))
    paper = cv2.GaussianBlur(paper, (5, 5), 0)
    paper = cv2.resize(paper, (w, h), interpolation=cv2.INTER_LINEAR)
    bg = np.maximum(paper.astype(np.float32), 40.0)
    dark = gray.astype(np.float32)  # 1 - gray / bg, clipped to 0..1, computed in place
    np.divide(dark, bg, out=dark)
    np.subtract(np.float32(1.0), dark, out=dark)
    return np.asarray(np.clip(dark, 0.0, 1.0, out=dark), dtype=np.float32)


def _read_strip(
    gray: Image, matrix: NDArray[np.float64], layout: dict[str, Any]
) -> list[int] | None:
    region = warp(gray, matrix, layout["code_strip_pt"]).astype(np.float32)
    cells = int(layout["code_cells"])
    h, w = region.shape
    means = []
    for i in range(cells):
        a, b = round((i + 0.25) * w / cells), round((i + 0.75) * w / cells)
        means.append(float(region[h // 4 : 3 * h // 4 + 1, a : max(b, a + 1)].mean()))
    lo, hi = min(means), max(means)
    if hi - lo < 40:
        return None
    mid = (lo + hi) / 2
    margin = (hi - lo) * 0.2
    if any(abs(m - mid) < margin for m in means):
        return None
    return [1 if m < mid else 0 for m in means]


def _locate(gray: Image, layouts: list[dict[str, Any]], code: str) -> tuple[Any, ...]:
    """The layout and homography matching the printed code, or a rejection reason.

    The markers are looked for on a copy reduced to about 1,300 pixels; when that finds no
    readable code (a photo where the page fills only part of the frame leaves the markers a
    few pixels wide there), once more on a copy twice as fine."""
    located: tuple[Any, ...] = ("markers_not_found",)
    tried: set[tuple[int, ...]] = set()
    for side in LOCATE_SIDES:
        small = reduce(gray, side)
        if small.shape in tried:
            break
        tried.add(small.shape)
        located = _locate_on(gray, small, layouts, code)
        if located[0] in ("ok", "wrong_election"):
            break
    return located


def _locate_on(
    gray: Image, small: Image, layouts: list[dict[str, Any]], code: str
) -> tuple[Any, ...]:
    found = find_markers(small)
    if found is None:
        return ("markers_not_found",)
    found = found * np.float32(gray.shape[0] / small.shape[0])
    other = False
    for layout in layouts:
        if not plausible(found, layout):
            continue
        if small.shape != gray.shape:
            found = refine_markers(gray, found, layout)
        for rotated in (False, True):
            matrix = homography(found, layout, rotated)
            bits = _read_strip(gray, matrix, layout)
            decoded = strip.decode(bits) if bits is not None else None
            if decoded is None:
                continue
            if decoded == (code, layout["paper"]):
                return ("ok", layout, matrix)
            other = True
    return ("wrong_election",) if other else ("code_unreadable",)


def _pen_colour(
    image: Image,
    matrix: NDArray[np.float64],
    layout: dict[str, Any],
    core: NDArray[np.uint8],
    printed: NDArray[np.uint8],
) -> tuple[NDArray[np.uint8], NDArray[np.uint8]] | None:
    """Coloured (blue, violet, red) pen ink on the canonical raster, or ``None``.

    Print is black, so ink with colour is a pen's even in the blurred fringe of the printed
    letters; only the print's solid core hides it. ``None`` when no coloured pen was used, or
    when the scanner puts colour round black print itself (:func:`_print_fringes`): colour then
    proves nothing, and the page is read by darkness alone, as for a black pen.
    """
    if image.ndim != 3:
        return None
    warped = warp(_spread(image), matrix, [0.0, 0.0, *layout["page_size_pt"]], core.shape)
    if _print_fringes(warped, printed, layout):
        return None
    free = core == 0
    specks = np.ones((2, 2), np.uint8)
    strong = cv2.morphologyEx(
        ((warped >= PEN_CHROMA) & free).astype(np.uint8), cv2.MORPH_OPEN, specks
    )
    x0, y0, x1, y1 = (round(v * PX_PER_PT) for v in layout["marks_zone_pt"])
    if int(np.count_nonzero(strong[y0:y1, x0:x1])) < PEN_MIN_PX:
        return None
    light = ((warped >= PEN_CHROMA_FAINT) & free).astype(np.uint8)
    return np.asarray(strong, np.uint8), light


def _print_fringes(
    spread: NDArray[np.uint8], printed: NDArray[np.uint8], layout: dict[str, Any]
) -> bool:
    """Whether the black print itself shows colour: a scanner whose colour channels do not
    line up (common in sheet-fed scanners) edges each letter with red and blue. Measured on
    the printed heading between the stamp's box and the list, where voters do not write."""
    x0, _, x1, _ = (round(v * PX_PER_PT) for v in layout["marks_zone_pt"])
    y0 = round(layout["stamp_box_pt"][3] * PX_PER_PT)
    y1 = round(layout["marks_zone_pt"][1] * PX_PER_PT)
    values = spread[y0:y1, x0:x1][printed[y0:y1, x0:x1] > 0]
    return values.size >= 200 and float(np.percentile(values, 90)) > PRINT_FRINGE


def _spread(image: Image) -> NDArray[np.uint8]:
    """Per pixel, the largest channel minus the smallest (OpenCV: far faster than numpy's
    reductions over the channel axis)."""
    blue, green, red = cv2.split(image)
    return np.asarray(
        cv2.subtract(cv2.max(cv2.max(blue, green), red), cv2.min(cv2.min(blue, green), red)),
        dtype=np.uint8,
    )


def _colourful(image: Image) -> bool:
    """Whether the image holds colour anywhere (pen ink, a tinted paper): a colour scan."""
    spread = _spread(np.ascontiguousarray(image[::6, ::6]))
    return int(np.count_nonzero(spread >= 40)) >= 20


def _stamp(image: Image, matrix: NDArray[np.float64], layout: dict[str, Any], new: Floats) -> str:
    """``present``, ``absent``, ``doubt`` or ``unchecked`` (a grey image showing a mark where
    the stamp goes: the red cannot be told from any other ink).

    ``new`` is the page's darkness where the blank ballot shows paper: with no new ink at all
    in the stamp's box, the stamp is absent whatever the image's colours.
    """
    x0, y0, x1, y1 = (round(v * PX_PER_PT) for v in layout["stamp_box_pt"])
    marked = (new[y0:y1, x0:x1] >= FAINT).astype(np.uint8)
    marked = np.asarray(cv2.morphologyEx(marked, cv2.MORPH_OPEN, np.ones((2, 2), np.uint8)))
    inked = float(np.count_nonzero(marked)) / max(1, marked.size) > STAMP_ABSENT
    if image.ndim != 3:
        return "unchecked" if inked else "absent"
    region = warp(image, matrix, layout["stamp_box_pt"])
    spread = _spread(region)
    hsv = cv2.cvtColor(region, cv2.COLOR_BGR2HSV)
    hue, sat, val = hsv[..., 0], hsv[..., 1], hsv[..., 2]
    red = ((hue <= 12) | (hue >= 165)) & (sat >= 70) & (val >= 50)
    share = float(np.count_nonzero(red)) / red.size
    if share >= STAMP_DEFINITE:
        return "present"
    if not inked:
        return "absent"
    if float(np.percentile(spread, 99.5)) < 14 and not _colourful(image):
        return "unchecked"  # no colour at all: a grey scan cannot show the red stamp
    return "absent" if share <= STAMP_ABSENT else "doubt"


@lru_cache(maxsize=8)
def _solid(spec: BallotSpec, paper: str) -> tuple[NDArray[np.bool_], NDArray[np.uint8]]:
    """The blank ballot's solid type (for :func:`_sharpness`) and where it shows paper."""
    template, printed, _ = _template(spec, paper)
    core = cv2.erode((template > 0.6).astype(np.uint8), np.ones((2, 2), np.uint8))
    solid, free = core > 0, 1 - printed
    solid.flags.writeable = False
    free.flags.writeable = False
    return solid, free


def _sharpness(dark: Floats, solid: NDArray[np.bool_], layout: dict[str, Any]) -> float:
    """How dark the printed names come out (blur spreads and lightens thin type)."""
    x0, y0, x1, y1 = (round(v * PX_PER_PT) for v in layout["marks_zone_pt"])
    sel = solid[y0:y1, x0:x1]
    values = dark[y0:y1, x0:x1][sel]
    if values.size < 50:
        return 1.0
    return float(np.percentile(values, 75))


def _aligned(
    image: NDArray[np.uint8], spec: BallotSpec, layout: dict[str, Any] | None
) -> tuple[NDArray[np.uint8], Image, tuple[Any, ...]]:
    """The image reduced (colour kept: the pen's colour and the red stamp are read from it),
    its grey copy, and :func:`_locate`'s answer for it."""
    if image.ndim == 3 and image.shape[2] == 4:
        image = np.asarray(cv2.cvtColor(image, cv2.COLOR_BGRA2BGR), dtype=np.uint8)
    image = reduce(image)
    gray = np.asarray(
        image if image.ndim == 2 else cv2.cvtColor(image, cv2.COLOR_BGR2GRAY), dtype=np.uint8
    )
    layouts = [layout] if layout is not None else [layout_from_spec(spec, p) for p in PAPERS]
    return image, gray, _locate(gray, layouts, spec_code(spec))


def close_up(
    image: NDArray[np.uint8],
    election_doc: dict[str, Any],
    candidate: str,
    layout: dict[str, Any] | None = None,
) -> NDArray[np.uint8] | None:
    """The candidate's row of the ballot, aligned and straightened as the reader saw it
    (144 DPI, colour kept), for the person deciding a ballot under review: the number, the
    name or the boxes, and the space around them where a mark would be. ``None`` when the image
    cannot be aligned or the candidate is not on the ballot."""
    image, _, located = _aligned(image, spec_from_document(election_doc), layout)
    if located[0] != "ok":
        return None
    _, page, matrix = located
    entry = next((c for c in page["candidates"] if c["id"] == candidate), None)
    if entry is None:
        return None
    size = float(page["font_size_pt"])
    x0 = max(0.0, float(entry["number_x_pt"]) - size)
    right = entry["name_box_pt"][2] if page["form"] == "strike_out" else entry["disagree_box_pt"][2]
    x1 = min(float(page["page_size_pt"][0]), float(right) + 2 * size)
    baseline = float(entry["baseline_pt"])  # the letters' tops to well below an underline
    return warp(image, matrix, [x0, baseline - 1.45 * size, x1, baseline + 0.8 * size])


def read_image(
    image: NDArray[np.uint8], election_doc: dict[str, Any], layout: dict[str, Any] | None = None
) -> dict[str, Any]:
    """Read one ballot (a BGR or grey image as OpenCV loads it) into a reading entry.

    ``layout`` fixes the paper; without it A4 and A5 are both tried (the code strip says which).
    """
    return read_spec_image(image, spec_from_document(election_doc), layout)


def read_spec_image(
    image: NDArray[np.uint8], spec: BallotSpec, layout: dict[str, Any] | None = None
) -> dict[str, Any]:
    """:func:`read_image` for an already checked election (no re-validation per image)."""
    image, gray, located = _aligned(image, spec, layout)
    if located[0] != "ok":
        return {"status": "rejected", "reasons": [located[0]]}
    _, page, matrix = located
    template, printed, core = _template(spec, page["paper"])
    canonical = warp(gray, matrix, [0.0, 0.0, *page["page_size_pt"]], template.shape)
    dark = _darkness(canonical)
    solid, free = _solid(spec, page["paper"])
    sharp = _sharpness(dark, solid, page)
    if sharp < BLUR_REJECT:
        return {"status": "rejected", "reasons": ["blurred"]}
    new = np.where(printed > 0, np.float32(0.0), dark)
    ink = (new >= INK).astype(np.uint8)
    faint = (new >= FAINT).astype(np.uint8)
    specks = np.ones((2, 2), np.uint8)
    clean_ink = np.asarray(cv2.morphologyEx(ink, cv2.MORPH_OPEN, specks), dtype=np.uint8)
    pen_light: NDArray[np.uint8] | None = None
    pen = _pen_colour(image, matrix, page, core, printed)
    if pen is not None:  # a coloured pen: seen right up to the printed letters' core
        strong, light = pen
        ink |= strong
        clean_ink |= strong
        faint |= light
        pen_light = np.asarray(cv2.morphologyEx(light, cv2.MORPH_OPEN, specks), dtype=np.uint8)
    reasons: list[str] = []
    if sharp < BLUR_REVIEW:
        reasons.append("soft_image")
    entry: dict[str, Any] = {}
    explained = None
    if page["form"] == "strike_out":
        faint_open = np.asarray(cv2.morphologyEx(faint, cv2.MORPH_OPEN, specks), dtype=np.uint8)
        kept, scores, why, kinds, explained = analyse_strike(
            clean_ink, faint, faint_open, free, page, ink, pen_light, new
        )
        entry["kept"] = kept
        if kinds:
            entry["strikes"] = kinds
    else:
        marks, scores, box_scores, why = analyse_agree(clean_ink, faint, page)
        entry["marks"] = marks
        entry["box_scores"] = box_scores
    reasons += why
    defect, outside_why = analyse_outside(clean_ink, page, explained)
    reasons += outside_why
    stamp = _stamp(image, matrix, page, new)
    if stamp == "absent":
        defect = "not_issued"
    elif stamp == "doubt":
        reasons.append("marginal_stamp")
    elif stamp == "unchecked":
        reasons.append("stamp_unchecked")
    entry["scores"] = scores
    if defect == "not_issued" or (defect and not reasons):
        result: dict[str, Any] = {"status": "read", "defect": defect, "scores": scores}
        if reasons:
            result["notes"] = reasons
        return result
    if defect:
        reasons.append(f"possible_{defect}")
    if reasons:
        return {"status": "review", **entry, "reasons": reasons}
    return {"status": "read", **entry}
