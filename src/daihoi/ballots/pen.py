"""A second, independent model of what voters' pens leave on a ballot, for tests and benchmarks.

:mod:`daihoi.ballots.synth` draws strokes as anti-aliased polylines of one width and colour.
This module models the hand and the pen instead, and knows nothing of how the reader decides:

- **the hand**: a stroke is a movement in time with a minimum-jerk speed profile (slow at the
  ends, fast in the middle), a bow and a slow wander of the line, a tremor of a fraction of a
  point, a hook where the pen lands and a flick where it lifts, and an overshoot past the
  point aimed at;
- **the pen**: a ballpoint (a narrow line, width barely changing with pressure, a grainy
  deposit, and skips where a dry ball rolls without ink) or a felt tip (a wide line, width
  following the pressure, soft edges, a blot where it rests); pressure rises as the pen lands
  and falls as it lifts; the ink is blue, black, violet or red, absorbed by the paper
  (subtractive: two strokes over each other are darker than one);
- **the voter**: strikes straight, sloped (up to 6° on the page), wavy, through the lower or
  upper half of the letters, from before the number, or on past the name; strikes twice; crosses
  a name out; scribbles a zigzag over it; and makes the marks a person must judge (a stroke
  over part of the name, an underline, a circle).

The scanner's effects (rotation, scale, perspective, blur, noise, JPEG, uneven light, a fold,
misregistered colour channels) are those of :func:`daihoi.ballots.synth.perturb` and
:func:`daihoi.ballots.synth.misregister`.
"""

from __future__ import annotations

import itertools
import math
import random
from dataclasses import dataclass
from typing import Any

import cv2
import numpy as np
from numpy.typing import NDArray

from daihoi.ballots import synth

Image = NDArray[np.uint8]
Points = NDArray[np.float64]

# What the ink lets through, per channel (BGR, 0..1) where it lies fully.
INKS: dict[str, tuple[float, float, float]] = {
    "blue": (0.62, 0.22, 0.10),
    "black": (0.12, 0.12, 0.13),
    "violet": (0.55, 0.15, 0.42),
    "red": (0.15, 0.18, 0.78),
}
# Marks that strike a name (the truth: struck).
STRIKES = (
    "straight",
    "sloped",
    "wavy",
    "low",
    "high",
    "from_number",
    "long",
    "double",
    "cross",
    "zigzag",
)
PLAIN = ("straight", "sloped", "wavy", "low", "high", "from_number", "long")
# Marks a person must judge (the truth: neither struck nor kept without a person).
JUDGED = ("partial", "underline", "circle")
SUPER = 4  # strokes are laid down this much finer than the scan, then averaged down


@dataclass
class Pen:
    """One voter's pen: its kind, its ink, its widths in points and how it deposits."""

    kind: str  # "ballpoint" or "felt"
    ink: str
    width_pt: float  # at full pressure
    dry: float  # chance per point of a skip starting (ballpoint)
    grain: float  # spread of the deposit from dab to dab (0: even)

    @classmethod
    def choose(cls, rng: random.Random, ink: str | None = None) -> Pen:
        colour = ink or rng.choice(list(INKS))
        if rng.random() < 0.7:
            return cls(
                "ballpoint",
                colour,
                rng.uniform(0.7, 1.3),
                rng.uniform(0.0, 0.04),
                rng.uniform(0.05, 0.3),
            )
        return cls("felt", colour, rng.uniform(1.4, 2.8), 0.0, rng.uniform(0.0, 0.1))


