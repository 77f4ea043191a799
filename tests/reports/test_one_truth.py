"""One truth across views: the dashboard, the Excel export, the report's JSON and the API
give the same figures, and move together when a congress moves."""

from __future__ import annotations

import datetime as dt
import io
import re
from typing import Any

from django.test import Client
from openpyxl import load_workbook

from daihoi.campaigns import actions
from daihoi.campaigns.models import Campaign, Congress
from tests.conftest import Cast, Tree
from tests.reports.helpers import build_world

KEYS = ("held", "held_by_deadline", "held_late", "not_held", "results_reported",
        "held_not_reported", "overdue")


def views(client: Client, campaign: Campaign) -> dict[str, dict[str, Any]]:
    """The same figures read from each view a person or a program uses."""
    page = client.get(f"/dot-dai-hoi/{campaign.pk}/").content.decode()
    dashboard = {key: int(re.search(rf'data-figure="{key}"><span class="n">(?:<a [^>]*>)?(\d+)',
                                    page).group(1))  # type: ignore[union-attr]
                 for key in KEYS}
    report = client.get(f"/bao-cao/{campaign.pk}/so-lieu.json").json()
    api = client.get(f"/api/v1/campaigns/{campaign.pk}").json()["figures"]
    sheet = load_workbook(io.BytesIO(client.get(f"/dot-dai-hoi/{campaign.pk}/xuat.xlsx")
                                     .content)).worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    header = rows[4]
    states = [r[header.index("Trạng thái")] for r in rows[5:]]
    return {
        "dashboard": dashboard,
        "report": {key: report[key] for key in KEYS},
        "api": {key: api[key] for key in KEYS},
        "export": {"held_not_reported": states.count("Đã tổ chức đại hội"),
                   "results_reported": states.count("Đã báo cáo kết quả")
                   + states.count("Đã chuẩn y kết quả")},
        "report_rows": {r["code"]: r["state_name"] for r in report["rows"]},
        "summary": report["summary"],
    }


def _agree(seen: dict[str, dict[str, Any]]) -> dict[str, Any]:
    figures = seen["dashboard"]
    assert seen["report"] == figures
    assert seen["api"] == figures
    for key, value in seen["export"].items():
        assert figures[key] == value, key
    return figures


def test_the_dashboard_export_report_and_api_move_together(tree: Tree, cast: Cast) -> None:
    world = build_world(tree)
    client = Client()
    client.force_login(cast.city_staff)
    before = _agree(views(client, world.campaign))
    assert (before["held"], before["results_reported"], before["held_not_reported"]) \
        == (2, 2, 0)
    # The school's results go back to "held" (not reported); the ward's congress goes back
    # before "held" and is held again after the deadline.
    school = Congress.objects.get(pk=world.school.pk)
    for _ in range(2):
        actions.do_send_back(school, acting_user=cast.city_staff, reason="Thiếu biên bản")
    ward = Congress.objects.get(pk=world.ward.pk)
    for _ in range(3):
        actions.do_send_back(ward, acting_user=cast.city_staff, reason="Ngày ghi sai")
    actions.do_mark_congress_held(ward, acting_user=cast.city_staff,
                                  held_on=dt.date(2010, 7, 2))
    seen = views(client, world.campaign)
    after = _agree(seen)
    assert (after["held"], after["held_by_deadline"], after["held_late"]) == (2, 1, 1)
    assert (after["results_reported"], after["held_not_reported"]) == (0, 2)
    assert after["overdue"] == 0  # no results due date in this campaign
    assert set(seen["report_rows"].values()) == {"Đã tổ chức đại hội"}
    text = "\n".join(seen["summary"])
    assert "còn 2 tổ chức đã tổ chức đại hội nhưng chưa báo cáo kết quả" in text
    assert "Đảng bộ phường Một (ngày 2/7/2010)" in text
