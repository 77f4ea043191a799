"""PDF pages to OpenCV images (BGR ``uint8``), whatever byte order PDFium renders in."""

from __future__ import annotations

import threading
from typing import Any

import cv2
import numpy as np
from numpy.typing import NDArray

# PDFium is not thread-safe: every use of it in this process (opening, counting, rendering
# pages) holds this lock. Processes (the reading pool) each have their own PDFium.
PDFIUM_LOCK = threading.RLock()


def bitmap_to_bgr(pixels: NDArray[Any], mode: str) -> NDArray[np.uint8]:
    """A rendered bitmap's pixels (``mode`` as PDFium names it: ``BGR``, ``BGRA``, ``BGRX``,
    ``RGB``, ``RGBA``, ``RGBX`` or ``L``) as a contiguous BGR ``uint8`` image."""
    if pixels.ndim == 2 or mode == "L":
        gray = np.asarray(pixels if pixels.ndim == 2 else pixels[..., 0], dtype=np.uint8)
        return np.asarray(cv2.cvtColor(gray, cv2.COLOR_GRAY2BGR), dtype=np.uint8)
    if mode.startswith("BGR"):
        return np.ascontiguousarray(pixels[..., :3], dtype=np.uint8)
    if mode.startswith("RGB"):
        rgb = np.ascontiguousarray(pixels[..., :3], dtype=np.uint8)
        return np.asarray(cv2.cvtColor(rgb, cv2.COLOR_RGB2BGR), dtype=np.uint8)
    raise ValueError(f"unexpected bitmap mode {mode!r}")


def page_to_bgr(page: Any, dpi: float) -> NDArray[np.uint8]:
    """A pypdfium2 page rendered at ``dpi`` as a BGR ``uint8`` image (the red stamp stays red:
    PDFium renders in BGR(A/X) byte order unless asked otherwise)."""
    bitmap = page.render(scale=dpi / 72)
    return bitmap_to_bgr(bitmap.to_numpy(), str(bitmap.mode))
