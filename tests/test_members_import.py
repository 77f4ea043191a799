"""Importing members from XLSX and CSV: row-level Vietnamese messages, all or nothing."""

from __future__ import annotations

import io
from collections.abc import Sequence

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from openpyxl import Workbook, load_workbook

from daihoi.audit.models import AuditEntry
from daihoi.orgs.importing import HEADERS
from daihoi.orgs.models import Member
from tests.conftest import Cast

pytestmark = pytest.mark.django_db


def _xlsx(rows: Sequence[Sequence[object]], headers: list[str] = HEADERS) -> bytes:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.append(headers)
    for row in rows:
        ws.append(list(row))
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


GOOD = ["Hoàng Văn Bình", "Nam", "12/03/1975", "Tày", "Chính thức", "19/05/2001", "T-TP-P1-A",
        "Đại học", "Trung cấp"]
GOOD2 = ["Lý Thị Chi", "Nữ", "01/02/1980", "Nùng", "Dự bị", "03/02/2009", "T-TP-P1-B", "", ""]


def _post(client: Client, name: str, data: bytes, good_only: bool = False) -> str:
    payload: dict[str, object] = {"file": SimpleUploadedFile(name, data)}
    if good_only:
        payload["good_rows_only"] = "on"
    response = client.post("/to-chuc/dang-vien/nhap/", payload, follow=True)
    return str(response.content.decode())


def test_a_good_file_imports_every_row_with_one_audit_entry(client: Client, cast: Cast) -> None:
    client.force_login(cast.ward_office)
    _post(client, "ds.xlsx", _xlsx([GOOD, GOOD2]))
    assert Member.objects.count() == 2
    assert AuditEntry.objects.filter(action="member.import").count() == 1


def test_bad_rows_are_reported_by_row_and_column_and_nothing_is_imported(
    client: Client, cast: Cast
) -> None:
    client.force_login(cast.ward_office)
    bad_date = [*GOOD[:2], "31/02/1975", *GOOD[3:]]
    bad_org = [*GOOD2[:6], "KHONG-CO", *GOOD2[7:]]
    bad_gender = ["Vi Văn Dũng", "Không rõ", *GOOD[2:]]
    page = _post(client, "ds.xlsx", _xlsx([GOOD, bad_date, bad_org, bad_gender]))
    assert Member.objects.count() == 0
    assert "Dòng 3" in page or "<td>3</td>" in page
    assert "Ngày sinh" in page
    assert "không có tổ chức mã “KHONG-CO”" in page
    assert "Giới tính" in page
    assert "“không rõ” không hợp lệ" in page
    assert "Chưa nhập gì" in page


def test_outside_scope_organisation_is_a_row_error(client: Client, cast: Cast) -> None:
    client.force_login(cast.ward_office)
    row = [*GOOD[:6], "T-TK-P9", *GOOD[7:]]
    page = _post(client, "ds.xlsx", _xlsx([row]))
    assert "T-TK-P9" in page
    assert Member.objects.count() == 0


def test_the_good_rows_can_be_imported_on_request(client: Client, cast: Cast) -> None:
    client.force_login(cast.ward_office)
    bad = ["", *GOOD[1:]]
    page = _post(client, "ds.xlsx", _xlsx([GOOD, bad, GOOD2]), good_only=True)
    assert Member.objects.count() == 2
    assert "bỏ trống" in page


def test_csv_in_utf8_with_semicolons(client: Client, cast: Cast) -> None:
    client.force_login(cast.ward_office)
    text = ";".join(HEADERS) + "\n" + ";".join(GOOD) + "\n"
    _post(client, "ds.csv", text.encode("utf-8-sig"))
    assert Member.objects.get().full_name == "Hoàng Văn Bình"


def test_a_missing_column_is_named(client: Client, cast: Cast) -> None:
    client.force_login(cast.ward_office)
    page = _post(client, "ds.xlsx", _xlsx([GOOD[1:]], headers=HEADERS[1:]))
    assert "Họ và tên" in page
    assert "thiếu cột" in page


@pytest.mark.parametrize(("name", "data", "message"), [
    ("ds.xlsx", b"not a zip file", "Không đọc được tệp Excel"),
    ("ds.csv", "Họ và tên\n".encode("utf-16"), "UTF-8"),
    ("ds.pdf", b"%PDF-1.4", "Chỉ nhận tệp .xlsx hoặc .csv"),
    ("ds.csv", b"", "Tập tin được gửi là rỗng"),
    ("ds.csv", b"\n\n", "Tệp trống"),
])
def test_malformed_files_get_a_clear_message(
    client: Client, cast: Cast, members: list[Member], name: str, data: bytes, message: str
) -> None:
    client.force_login(cast.ward_office)
    before = Member.objects.count()
    page = _post(client, name, data)
    assert message in page
    assert Member.objects.count() == before


def test_template_and_export_share_columns_so_an_export_reimports(
    client: Client, cast: Cast, members: list[Member]
) -> None:
    client.force_login(cast.city_staff)
    template = load_workbook(io.BytesIO(client.get("/to-chuc/dang-vien/mau.xlsx").content))
    assert [c.value for c in template.worksheets[0][1]] == HEADERS
    exported = client.get("/to-chuc/dang-vien/xuat.xlsx").content
    sheet = load_workbook(io.BytesIO(exported)).worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    assert list(rows[0]) == HEADERS
    # Vietnamese order, by given name: An, Hoa, Lan, Minh, Tài (the other city is out of scope).
    assert [r[0] for r in rows[1:]] == [
        "Trần Đức An", "Vi Thị Hoa", "Hoàng Thị Lan", "Nông Văn Minh", "Lương Văn Tài"]
    Member.objects.all().delete()
    client.force_login(cast.city_staff)
    _post(client, "lai.xlsx", exported)
    assert Member.objects.count() == 5


def test_observer_cannot_import(client: Client, cast: Cast) -> None:
    client.force_login(cast.observer)
    response = client.post("/to-chuc/dang-vien/nhap/",
                           {"file": SimpleUploadedFile("ds.xlsx", _xlsx([GOOD]))})
    assert response.status_code == 403
    assert Member.objects.count() == 0
