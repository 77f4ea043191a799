"""Synthetic filled-in ballots, for the tests, the benchmark and anyone checking the reader.

Renders the blank ballot, then draws what pens and people do (strikes, underlines, circles,
crosses, box marks, writing, the red stamp) and what scanners and phones do (rotation, scale,
perspective, blur, noise, JPEG, uneven light, a fold).
"""

from __future__ import annotations

import math
import random
from functools import lru_cache
from typing import Any

import cv2
import numpy as np
from numpy.typing import NDArray

from daihoi.ballots.raster import PDFIUM_LOCK, page_to_bgr
from daihoi.ballots.render import render_ballots_pdf

Image = NDArray[np.uint8]
PRINT_DPI = 600  # the printer's resolution
INKS = [(150, 40, 20), (40, 30, 30), (120, 60, 10), (170, 90, 60)]  # BGR: blue, black, pens


@lru_cache(maxsize=8)
def _blank(doc_json: str, paper: str, dpi: int) -> Image:
    import json

    import pypdfium2 as pdfium

    data = render_ballots_pdf(json.loads(doc_json), paper=paper)
    with PDFIUM_LOCK:
        page = pdfium.PdfDocument(data)[0]
        size = (round(page.get_width() * dpi / 72), round(page.get_height() * dpi / 72))
        # Printed at the printer's resolution, then scanned at ``dpi``: rendered straight at a
        # scanner's resolution the renderer would snap each line of type to whole pixels, which
        # paper does not do.
        printed = page_to_bgr(page, max(PRINT_DPI, dpi))
    return np.asarray(cv2.resize(printed, size, interpolation=cv2.INTER_AREA), dtype=np.uint8)


def blank(doc: dict[str, Any], paper: str = "A4", dpi: int = 200) -> Image:
    """The blank ballot as a BGR image at ``dpi``."""
    import json

    return _blank(json.dumps(doc, ensure_ascii=False, sort_keys=True), paper, dpi).copy()