class Hand:
    """Lays strokes on a ballot image at ``dpi`` (coordinates in PDF points)."""

    def __init__(self, image: Image, dpi: int, rng: random.Random, pen: Pen) -> None:
        self.image = image
        self.scale = dpi / 72
        self.rng = rng
        self.pen = pen
        self.tremor_pt = rng.uniform(0.03, 0.18)

    def trajectory(
        self,
        start: tuple[float, float],
        end: tuple[float, float],
        *,
        bow: float = 0.0,
        wander: float = 0.0,
        hooks: bool = True,
    ) -> tuple[Points, NDArray[np.float64]]:
        """The pen's positions in time (points) and its pressure (0..1) at each."""
        rng = self.rng
        (x0, y0), (x1, y1) = start, end
        length = math.hypot(x1 - x0, y1 - y0) or 1.0
        over = rng.uniform(0.0, 0.05) * length if hooks else 0.0  # past the aimed-at end
        ux, uy = (x1 - x0) / length, (y1 - y0) / length
        x1, y1 = x1 + ux * over, y1 + uy * over
        steps = max(16, int(length * 0.8))
        t = np.linspace(0.0, 1.0, steps)
        s = 10 * t**3 - 15 * t**4 + 6 * t**5  # minimum jerk: slow at the ends
        px, py = x0 + (x1 - x0) * s, y0 + (y1 - y0) * s
        nx, ny = -uy, ux  # normal to the line
        bend = bow * 4 * s * (1 - s)
        slow = np.zeros(steps)
        for _ in range(2):  # the line wanders slowly, one or two waves along it
            cycles, phase = rng.uniform(0.4, 2.5), rng.uniform(0, 7)
            slow += rng.uniform(0.3, 1.0) * np.sin(2 * math.pi * cycles * s + phase)
        shake = np.cumsum(np.array([rng.gauss(0, 1) for _ in range(steps)]))
        shake = np.convolve(shake - np.linspace(0, shake[-1], steps), np.ones(5) / 5, "same")
        shake *= self.tremor_pt / max(1e-6, float(np.abs(shake).max()))
        off = bend + wander * slow / 2 + shake
        pts = np.stack([px + nx * off, py + ny * off], axis=1)
        pressure = np.clip(np.sin(np.pi * np.clip(t * 1.15 - 0.02, 0, 1)) ** 0.35, 0.15, 1.0)
        pressure *= rng.uniform(0.75, 1.0)
        if hooks:
            pts, pressure = self._hooks(pts, pressure, (ux, uy))
        return pts, pressure

    def _hooks(
        self, pts: Points, pressure: NDArray[np.float64], direction: tuple[float, float]
    ) -> tuple[Points, NDArray[np.float64]]:
        """A hook where the pen lands (it arrives from above or below) and a flick as it lifts."""
        rng = self.rng
        ux, uy = direction
        out, pr = [pts], [pressure]
        if rng.random() < 0.6:
            size = rng.uniform(0.5, 2.2)
            side = rng.choice((-1, 1))
            n = 6
            hook = np.array(
                [
                    [
                        pts[0, 0] - ux * size * (1 - i / n) * 0.5 - uy * side * size * (1 - i / n),
                        pts[0, 1] - uy * size * (1 - i / n) * 0.5 + ux * side * size * (1 - i / n),
                    ]
                    for i in range(n)
                ]
            )
            out.insert(0, hook)
            pr.insert(0, np.linspace(0.2, float(pressure[0]), n))
        if rng.random() < 0.6:
            size = rng.uniform(0.6, 3.0)
            turn = math.radians(rng.uniform(30, 130)) * rng.choice((-1, 1))
            dx = ux * math.cos(turn) - uy * math.sin(turn)
            dy = ux * math.sin(turn) + uy * math.cos(turn)
            n = 6
            flick = np.array(
                [
                    [pts[-1, 0] + dx * size * i / n, pts[-1, 1] + dy * size * i / n]
                    for i in range(1, n + 1)
                ]
            )
            out.append(flick)
            pr.append(np.linspace(float(pressure[-1]), 0.1, n))
        return np.concatenate(out), np.concatenate(pr)

    def stroke(self, pts: Points, pressure: NDArray[np.float64]) -> None:
        """Lay ink along the trajectory: dabs of the pen's width at each position in time."""
        pen, rng = self.pen, self.rng
        k = self.scale * SUPER
        pad = pen.width_pt * 2 + 2
        x0, y0 = pts.min(axis=0) - pad
        x1, y1 = pts.max(axis=0) + pad
        h_img, w_img = self.image.shape[:2]
        gx0, gy0 = max(0, int(x0 * self.scale)), max(0, int(y0 * self.scale))
        gx1, gy1 = min(w_img, int(x1 * self.scale) + 2), min(h_img, int(y1 * self.scale) + 2)
        if gx1 <= gx0 or gy1 <= gy0:
            return
        patch = np.zeros(((gy1 - gy0) * SUPER, (gx1 - gx0) * SUPER), np.uint8)
        if pen.kind == "felt":
            widths = pen.width_pt * (0.55 + 0.45 * pressure)
        else:
            widths = pen.width_pt * (0.85 + 0.15 * pressure)
        seg = np.hypot(*np.diff(pts, axis=0).T)
        travelled = np.concatenate(([0.0], np.cumsum(seg)))
        noise = np.random.default_rng(rng.getrandbits(32))
        deposit = pressure * (1 - noise.uniform(0, pen.grain, len(pts)) if pen.grain else 1.0)
        if pen.dry:  # the ball rolls dry now and then, for a fraction of a point to two points
            at = 0.0
            while True:
                at += noise.exponential(1.0 / pen.dry)
                if at >= travelled[-1]:
                    break
                dry = (travelled >= at) & (travelled < at + noise.uniform(0.3, 2.0))
                deposit[dry] *= noise.uniform(0.0, 0.35, int(dry.sum()))
        xy = np.rint((pts * self.scale - (gx0, gy0)) * SUPER).astype(np.int32)
        radius = np.maximum(1, np.rint(widths * k / 2)).astype(np.int32)
        value = np.rint(255 * np.clip(deposit, 0, 1)).astype(np.int32)
        if pen.kind == "felt":  # the blot where a felt tip rests
            cv2.circle(patch, (int(xy[0, 0]), int(xy[0, 1])), int(radius[0] * 1.3), 255, -1)
        for i in range(1, len(xy)):
            cv2.line(
                patch,
                (int(xy[i - 1, 0]), int(xy[i - 1, 1])),
                (int(xy[i, 0]), int(xy[i, 1])),
                int(value[i]),
                int(2 * radius[i]),
                cv2.LINE_8,
            )
        small = cv2.resize(patch, (gx1 - gx0, gy1 - gy0), interpolation=cv2.INTER_AREA)
        density = np.asarray(small, dtype=np.float32) / np.float32(255.0)
        if pen.kind == "felt":
            density = np.asarray(cv2.GaussianBlur(density, (0, 0), 0.5), dtype=np.float32)
        self._absorb(density, gx0, gy0)

    def _absorb(self, density: NDArray[np.float32], gx0: int, gy0: int) -> None:
        h, w = density.shape
        region = self.image[gy0 : gy0 + h, gx0 : gx0 + w].astype(np.float32)
        let = np.array(INKS[self.pen.ink], np.float32)
        factor = 1.0 - density[..., None] * (1.0 - let[None, None, :])
        self.image[gy0 : gy0 + h, gx0 : gx0 + w] = np.clip(region * factor, 0, 255).astype(np.uint8)

    def line(self, start: tuple[float, float], end: tuple[float, float], **kw: Any) -> None:
        self.stroke(*self.trajectory(start, end, **kw))


