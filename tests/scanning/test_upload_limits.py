"""A scan's size is read from its header and refused above the documented limit before any
page is decoded (limits.IMAGE_MAX_PIXELS, docs/security.md). Issue #13, break 7."""

from __future__ import annotations

import struct
import time
import zlib

import pytest

from daihoi.congress.models import Election
from daihoi.lib import limits
from daihoi.scanning import actions
from daihoi.scanning.models import ScanFile, ScannedBallot
from tests.conftest import Cast

pytestmark = pytest.mark.django_db


def _chunk(kind: bytes, data: bytes) -> bytes:
    return (struct.pack(">I", len(data)) + kind + data
            + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF))


def grey_png(width: int, height: int, rows: int | None = None) -> bytes:
    """A white greyscale PNG; ``rows``: only that many rows of pixels (a truncated file whose
    header still says ``width`` × ``height``)."""
    line = b"\x00" + b"\xff" * width
    body = zlib.compress(line * (height if rows is None else rows), 1)
    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", header) + _chunk(b"IDAT", body)
            + _chunk(b"IEND", b""))


def test_a_30000_by_30000_png_is_refused_from_its_header(election: Election, cast: Cast) -> None:
    data = grey_png(30000, 30000, rows=10)
    start = time.monotonic()
    with pytest.raises(actions.ScanError, match="lớn hơn giới hạn"):
        actions.do_upload_scans(election, acting_user=cast.counter, files=[("big.png", data)])
    assert time.monotonic() - start < 2
    assert not ScanFile.objects.exists()


def test_an_image_over_the_pixel_limit_is_refused_naming_its_size(
        election: Election, cast: Cast) -> None:
    width, height = 9000, limits.IMAGE_MAX_PIXELS // 9000 + 10
    with pytest.raises(actions.ScanError, match=f"big.png: ảnh {width} × {height} điểm ảnh"):
        actions.do_upload_scans(election, acting_user=cast.counter,
                                files=[("big.png", grey_png(width, height))])


def test_a_pdf_page_that_would_rasterise_past_the_limit_is_refused(
        election: Election, cast: Cast) -> None:
    from fpdf import FPDF

    pdf = FPDF(unit="pt", format=(14_000, 14_000))
    pdf.add_page()
    with pytest.raises(actions.ScanError, match=r"big.pdf \(trang 1\)"):
        actions.do_upload_scans(election, acting_user=cast.counter,
                                files=[("big.pdf", bytes(pdf.output()))])


def test_a_rescan_is_measured_before_it_is_decoded_too(election: Election, cast: Cast) -> None:
    from tests.scanning.conftest import client_for, paper, upload

    upload(client_for(cast.counter), election, [("1.png", paper(election, "2"))])
    page = ScannedBallot.objects.get()
    with pytest.raises(actions.ScanError, match="lớn hơn giới hạn"):
        actions.do_rescan_ballot(page, acting_user=cast.counter,
                                 file=("big.png", grey_png(30000, 30000, rows=10)))
