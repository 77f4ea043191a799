"""Uploaded files to ballot pages, and a reading to the keying screen's content. No Django.

An image file is one page (its bytes are kept as uploaded); a PDF is one page per PDF page,
rasterised at 200 DPI and kept as PNG. Problems are reported in Vietnamese, one per file.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Any

import cv2
import numpy as np
from numpy.typing import NDArray

from daihoi.ballots.raster import page_to_bgr
from daihoi.congress.keying import content_of
from daihoi.election.model import BallotForm

PDF_DPI = 200
IMAGE_SUFFIXES = {"png": "png", "jpg": "jpg", "jpeg": "jpg", "tif": "tif", "tiff": "tif"}
MAX_PAGES = 500


class ScanFileError(ValueError):
    """Files that cannot be ballot scans; ``problems`` holds one Vietnamese line per file."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("; ".join(problems))
        self.problems = problems


@dataclass(frozen=True)
class Page:
    """One page to read and keep: ``data`` is the file kept (``suffix``), ``image`` BGR/grey."""

    source: str
    page: int
    data: bytes
    suffix: str
    image: NDArray[np.uint8]

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.data).hexdigest()


def _decode(data: bytes) -> NDArray[np.uint8] | None:
    image = cv2.imdecode(np.frombuffer(data, dtype=np.uint8), cv2.IMREAD_UNCHANGED)
    if image is None:
        return None
    if image.dtype != np.uint8:
        image = (image / (image.max() or 1) * 255).astype(np.uint8)
    return np.asarray(image, dtype=np.uint8)


def _pdf_pages(name: str, data: bytes) -> list[Page]:
    import pypdfium2 as pdfium

    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError:
        raise ScanFileError([f"{name}: không phải tệp PDF đọc được."]) from None
    pages = []
    for number in range(1, len(pdf) + 1):
        bgr = page_to_bgr(pdf[number - 1], PDF_DPI)  # the red stamp stays red
        ok, png = cv2.imencode(".png", bgr)
        if not ok:
            raise ScanFileError([f"{name}: không chuyển được trang {number} thành ảnh."])
        pages.append(Page(name, number, png.tobytes(), "png", bgr))
    return pages


def split_files(files: list[tuple[str, bytes]]) -> list[Page]:
    """The pages of uploaded ``(name, bytes)`` files, in order; :class:`ScanFileError` lists
    every file that is not a readable image or PDF."""
    if not files:
        raise ScanFileError(["Chưa chọn tệp ảnh quét nào."])
    pages: list[Page] = []
    problems: list[str] = []
    for name, data in files:
        suffix = name.rsplit(".", 1)[-1].lower() if "." in name else ""
        if data[:5] == b"%PDF-" or suffix == "pdf":
            try:
                pages += _pdf_pages(name, data)
            except ScanFileError as exc:
                problems += exc.problems
            continue
        image = _decode(data) if data else None
        if image is None:
            problems.append(f"{name}: không phải ảnh (PNG, JPEG, TIFF) hay PDF đọc được.")
            continue
        kept = IMAGE_SUFFIXES.get(suffix)
        if kept is None:  # an image under another name: keep it as PNG
            ok, png = cv2.imencode(".png", image)
            if not ok:
                problems.append(f"{name}: không chuyển được thành ảnh PNG.")
                continue
            data, kept = png.tobytes(), "png"
        pages.append(Page(name, 1, data, kept, image))
    if problems:
        raise ScanFileError(problems)
    if len(pages) > MAX_PAGES:
        raise ScanFileError([f"Quá nhiều trang trong một lần tải lên ({len(pages)}, tối đa "
                             f"{MAX_PAGES}): chia lô phiếu nhỏ hơn."])
    return pages


def reading_content(reading: dict[str, Any], form: BallotForm, ids: list[str]) -> str | None:
    """What a reading says, as the keying screen stores it; None when the page was rejected
    (or the reading carries no guess)."""
    if reading.get("status") not in ("read", "review"):
        return None
    if reading.get("defect"):
        return content_of({"defect": reading["defect"]}, form, ids)
    if form == "strike_out" and isinstance(reading.get("kept"), list):
        return content_of({"kept": reading["kept"]}, form, ids)
    if form == "agree_disagree" and isinstance(reading.get("marks"), dict):
        return content_of({"marks": reading["marks"]}, form, ids)
    return None
