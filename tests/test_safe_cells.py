"""Exports carry no formulas and survive any stored text; imports and forms refuse control
characters, naming the row and column (or the field). Issue #13, breaks 3 and 4."""

from __future__ import annotations

import io
from typing import Any

import docx
import openpyxl
import pytest
from django.test import Client

from daihoi.campaigns.models import Congress
from daihoi.lib.cells import control_characters, safe_cell, safe_text, unquote_text
from daihoi.orgs.importing import HEADERS, parse_members
from daihoi.orgs.models import Member
from daihoi.reports import documents
from daihoi.reports.gather import rollup_for
from tests.campaigns.helpers import make_campaign
from tests.conftest import Cast, Tree, make_member
from tests.reports.helpers import TODAY, build_world

LINK = '=HYPERLINK("http://example.invalid/x","Xem")'


@pytest.mark.parametrize("text", [LINK, "+1+2", "-3+4", "@SUM(A1)", "\t=1", "\r=1"])
def test_text_a_spreadsheet_would_run_is_written_behind_an_apostrophe(text: str) -> None:
    assert safe_text(text) == "'" + text
    assert unquote_text(safe_text(text)) == text


def test_ordinary_text_numbers_and_dates_are_left_alone() -> None:
    assert safe_text("Hoàng Thị Lan") == "Hoàng Thị Lan"
    assert safe_cell(42) == 42
    assert safe_cell(None) is None


def test_control_characters_are_named_and_replaced_on_the_way_out() -> None:
    assert control_characters("A\x00B\x1bC\x00") == ["U+0000", "U+001B"]
    assert control_characters("tab\tand\nnew line") == []
    assert safe_text("A\x00B") == "A\ufffdB"


def _cells(data: bytes) -> list[Any]:
    ws = openpyxl.load_workbook(io.BytesIO(data)).worksheets[0]
    return [c for row in ws.iter_rows() for c in row]


@pytest.mark.django_db
def test_the_member_export_writes_a_formula_as_text_and_survives_a_control_character(
        cast: Cast, tree: Tree) -> None:
    make_member(tree.branch_a, LINK)
    # Stored behind the application's back (ESC: PostgreSQL keeps it, though not a NUL).
    make_member(tree.branch_a, "Lương\x1b Văn Tài")
    client = Client()
    client.force_login(cast.city_staff)
    response = client.get("/to-chuc/dang-vien/xuat.xlsx")
    assert response.status_code == 200
    cells = _cells(response.content)
    assert all(c.data_type != "f" for c in cells)
    assert "'" + LINK in [c.value for c in cells]
    assert "Lương\ufffd Văn Tài" in [c.value for c in cells]


@pytest.mark.django_db
def test_an_exported_formula_imports_back_as_the_same_text(cast: Cast, tree: Tree) -> None:
    make_member(tree.branch_a, "Nông Văn Minh", ethnicity="=Tày")
    client = Client()
    client.force_login(cast.city_staff)
    data = client.get("/to-chuc/dang-vien/xuat.xlsx").content
    result = parse_members("x.xlsx", data, [tree.branch_a], TODAY)
    assert [r.ethnicity for r in result.rows] == ["=Tày"]


@pytest.mark.django_db
def test_the_campaign_export_writes_a_place_typed_as_a_formula_as_text(
        cast: Cast, tree: Tree) -> None:
    campaign = make_campaign(tree.city)
    Congress.objects.filter(campaign=campaign).update(place=LINK)
    campaign.name = "Đợt\x1b đại hội"
    campaign.save()
    client = Client()
    client.force_login(cast.city_staff)
    response = client.get(f"/dot-dai-hoi/{campaign.pk}/xuat.xlsx")
    assert response.status_code == 200
    cells = _cells(response.content)
    assert all(c.data_type != "f" for c in cells)
    assert ("'" + LINK) in [c.value for c in cells]


@pytest.mark.django_db
def test_the_report_xlsx_and_docx_survive_a_formula_and_a_control_character_in_a_name(
        tree: Tree) -> None:
    world = build_world(tree)
    tree.ward.name = "=1+1\x1b"
    tree.ward.save()
    rollup = rollup_for(world.campaign, TODAY)
    cells = _cells(documents.report_xlsx(rollup))
    assert all(c.data_type != "f" for c in cells)
    document = docx.Document(io.BytesIO(documents.report_docx(rollup)))
    assert document.paragraphs


def _csv(rows: list[list[str]]) -> bytes:
    lines = [",".join(HEADERS)] + [",".join(r) for r in rows]
    return ("\n".join(lines) + "\n").encode()


GOOD = ["Hoàng Văn Bình", "Nam", "12/03/1975", "Tày", "Chính thức", "19/05/2001", "T-TP-P1-A",
        "", ""]


@pytest.mark.django_db
def test_an_import_refuses_a_control_character_naming_row_and_column(tree: Tree) -> None:
    bad = list(GOOD)
    bad[0] = "Hoàng\x00 Văn Bình"
    result = parse_members("x.csv", _csv([GOOD, bad]), [tree.branch_a], TODAY)
    assert [str(p) for p in result.problems] == [
        "Dòng 3, cột “Họ và tên”: có ký tự điều khiển (U+0000), không được phép; "
        "hãy xóa ký tự này."]
    assert len(result.rows) == 1


@pytest.mark.django_db
def test_an_import_refuses_an_ethnicity_longer_than_the_database_keeps(tree: Tree) -> None:
    bad = list(GOOD)
    bad[3] = "T" * 41
    result = parse_members("x.csv", _csv([bad]), [tree.branch_a], TODAY)
    assert [str(p) for p in result.problems] == ["Dòng 2, cột “Dân tộc”: dài quá 40 ký tự."]


@pytest.mark.django_db
def test_a_form_refuses_a_control_character_on_the_field(cast: Cast, tree: Tree) -> None:
    client = Client()
    client.force_login(cast.ward_office)
    response = client.post("/to-chuc/dang-vien/them/", {
        "full_name": "Hoàng\x01 Văn Bình", "gender": "male", "date_of_birth": "1975-03-12",
        "ethnicity": "Tày", "status": "official", "date_joined": "2001-05-19",
        "organization": tree.branch_a.pk, "active": "on"})
    assert response.status_code == 200
    assert "Hãy xóa các ký tự điều khiển (U+0001)" in response.content.decode()
    assert not Member.objects.exists()


@pytest.mark.django_db
def test_the_import_action_refuses_text_longer_than_its_column_on_any_database(
        cast: Cast, tree: Tree) -> None:
    from daihoi.orgs.actions import MemberRow, do_import_members

    row = MemberRow(row=2, full_name="Hoàng Văn Bình", gender="male",
                    date_of_birth=TODAY.replace(year=1975), ethnicity="T" * 41, status="official",
                    date_joined=TODAY.replace(year=2001), organization=tree.branch_a,
                    education="", theory_level="")
    with pytest.raises(ValueError, match="ethnicity longer than 40"):
        do_import_members([row], acting_user=cast.ward_office, source="x.csv")
    assert not Member.objects.exists()
