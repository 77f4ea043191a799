"""The DOCX, PDF and XLSX open and carry the figures and the prose; the pages render."""

from __future__ import annotations

import io
import json

import docx
import openpyxl
import pypdfium2
import pytest
from django.test import Client
from django.urls import reverse

from daihoi.campaigns.models import Campaign
from daihoi.reports import documents
from daihoi.reports.gather import rollup_for
from daihoi.reports.rollup import Rollup
from tests.conftest import PASSWORD, Cast, Tree
from tests.reports.helpers import TODAY, World, build_world


@pytest.fixture
def rollup(tree: Tree) -> Rollup:
    world: World = build_world(tree)
    campaign = Campaign.objects.select_related("superior__parent").get(pk=world.campaign.pk)
    return rollup_for(campaign, TODAY)


def test_docx_has_the_party_form_the_prose_and_two_charts(rollup: Rollup) -> None:
    doc = docx.Document(io.BytesIO(documents.report_docx(rollup)))
    head = doc.tables[0].rows[0].cells
    assert "ĐẢNG BỘ TỈNH MẪU" in head[0].text
    assert "THÀNH ỦY MẪU" in head[0].text
    assert "*" in head[0].text
    assert "-BC/TU" in head[0].text
    assert "ĐẢNG CỘNG SẢN VIỆT NAM" in head[1].text
    assert "Mẫu, ngày 15 tháng 7 năm 2010" in head[1].text
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "BÁO CÁO" in text
    assert "tất cả 2 tổ chức cơ sở đảng" in text
    assert "không phải dùng đến phương án dự phòng" in text
    foot = doc.tables[-1].rows[0].cells
    assert "Nơi nhận:" in foot[0].text
    assert "T/M BAN THƯỜNG VỤ" in foot[1].text
    assert len(doc.inline_shapes) == 2


def test_pdf_text_carries_the_figures(rollup: Rollup) -> None:
    pdf = pypdfium2.PdfDocument(documents.report_pdf(rollup))
    text = "".join(page.get_textpage().get_text_range() for page in pdf)
    flat = " ".join(text.split())
    assert "ĐẢNG CỘNG SẢN VIỆT NAM" in flat
    assert "THÀNH ỦY MẪU" in flat
    assert "30/6/2010" in flat
    assert "10/8/2010" in flat
    assert "T/M BAN THƯỜNG VỤ" in flat


def test_xlsx_annex_has_one_row_per_organisation(rollup: Rollup) -> None:
    wb = openpyxl.load_workbook(io.BytesIO(documents.report_xlsx(rollup)))
    annex = wb["Phụ lục"]
    rows = list(annex.iter_rows(values_only=True))
    assert rows[0][0] == "Mã"
    assert len(rows) == 3
    by_code = {r[0]: r for r in rows[1:]}
    ward = dict(zip(rows[0], by_code["T-TP-P1"], strict=True))
    assert ward["Số cấp ủy được bầu"] == 4
    assert ward["Kết quả nhân sự"] == "Đúng phương án"
    assert ward["Cán bộ điều động trúng cử"] == 1
    summary = {r[0]: r[1] for r in wb["Tổng hợp"].iter_rows(values_only=True)}
    assert summary["Số tổ chức cơ sở đảng"] == 2
    assert summary["Khác phương án nhân sự"] == 0


def test_json_has_the_required_keys(rollup: Rollup) -> None:
    data = json.loads(documents.report_json(rollup, "T-TP:2010-2015"))
    assert data["organizations"] == 2
    assert data["held_by_deadline"] == 2
    assert data["deadline"] == "2010-06-30"
    assert data["superior_congress_date"] == "2010-08-10"
    assert data["deviations"] == 0
    assert data["backup_plans_used"] == 0
    assert data["cadres_transferred"] == data["cadres_elected"] == 1
    assert [r["code"] for r in data["rows"]] == ["T-TP-P1", "T-TP-TH2"]


def test_report_page_and_downloads_for_city_staff(cast: Cast, tree: Tree) -> None:
    world = build_world(tree)
    client = Client()
    assert client.login(username="observer", password=PASSWORD)
    page = client.get(reverse("reports:campaign", args=[world.campaign.pk]))
    assert page.status_code == 200
    assert "không có trường hợp nào bị chệch hướng" in page.content.decode()
    dash = client.get(reverse("campaigns:dashboard", args=[world.campaign.pk]))
    assert reverse("reports:campaign", args=[world.campaign.pk]) in dash.content.decode()
    for name in ("docx", "pdf", "xlsx", "json", "progress_chart", "composition_chart"):
        response = client.get(reverse(f"reports:{name}", args=[world.campaign.pk]))
        assert response.status_code == 200, name
        assert len(response.content) > 100


def test_the_annex_writes_states_and_late_milestones_in_words(rollup: Rollup) -> None:
    wb = openpyxl.load_workbook(io.BytesIO(documents.report_xlsx(rollup)))
    rows = list(wb["Phụ lục"].iter_rows(values_only=True))
    states = [dict(zip(rows[0], r, strict=True))["Trạng thái"] for r in rows[1:]]
    assert states == ["Đã chuẩn y kết quả", "Đã chuẩn y kết quả"]
    codes = {"results_approved", "results_reported", "held", "members", "delegates", "None"}
    cells = {str(v) for r in rows for v in r if v is not None}
    assert not codes & cells
