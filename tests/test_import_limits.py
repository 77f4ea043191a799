"""Member files are measured before they are loaded: a small file that unpacks to millions of
rows or one huge cell, a malformed sheet, a CSV cell past the csv module's limit, all refused
at once with a clear message. Issue #13, breaks 6 and 7."""

from __future__ import annotations

import io
import time
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from openpyxl import Workbook

from daihoi.lib import limits
from daihoi.orgs.importing import HEADERS, ImportFileError, parse_members
from tests.conftest import Cast, Tree
from tests.reports.helpers import TODAY

pytestmark = pytest.mark.django_db


def _template() -> bytes:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.append(HEADERS)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _replace(parts: dict[str, bytes | None], chunks: dict[str, object] | None = None) -> bytes:
    """The template with some parts replaced (``chunks``: a part written piece by piece)."""
    source = zipfile.ZipFile(io.BytesIO(_template()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            if chunks and info.filename in chunks:
                with target.open(info.filename, "w", force_zip64=True) as handle:
                    for piece in chunks[info.filename]:  # type: ignore[attr-defined]
                        handle.write(piece)
                continue
            data = parts.get(info.filename, source.read(info.filename))
            if data is not None:
                target.writestr(info.filename, data)
    return out.getvalue()


SHEET = "xl/worksheets/sheet1.xml"
HEAD = (b'<?xml version="1.0" encoding="UTF-8"?><worksheet '
        b'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">')


def _many_empty_rows(rows: int, *, dimension: bool) -> bytes:
    def pieces() -> object:
        yield HEAD
        if dimension:
            yield f'<dimension ref="A1:I{rows}"/>'.encode()
        yield b'<sheetData><row r="1">' + b"".join(
            f'<c t="inlineStr"><is><t>{title}</t></is></c>'.encode() for title in HEADERS
        ) + b"</row>"
        block = 10_000
        for start in range(2, rows + 1, block):
            yield b"<row/>" * (min(start + block, rows + 1) - start)
        yield b"</sheetData></worksheet>"
    return _replace({}, {SHEET: pieces()})


def _refused_fast(name: str, data: bytes, words: str) -> None:
    start = time.monotonic()
    with pytest.raises(ImportFileError, match=words):
        parse_members(name, data, [], TODAY)
    assert time.monotonic() - start < 5


@pytest.mark.parametrize("dimension", [True, False])
def test_a_small_xlsx_with_two_million_empty_rows_is_refused_at_once(dimension: bool) -> None:
    data = _many_empty_rows(2_000_000, dimension=dimension)
    assert len(data) < 1_000_000
    _refused_fast("ds.xlsx", data, "dòng")


def test_a_small_xlsx_with_one_300_mb_cell_is_refused_before_loading() -> None:
    def pieces() -> object:
        yield b'<?xml version="1.0"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>'
        for _ in range(300):
            yield b"A" * 2**20
        yield b"</t></si></sst>"
    data = _replace({}, {"xl/worksheets/sheet1.xml": [_template_sheet()],
                         "docProps/app.xml": pieces()})
    assert len(data) < 2_000_000
    _refused_fast("ds.xlsx", data, "giải nén lớn hơn")


def _template_sheet() -> bytes:
    return zipfile.ZipFile(io.BytesIO(_template())).read(SHEET)


def test_a_malformed_sheet_is_a_clear_message() -> None:
    data = _replace({SHEET: HEAD + b"<sheetData><row r='1'><c r='A1'"})
    _refused_fast("ds.xlsx", data, "Không đọc được tệp Excel")


def test_a_sheet_declaring_thousands_of_columns_is_refused() -> None:
    data = _replace({SHEET: HEAD + b'<dimension ref="A1:XFD3"/><sheetData/></worksheet>'})
    _refused_fast("ds.xlsx", data, "16384 cột")


def test_a_csv_cell_past_the_csv_modules_limit_is_a_clear_message(
        cast: Cast, tree: Tree) -> None:
    data = (",".join(HEADERS) + "\n" + "A" * 131_073 + ",Nam\n").encode()
    client = Client()
    client.force_login(cast.ward_office)
    response = client.post("/to-chuc/dang-vien/nhap/",
                           {"file": SimpleUploadedFile("ds.csv", data)})
    assert response.status_code == 400
    assert "Dòng 2" in response.content.decode()
    assert "131072" in response.content.decode()


def test_an_xlsx_cell_past_the_same_limit_names_its_row_and_column() -> None:
    long = b"A" * (limits.CELL_MAX_CHARS + 1)
    sheet = (HEAD + b'<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>x</t></is></c>'
             b'<c r="B1" t="inlineStr"><is><t>' + long + b"</t></is></c></row>"
             b"</sheetData></worksheet>")
    _refused_fast("ds.xlsx", _replace({SHEET: sheet}), "Dòng 1, cột B")


def test_a_file_over_the_size_limit_is_refused_unread() -> None:
    _refused_fast("ds.csv", b"x" * (limits.IMPORT_MAX_BYTES + 1), "lớn hơn 10 MB")
