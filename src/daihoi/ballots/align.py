"""Finding the four corner markers and mapping a photo or scan onto the printed layout."""

from __future__ import annotations

from typing import Any

import cv2
import numpy as np
from numpy.typing import NDArray

# The reader works on a canonical raster of the ballot page: 2 pixels per PDF point (144 DPI).
PX_PER_PT = 2.0
MAX_SIDE = 3400  # larger images are halved until their longer side is at most this (~2x canonical)

Gray = NDArray[np.uint8]
Points = NDArray[np.float32]


def reduce(image: NDArray[np.uint8], max_side: int = MAX_SIDE) -> NDArray[np.uint8]:
    """Halve a large image (Gaussian pyramid) until its longer side is at most ``max_side``."""
    while max(image.shape[:2]) > max_side:
        image = np.asarray(cv2.pyrDown(image), dtype=np.uint8)
    return image


def _square_blobs(gray: Gray) -> list[tuple[float, float, float]]:
    """Filled, square, dark blobs: ``(cx, cy, area)``."""
    block = max(31, (min(gray.shape) // 12) | 1)
    binary = cv2.adaptiveThreshold(
        gray, 255, cv2.ADAPTIVE_THRESH_MEAN_C, cv2.THRESH_BINARY_INV, block, 20
    )
    contours, _ = cv2.findContours(binary, cv2.RETR_LIST, cv2.CHAIN_APPROX_SIMPLE)
    min_area = max(30.0, gray.shape[0] * gray.shape[1] * 2e-5)
    blobs: list[tuple[float, float, float]] = []
    for contour in contours:
        area = float(cv2.contourArea(contour))
        if area < min_area:
            continue
        (cx, cy), (rw, rh), _ = cv2.minAreaRect(contour)
        if rw <= 0 or rh <= 0 or max(rw, rh) / min(rw, rh) > 1.35:
            continue
        if area / (rw * rh) < 0.82:
            continue
        x, y, w, h = cv2.boundingRect(contour)
        filled = float(np.count_nonzero(binary[y : y + h, x : x + w])) / max(1.0, area)
        if filled < 0.85:
            continue
        blobs.append((float(cx), float(cy), area))
    return blobs


def find_markers(gray: Gray) -> Points | None:
    """Centres of the four corner markers (top-left, top-right, bottom-right, bottom-left)."""
    blobs = _square_blobs(gray)
    if len(blobs) < 4:
        return None
    areas = sorted((b[2] for b in blobs), reverse=True)
    floor = areas[3] * 0.4
    big = [b for b in blobs if b[2] >= floor]
    chosen: list[tuple[float, float, float]] = []
    for dx, dy in ((-1, -1), (1, -1), (1, 1), (-1, 1)):
        best = max(big, key=lambda b: dx * b[0] + dy * b[1])
        chosen.append(best)
    if len({(b[0], b[1]) for b in chosen}) != 4:
        return None
    sizes = [b[2] for b in chosen]
    if max(sizes) > 2.6 * min(sizes):
        return None
    pts = np.array([[b[0], b[1]] for b in chosen], dtype=np.float32)
    if not cv2.isContourConvex(pts.reshape(-1, 1, 2)):
        return None
    return pts


def refine_markers(gray: Gray, found: Points, layout: dict[str, Any]) -> Points:
    """The markers' centres measured again on ``gray`` (found on a smaller copy of it).

    Each centre is the centroid of the dark square around the first estimate, thresholded
    (Otsu) in a window a little larger than the marker: at the reduced resolution a centre is
    off by up to a pixel, which becomes a two-pixel misregistration of the print far from the
    markers. A centre that cannot be measured keeps its first estimate.
    """
    target = layout_points(layout)
    scale = float(np.linalg.norm(found[2] - found[0]) / np.linalg.norm(target[2] - target[0]))
    side = float(layout["fiducial_size_pt"]) * PX_PER_PT * scale
    half = max(4, round(0.9 * side))
    out = found.copy()
    for i, (cx, cy) in enumerate(found):
        x0, y0 = max(0, round(cx) - half), max(0, round(cy) - half)
        window = gray[y0 : round(cy) + half + 1, x0 : round(cx) + half + 1]
        if window.size == 0 or min(window.shape) < 4:
            continue
        _, binary = cv2.threshold(window, 0, 255, cv2.THRESH_BINARY_INV | cv2.THRESH_OTSU)
        _, labels, stats, _ = cv2.connectedComponentsWithStats(binary, connectivity=8)
        row = min(round(cy) - y0, labels.shape[0] - 1)
        label = int(labels[row, min(round(cx) - x0, labels.shape[1] - 1)])
        if label == 0:
            continue
        area = float(stats[label][cv2.CC_STAT_AREA])
        w, h = stats[label][cv2.CC_STAT_WIDTH], stats[label][cv2.CC_STAT_HEIGHT]
        if not 0.5 * side * side <= area <= 1.6 * side * side or max(w, h) > 1.6 * side:
            continue
        mx, my = _weighted_centre(window, np.asarray(binary, np.uint8), stats[label])
        if abs(x0 + mx - cx) > 0.25 * side or abs(y0 + my - cy) > 0.25 * side:
            continue
        out[i] = (x0 + mx, y0 + my)
    return out


def _weighted_centre(window: Gray, binary: Gray, box: NDArray[np.int32]) -> tuple[float, float]:
    """The centre of a dark square weighted by darkness, edge pixels counted by how much of
    them the square covers (a thresholded centre is off by up to half a pixel)."""
    x, y = int(box[cv2.CC_STAT_LEFT]), int(box[cv2.CC_STAT_TOP])
    w, h = int(box[cv2.CC_STAT_WIDTH]), int(box[cv2.CC_STAT_HEIGHT])
    x0, y0 = max(0, x - 2), max(0, y - 2)
    region = window[y0 : y + h + 2, x0 : x + w + 2].astype(np.float64)
    paper = float(np.median(window[binary == 0])) if np.any(binary == 0) else 255.0
    ink = float(np.median(window[binary > 0]))
    weight = np.clip((paper - region) / max(1.0, paper - ink), 0.0, 1.0)
    total = float(weight.sum())
    if total <= 0:
        return x + w / 2 - 0.5, y + h / 2 - 0.5
    ys, xs = np.indices(region.shape)
    return x0 + float((weight * xs).sum()) / total, y0 + float((weight * ys).sum()) / total


def layout_points(layout: dict[str, Any], rotated: bool = False) -> Points:
    """The layout's marker centres on the canonical raster, in the detected order.

    Canonical pixel ``i`` covers the points ``i / PX_PER_PT`` to ``(i + 1) / PX_PER_PT`` (as
    the blank ballot is rendered), so a point ``p`` lies at pixel coordinate
    ``p * PX_PER_PT - 0.5`` (pixel coordinates name pixel centres).
    """
    pts = np.array(layout["fiducials_pt"], dtype=np.float32) * PX_PER_PT - np.float32(0.5)
    if rotated:  # the page lies upside down: detected top-left is the printed bottom-right
        pts = pts[[2, 3, 0, 1]]
    return pts


def plausible(found: Points, layout: dict[str, Any]) -> bool:
    """The detected quadrilateral has the shape of the layout's (within perspective slack)."""
    target = layout_points(layout)

    def ratio(p: Points) -> float:
        w = float(np.linalg.norm(p[1] - p[0]) + np.linalg.norm(p[2] - p[3]))
        h = float(np.linalg.norm(p[3] - p[0]) + np.linalg.norm(p[2] - p[1]))
        return w / max(h, 1e-6)

    return abs(ratio(found) / ratio(target) - 1.0) < 0.25


def homography(found: Points, layout: dict[str, Any], rotated: bool) -> NDArray[np.float64]:
    matrix = cv2.getPerspectiveTransform(found, layout_points(layout, rotated))
    return np.asarray(matrix, dtype=np.float64)


def warp(
    image: NDArray[np.uint8],
    matrix: NDArray[np.float64],
    box_pt: tuple[float, float, float, float] | list[float],
    shape: tuple[int, ...] | None = None,
) -> NDArray[np.uint8]:
    """The region ``box_pt`` of the page on the canonical raster (``shape`` forces the size)."""
    x0, y0, x1, y1 = (v * PX_PER_PT for v in box_pt)
    shift = np.array([[1, 0, -x0], [0, 1, -y0], [0, 0, 1]], dtype=np.float64)
    size = (max(1, round(x1 - x0)), max(1, round(y1 - y0)))
    if shape is not None:
        size = (shape[1], shape[0])
    out = cv2.warpPerspective(
        image, shift @ matrix, size, flags=cv2.INTER_LINEAR, borderMode=cv2.BORDER_REPLICATE
    )
    return np.asarray(out, dtype=np.uint8)