class Pen:
    """Draws on a ballot image in PDF points."""

    def __init__(
        self,
        image: Image,
        dpi: int,
        rng: random.Random,
        light: bool = False,
        ink: tuple[int, int, int] | None = None,
    ) -> None:
        self.image = image
        self.s = dpi / 72
        self.rng = rng
        base = ink or rng.choice(INKS)
        fade = 0.55 if light else 1.0
        self.color = tuple(int(255 - (255 - c) * fade) for c in base)
        self.width_pt = rng.uniform(0.9, 2.2) if not light else rng.uniform(0.8, 1.4)

    def line(self, x0: float, y0: float, x1: float, y1: float, wave: float = 0.0) -> None:
        steps = max(2, int(abs(x1 - x0) + abs(y1 - y0)) // 3)
        phase = self.rng.uniform(0, 6.3)
        period = self.rng.uniform(20, 60)
        pts = []
        for i in range(steps + 1):
            t = i / steps
            x, y = x0 + (x1 - x0) * t, y0 + (y1 - y0) * t
            y += wave * math.sin(phase + (x - x0) / period * 6.28)
            pts.append((round(x * self.s * 16), round(y * self.s * 16)))
        width = max(1, round(self.width_pt * self.s))
        cv2.polylines(
            self.image, [np.array(pts, np.int32)], False, self.color, width, cv2.LINE_AA, shift=4
        )

    def ellipse(self, cx: float, cy: float, rx: float, ry: float) -> None:
        width = max(1, round(self.width_pt * self.s))
        centre = (round(cx * self.s), round(cy * self.s))
        axes = (round(rx * self.s), round(ry * self.s))
        start = self.rng.uniform(0, 40)
        cv2.ellipse(self.image, centre, axes, 0, start, start + 350, self.color, width, cv2.LINE_AA)

    def text(self, text: str, x: float, y: float, size: float) -> None:
        scale = size * self.s / 22
        org = (round(x * self.s), round(y * self.s))
        width = max(1, round(self.width_pt * self.s * 0.8))
        cv2.putText(
            self.image, text, org, cv2.FONT_HERSHEY_SCRIPT_SIMPLEX, scale, self.color, width
        )


def strike(
    pen: Pen,
    entry: dict[str, Any],
    size: float,
    start: float = 0.0,
    end: float = 1.0,
    angle_deg: float = 0.0,
    wave: float = 0.0,
    offset: float = 0.0,
) -> None:
    """A stroke through the middle of the name, over the share ``start``..``end`` of its width."""
    x0, _, x1, _ = entry["name_box_pt"]
    mid = entry["baseline_pt"] - 0.42 * size + offset
    a, b = x0 + (x1 - x0) * start, x0 + (x1 - x0) * end
    rise = math.tan(math.radians(angle_deg)) * (b - a) / 2
    pen.line(a, mid + rise, b, mid - rise, wave)


def underline(pen: Pen, entry: dict[str, Any], size: float) -> None:
    x0, _, x1, _ = entry["name_box_pt"]
    y = entry["baseline_pt"] + pen.rng.uniform(0.3, 0.5) * size
    pen.line(x0 - pen.rng.uniform(0, 4), y, x1 + pen.rng.uniform(0, 4), y, 0.3)


def circle(pen: Pen, entry: dict[str, Any], size: float) -> None:
    x0, y0, x1, y1 = entry["name_box_pt"]
    pen.ellipse((x0 + x1) / 2, (y0 + y1) / 2, (x1 - x0) / 2 + 8, (y1 - y0) / 2 + 0.25 * size)


def cross_box(pen: Pen, box: list[float], style: str = "x") -> None:
    x0, y0, x1, y1 = box
    j = pen.rng.uniform
    if style == "check":
        pen.line(x0 + 2 + j(-1, 1), (y0 + y1) / 2, (x0 + x1) / 2, y1 - 2 + j(-1, 1))
        pen.line((x0 + x1) / 2, y1 - 2, x1 + j(0, 3), y0 - j(0, 3))
        return
    pen.line(x0 + 1 + j(-1, 1), y0 + 1 + j(-1, 1), x1 - 1 + j(-1, 1), y1 - 1 + j(-1, 1))
    pen.line(x1 - 1 + j(-1, 1), y0 + 1 + j(-1, 1), x0 + 1 + j(-1, 1), y1 - 1 + j(-1, 1))


def stamp(image: Image, layout: dict[str, Any], dpi: int, rng: random.Random) -> None:
    """The counting board's red stamp, pressed over the top-left header."""
    s = dpi / 72
    x0, y0, x1, y1 = layout["stamp_box_pt"]
    cx = (x0 + x1) / 2 + rng.uniform(-10, 10)
    cy = (y0 + y1) / 2 + rng.uniform(-5, 5)
    r = min(x1 - x0, y1 - y0) * 0.42
    color = (rng.randint(20, 70), rng.randint(20, 60), rng.randint(170, 230))
    centre = (round(cx * s), round(cy * s))
    cv2.circle(image, centre, round(r * s), color, max(2, round(2.2 * s)), cv2.LINE_AA)
    cv2.circle(image, centre, round(r * 0.7 * s), color, max(1, round(1.2 * s)), cv2.LINE_AA)
    cv2.drawMarker(image, centre, color, cv2.MARKER_STAR, round(r * 0.6 * s), max(1, round(s)))


def perturb(
    image: Image,
    rng: random.Random,
    *,
    rotate: float = 0.0,
    scale: float = 1.0,
    perspective: float = 0.0,
    blur: float = 0.0,
    noise: float = 0.0,
    jpeg: int | None = None,
    lighting: float = 0.0,
    fold: bool = False,
) -> Image:
    """What a scanner or a phone does to the page."""
    h, w = image.shape[:2]
    out = image
    if fold:
        y = rng.randint(h // 3, 2 * h // 3)
        out = out.copy()
        out[y : y + 2] = (out[y : y + 2].astype(np.int16) - 30).clip(0, 255).astype(np.uint8)
    if lighting:
        yy, xx = np.mgrid[0:16, 0:16].astype(np.float32) / 15
        gx, gy = rng.uniform(-1, 1), rng.uniform(-1, 1)
        field = 1.0 - lighting * (0.5 + 0.25 * (gx * xx + gy * yy))
        big = cv2.resize(field, (w, h), interpolation=cv2.INTER_LINEAR)
        out = np.asarray(cv2.multiply(out, cv2.merge([big, big, big]), dtype=cv2.CV_8U), np.uint8)
    if rotate or scale != 1.0 or perspective:
        margin = 0.04 * max(h, w)
        src = np.array([[0, 0], [w, 0], [w, h], [0, h]], np.float32)
        centre = np.array([w / 2, h / 2], np.float32)
        angle = math.radians(rotate)
        rot = np.array([[math.cos(angle), -math.sin(angle)], [math.sin(angle), math.cos(angle)]])
        dst = (src - centre) @ rot.T.astype(np.float32) * scale + centre * scale + margin
        if perspective:
            dst = (
                dst
                + np.array([[rng.uniform(-1, 1), rng.uniform(-1, 1)] for _ in range(4)], np.float32)
                * perspective
                * w
            )
        size = (round(w * scale + 2 * margin), round(h * scale + 2 * margin))
        matrix = cv2.getPerspectiveTransform(src, dst.astype(np.float32))
        out = np.asarray(
            cv2.warpPerspective(out, matrix, size, borderValue=(90, 90, 90)), dtype=np.uint8
        )
    if blur:
        out = np.asarray(cv2.GaussianBlur(out, (0, 0), blur), dtype=np.uint8)
    if noise:
        grain = np.empty(out.shape, np.int16)
        cv2.setRNGSeed(rng.randint(0, 2**31))
        channels = int(out.shape[2]) if out.ndim == 3 else 1
        cv2.randn(grain, np.zeros(channels), np.full(channels, noise))
        out = np.asarray(cv2.add(out, grain, dtype=cv2.CV_8U), dtype=np.uint8)
    if jpeg:
        _, data = cv2.imencode(".jpg", out, [cv2.IMWRITE_JPEG_QUALITY, jpeg])
        out = np.asarray(cv2.imdecode(data, cv2.IMREAD_COLOR), dtype=np.uint8)
    return np.asarray(out, dtype=np.uint8)


def misregister(image: Image, rows: float) -> Image:
    """What a scanner whose colour channels do not line up does: the red channel ``rows``
    pixels below the green one, the blue one as far above (black print gets red and blue
    edges)."""
    blue, green, red = cv2.split(image)
    h, w = green.shape

    def shifted(channel: Any, dy: float) -> Image:
        matrix = np.array([[1, 0, 0], [0, 1, dy]], np.float32)
        return np.asarray(
            cv2.warpAffine(channel, matrix, (w, h), borderMode=cv2.BORDER_REPLICATE), np.uint8
        )

    return np.asarray(cv2.merge([shifted(blue, -rows), green, shifted(red, rows)]), np.uint8)


def sample(
    doc: dict[str, Any],
    paper: str,
    dpi: int,
    rng: random.Random,
    *,
    unclear: float = 0.0,
    unstamped: float = 0.0,
) -> tuple[Image, dict[str, Any]]:
    """One filled-in ballot of the election as a scanner would give it, and what it says.

    The voter keeps about as many names as there are seats (strike-out form) or marks one box
    per name (agree/disagree form). With probability ``unclear`` one name carries a mark that a
    person must look at (an underline, a circle or a partial stroke): its truth says so under
    ``unclear``; with probability ``unstamped`` the ballot lacks the red stamp (``not_issued``).
    """
    from daihoi.ballots.layout import layout_for

    layout = layout_for(doc, paper)
    size = float(layout["font_size_pt"])
    image = blank(doc, paper, dpi)
    truth: dict[str, Any] = {}
    if rng.random() < unstamped:
        truth["defect"] = "not_issued"
    else:
        stamp(image, layout, dpi, rng)
    pen = Pen(image, dpi, rng)
    entries = layout["candidates"]
    odd = rng.choice(entries)["id"] if rng.random() < unclear else None
    if layout["form"] == "strike_out":
        share = max(0.0, 1.0 - int(doc["seats"]) / max(1, len(entries)))
        kept = []
        for entry in entries:
            if entry["id"] == odd:
                kind = rng.choice(["underline", "circle", "partial"])
                truth["unclear"] = f"{kind}:{odd}"
                if kind == "underline":
                    underline(pen, entry, size)
                elif kind == "circle":
                    circle(pen, entry, size)
                else:
                    strike(pen, entry, size, 0.05, rng.uniform(0.3, 0.5))
                kept.append(entry["id"])
            elif rng.random() < share:
                strike(
                    pen,
                    entry,
                    size,
                    rng.uniform(-0.05, 0.03),
                    rng.uniform(0.97, 1.05),
                    rng.uniform(-1.5, 1.5),
                    rng.uniform(0.0, 0.08) * size,
                )
            else:
                kept.append(entry["id"])
        truth["kept"] = kept
    else:
        marks = {}
        for entry in entries:
            side = "agree" if rng.random() < 0.75 else "disagree"
            cross_box(pen, entry[f"{side}_box_pt"], rng.choice(["x", "check"]))
            marks[entry["id"]] = side
            if entry["id"] == odd:
                truth["unclear"] = f"circle:{odd}"
                circle(pen, entry, size)
        truth["marks"] = marks
    scanned = perturb(
        image,
        rng,
        rotate=rng.uniform(-2.0, 2.0),
        scale=rng.uniform(0.97, 1.03),
        blur=rng.uniform(0.0, 0.8),
        noise=rng.uniform(0.0, 3.0),
        lighting=rng.uniform(0.0, 0.2),
    )
    return scanned, truth