def _name(entry: dict[str, Any], size: float) -> tuple[float, float, float, float]:
    """The name's left and right ends, its baseline and its middle height (points)."""
    x0, _, x1, _ = entry["name_box_pt"]
    base = float(entry["baseline_pt"])
    return float(x0), float(x1), base, base - 0.38 * size


def mark(hand: Hand, entry: dict[str, Any], size: float, kind: str) -> None:
    """Draw one kind of mark over a candidate's name, the way a hand does."""
    rng = hand.rng
    x0, x1, base, mid = _name(entry, size)
    width = x1 - x0

    def through(y: float, slope_deg: float, a: float, b: float, **kw: Any) -> None:
        rise = math.tan(math.radians(slope_deg)) * (b - a) / 2
        if rng.random() < 0.5:
            hand.line((a, y + rise), (b, y - rise), **kw)
        else:  # some voters strike from right to left
            hand.line((b, y - rise), (a, y + rise), **kw)

    start = x0 - rng.uniform(-0.03, 0.06) * width
    stop = x1 + rng.uniform(-0.03, 0.06) * width
    y = mid + rng.uniform(-0.12, 0.12) * size
    if kind == "straight":
        through(y, rng.uniform(-1.5, 1.5), start, stop, bow=rng.uniform(-0.4, 0.4))
    elif kind == "sloped":
        through(
            mid,
            rng.choice((-1, 1)) * rng.uniform(2.0, 6.0),
            start,
            stop,
            bow=rng.uniform(-0.6, 0.6),
        )
    elif kind == "wavy":
        through(
            y,
            rng.uniform(-2, 2),
            start,
            stop,
            wander=rng.uniform(0.08, 0.25) * size,
            bow=rng.uniform(-0.8, 0.8),
        )
    elif kind == "low":
        through(base - rng.uniform(0.08, 0.28) * size, rng.uniform(-1.5, 1.5), start, stop)
    elif kind == "high":
        through(base - rng.uniform(0.6, 0.8) * size, rng.uniform(-1.5, 1.5), start, stop)
    elif kind == "from_number":
        number = float(entry.get("number_x_pt", x0 - 15))
        through(y, rng.uniform(-2, 2), number - rng.uniform(0, 4), stop)
    elif kind == "long":
        through(y, rng.uniform(-2, 2), start, x1 + rng.uniform(8, 22))
    elif kind == "double":
        gap = rng.uniform(0.15, 0.35) * size
        through(mid - gap, rng.uniform(-2, 2), start, stop)
        through(
            mid + gap,
            rng.uniform(-2, 2),
            x0 - rng.uniform(-0.03, 0.06) * width,
            x1 + rng.uniform(-0.03, 0.06) * width,
        )
    elif kind == "cross":
        top, bottom = base - rng.uniform(0.8, 1.1) * size, base + rng.uniform(0.0, 0.25) * size
        a, b = x0 - rng.uniform(0, 0.04) * width, x1 + rng.uniform(0, 0.04) * width
        hand.line((a, top), (b, bottom), bow=rng.uniform(-0.5, 0.5))
        hand.line(
            (a + rng.uniform(-2, 2), bottom),
            (b + rng.uniform(-2, 2), top),
            bow=rng.uniform(-0.5, 0.5),
        )
    elif kind == "zigzag":
        teeth = rng.randint(3, 7)
        top, bottom = base - 0.85 * size, base - 0.05 * size
        xs = np.linspace(start, stop, teeth * 2 + 1)
        pts = [(float(x), top if i % 2 else bottom) for i, x in enumerate(xs)]
        for p, q in itertools.pairwise(pts):
            hand.line(p, q, hooks=False)
    elif kind == "partial":
        share = rng.uniform(0.3, 0.75)
        a = x0 + rng.uniform(0, 1 - share) * width
        through(y, rng.uniform(-2, 2), a, a + share * width)
    elif kind == "underline":
        u = base + rng.uniform(0.25, 0.5) * size
        through(u, rng.uniform(-1.5, 1.5), x0 - rng.uniform(0, 4), x1 + rng.uniform(0, 4))
    elif kind == "circle":
        cx, cy = (x0 + x1) / 2, mid
        rx, ry = width / 2 + rng.uniform(4, 10), 0.75 * size + rng.uniform(0, 3)
        turn = rng.uniform(0, 2 * math.pi)
        t = np.linspace(turn, turn + 2 * math.pi * rng.uniform(0.92, 1.05), 160)
        ring = np.stack([cx + rx * np.cos(t), cy + ry * np.sin(t)], axis=1)
        pressure = np.clip(np.sin(np.linspace(0, np.pi, len(t))) ** 0.3, 0.2, 1.0)
        hand.stroke(ring, pressure)
    else:
        raise ValueError(f"unknown mark {kind}")


