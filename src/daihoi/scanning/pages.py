"""Uploaded files to ballot pages, and a reading to the keying screen's content. No Django.

An image file is one page (its bytes are kept as uploaded); a PDF is one page per PDF page,
rasterised at 200 DPI and kept as PNG. Problems are reported in Vietnamese, one per file.

An upload is checked cheaply (:func:`check_files`: an image's header, a PDF's page count) while
the request waits; the pages are decoded and rasterised one at a time later
(:class:`FilePages`), so a PDF of 500 ballots is never held in memory as 500 images.

PDFium is not thread-safe, not even across documents: every PDFium call of the scanning app,
and every reading (the reader renders the blank ballot with PDFium), holds :data:`READING`.
"""

from __future__ import annotations

import hashlib
import io
from dataclasses import dataclass
from types import TracebackType
from typing import Any

import cv2
import numpy as np
from numpy.typing import NDArray
from PIL import Image, UnidentifiedImageError

from daihoi.ballots.raster import PDFIUM_LOCK, page_to_bgr
from daihoi.congress.keying import content_of
from daihoi.election.model import BallotForm

PDF_DPI = 200
IMAGE_SUFFIXES = {"png": "png", "jpg": "jpg", "jpeg": "jpg", "tif": "tif", "tiff": "tif"}
MAX_PAGES = 500

# One PDFium call (or one reading) at a time in this process: the ballots package's lock,
# which its own uses of PDFium hold too.
READING = PDFIUM_LOCK


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
    pdf: bool = False

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.data).hexdigest()

    @property
    def where(self) -> str:
        """The file (and the page, for a PDF) in the words of a message."""
        return where(self.source, self.page, pdf=self.pdf)


def where(source: str, page: int, *, pdf: bool) -> str:
    return f"{source} (trang {page})" if pdf else source


def is_pdf(name: str, data: bytes) -> bool:
    return data[:5] == b"%PDF-" or name.lower().endswith(".pdf")


def suffix_of(name: str) -> str:
    return name.rsplit(".", 1)[-1].lower() if "." in name else ""


def _decode(data: bytes) -> NDArray[np.uint8] | None:
    image = cv2.imdecode(np.frombuffer(data, dtype=np.uint8), cv2.IMREAD_UNCHANGED)
    if image is None:
        return None
    if image.dtype != np.uint8:
        image = (image / (image.max() or 1) * 255).astype(np.uint8)
    return np.asarray(image, dtype=np.uint8)


def _looks_like_image(data: bytes) -> bool:
    """An image by its header (nothing decoded); a format Pillow does not know is decoded."""
    if not data:
        return False
    try:
        with Image.open(io.BytesIO(data)):
            return True
    except (UnidentifiedImageError, Image.DecompressionBombError, OSError, ValueError):
        return _decode(data) is not None


class FilePages:
    """The pages of one uploaded file, made one at a time (``with FilePages(name, data)``).

    Opening checks the file (:class:`ScanFileError` with one line); :meth:`page` decodes or
    rasterises one page (:class:`ScanFileError` naming the page when it cannot)."""

    def __init__(self, name: str, data: bytes) -> None:
        self.name, self.data = name, data
        self.pdf = is_pdf(name, data)
        self._pdf: Any = None
        if self.pdf:
            import pypdfium2 as pdfium

            with READING:
                try:
                    self._pdf = pdfium.PdfDocument(data)
                    self.count = len(self._pdf)
                except pdfium.PdfiumError:
                    raise ScanFileError([f"{name}: không phải tệp PDF đọc được."]) from None
            if self.count == 0:
                self.close()
                raise ScanFileError([f"{name}: tệp PDF không có trang nào."])
        elif _looks_like_image(data):
            self.count = 1
        else:
            raise ScanFileError([f"{name}: không phải ảnh (PNG, JPEG, TIFF) hay PDF đọc được."])

    def page(self, number: int) -> Page:
        if not 1 <= number <= self.count:
            raise ScanFileError([f"{self.where(number)}: không có trang này."])
        if self.pdf:
            with READING:
                pdf_page = self._pdf[number - 1]
                try:
                    bgr = page_to_bgr(pdf_page, PDF_DPI)  # the red stamp stays red
                finally:
                    pdf_page.close()
            ok, png = cv2.imencode(".png", bgr)
            if not ok:
                raise ScanFileError([f"{self.name}: không chuyển được trang {number} thành ảnh."])
            return Page(self.name, number, png.tobytes(), "png", bgr, pdf=True)
        image = _decode(self.data)
        if image is None:
            raise ScanFileError([f"{self.name}: không giải mã được ảnh (tệp hỏng?)."])
        data, kept = self.data, IMAGE_SUFFIXES.get(suffix_of(self.name))
        if kept is None:  # an image under another name: keep it as PNG
            ok, png = cv2.imencode(".png", image)
            if not ok:
                raise ScanFileError([f"{self.name}: không chuyển được thành ảnh PNG."])
            data, kept = png.tobytes(), "png"
        return Page(self.name, 1, data, kept, image)

    def where(self, number: int) -> str:
        return where(self.name, number, pdf=self.pdf)

    def close(self) -> None:
        if self._pdf is not None:
            with READING:
                self._pdf.close()
            self._pdf = None

    def __enter__(self) -> FilePages:
        return self

    def __exit__(self, kind: type[BaseException] | None, value: BaseException | None,
                 traceback: TracebackType | None) -> None:
        self.close()


def check_files(files: list[tuple[str, bytes]]) -> list[int]:
    """The number of pages of each uploaded ``(name, bytes)`` file, checked without decoding
    the pages; :class:`ScanFileError` lists every file that is not an image or a readable PDF,
    or says the upload has too many pages."""
    if not files:
        raise ScanFileError(["Chưa chọn tệp ảnh quét nào."])
    counts: list[int] = []
    problems: list[str] = []
    for name, data in files:
        try:
            with FilePages(name, data) as pages:
                counts.append(pages.count)
        except ScanFileError as exc:
            problems += exc.problems
    if problems:
        raise ScanFileError(problems)
    if sum(counts) > MAX_PAGES:
        raise ScanFileError([f"Quá nhiều trang trong một lần tải lên ({sum(counts)}, tối đa "
                             f"{MAX_PAGES}): chia lô phiếu nhỏ hơn."])
    return counts


def split_files(files: list[tuple[str, bytes]]) -> list[Page]:
    """Every page of uploaded ``(name, bytes)`` files, in order (for a few pages: a rescan);
    :class:`ScanFileError` lists every file or page that cannot be a scan."""
    counts = check_files(files)
    pages: list[Page] = []
    problems: list[str] = []
    for (name, data), count in zip(files, counts, strict=True):
        with FilePages(name, data) as file:
            for number in range(1, count + 1):
                try:
                    pages.append(file.page(number))
                except ScanFileError as exc:
                    problems += exc.problems
    if problems:
        raise ScanFileError(problems)
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