def stamp(image: Image, layout: dict[str, Any], dpi: int, rng: random.Random) -> None:
    """The counting board's red stamp, as a ring of red ink laid by this module's own pen."""
    x0, y0, x1, y1 = layout["stamp_box_pt"]
    hand = Hand(image, dpi, rng, Pen("felt", "red", rng.uniform(2.2, 3.0), 0.0, 0.05))
    cx, cy = (x0 + x1) / 2 + rng.uniform(-8, 8), (y0 + y1) / 2 + rng.uniform(-4, 4)
    r = min(x1 - x0, y1 - y0) * 0.4
    t = np.linspace(0, 2 * math.pi, 120)
    for radius in (r, r * 0.68):
        pts = np.stack([cx + radius * np.cos(t), cy + radius * np.sin(t)], axis=1)
        hand.stroke(pts, np.full(len(t), 1.0))
    hand.line((cx - r * 0.4, cy), (cx + r * 0.4, cy), hooks=False)


def ballot(
    doc: dict[str, Any],
    paper: str,
    dpi: int,
    rng: random.Random,
    marks: dict[str, str],
    *,
    scanner: bool = True,
    stamped: bool = True,
) -> tuple[Image, dict[str, Any]]:
    """One ballot of the election filled in by one voter with one pen, as a scanner gives it.

    ``marks`` maps candidate ids to kinds of mark (:data:`STRIKES`, :data:`JUDGED`); other names
    are left clean. The truth: ``kept`` (ids left clean, in order), ``struck``, ``judged`` (ids
    a person must decide), ``marks``, and ``defect`` when the stamp is missing."""
    from daihoi.ballots.layout import layout_for

    layout = layout_for(doc, paper)
    size = float(layout["font_size_pt"])
    image = synth.blank(doc, paper, dpi)
    if stamped:
        stamp(image, layout, dpi, rng)
    pen = Pen.choose(rng)
    hand = Hand(image, dpi, rng, pen)
    for entry in layout["candidates"]:
        kind = marks.get(entry["id"])
        if kind:
            mark(hand, entry, size, kind)
    ids = [c["id"] for c in layout["candidates"]]
    truth: dict[str, Any] = {
        "kept": [i for i in ids if i not in marks],
        "struck": [i for i in ids if marks.get(i) in STRIKES],
        "judged": [i for i in ids if marks.get(i) in JUDGED],
        "marks": dict(marks),
        "pen": f"{pen.kind} {pen.ink}",
    }
    if not stamped:
        truth["defect"] = "not_issued"
    if scanner:
        image = synth.perturb(
            image,
            rng,
            rotate=rng.uniform(-2.5, 2.5),
            scale=rng.uniform(0.95, 1.05),
            perspective=rng.uniform(0.0, 0.01) if rng.random() < 0.3 else 0.0,
            blur=rng.uniform(0.0, 1.0),
            noise=rng.uniform(0.0, 5.0),
            jpeg=rng.randint(70, 95) if rng.random() < 0.5 else None,
            lighting=rng.uniform(0.0, 0.3),
            fold=rng.random() < 0.15,
        )
        if rng.random() < 0.1:
            image = synth.misregister(image, rng.uniform(0.5, 1.2))
    return image, truth


def judge(result: dict[str, Any], truth: dict[str, Any]) -> str:
    """``read_ok``, ``wrong``, ``review`` or ``rejected`` for a reading of such a ballot: a
    ballot ``read`` while a name on it needs a person, or read otherwise than its truth, is
    ``wrong``."""
    status = str(result["status"])
    if status != "read":
        return status
    if truth.get("defect"):
        return "read_ok" if result.get("defect") == truth["defect"] else "wrong"
    if truth["judged"] or result.get("defect"):
        return "wrong"
    return "read_ok" if list(result["kept"]) == list(truth["kept"]) else "wrong"
