"""The full Lạng Sơn 2010 demo: the report says what the newspaper article says."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from daihoi.cli.main import _register, app


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_demo_report_matches_the_article(tmp_path: Path, settings: object) -> None:
    settings.MEDIA_ROOT = str(tmp_path)  # type: ignore[attr-defined]
    from daihoi.demo import load_demo

    load_demo()
    _register()
    out = tmp_path / "r.json"
    result = CliRunner().invoke(app, ["report", "campaign", "LS-TP:2010-2015", "--format",
                                      "json", "--out", str(out)])
    assert result.exit_code == 0, result.output
    data = json.loads(out.read_text())
    assert data["organizations"] == 60
    assert data["held"] == 60
    assert data["held_by_deadline"] == 60
    assert data["deviations"] == 0
    assert data["backup_plans_used"] == 0
    assert data["cadres_elected"] == data["cadres_transferred"] > 0
    assert data["deadline"] == "2010-06-30"
    assert data["superior_congress_date"] == "2010-08-10"
    text = "\n".join(data["summary"])
    assert ("Đến hết ngày 30/6/2010, tất cả 60 tổ chức cơ sở đảng trực thuộc Đảng bộ thành "
            "phố Lạng Sơn đã tổ chức xong đại hội nhiệm kỳ 2010 – 2015") in text
    assert "không có trường hợp nào bị chệch hướng" in text
    assert "không phải dùng đến phương án dự phòng" in text
    assert "những cán bộ này đều được tín nhiệm bầu tham gia cấp ủy" in text
    assert "ngày 10/8/2010" in text
    # The two congresses held last (after 24/6) had not reported their results by the end
    # of the campaign: the report says so, as the dashboard does.
    assert data["date"] == "2010-08-10"
    assert (data["results_reported"], data["held_not_reported"]) == (58, 2)
    assert "còn 2 tổ chức đã tổ chức đại hội nhưng chưa báo cáo kết quả" in text
    assert "Thời hạn báo cáo kết quả là ngày 10/7/2010" in text
    assert "2026" not in json.dumps(data)

    # One truth: move one reported congress back to "held" and one held congress back
    # before "held" (so it is late); every view moves together.
    from django.test import Client

    from daihoi.accounts.models import User
    from daihoi.campaigns import actions
    from daihoi.campaigns.models import Campaign, Congress
    from tests.reports.test_one_truth import _agree, views

    campaign = Campaign.objects.get(superior__code="LS-TP")
    staff = User.objects.get(username="thanhuy")
    client = Client()
    client.force_login(staff)
    before = _agree(views(client, campaign))
    assert (before["held"], before["held_by_deadline"], before["results_reported"],
            before["held_not_reported"], before["overdue"]) == (60, 60, 58, 2, 2)
    reported = Congress.objects.filter(campaign=campaign, state="results_reported").first()
    held = Congress.objects.filter(campaign=campaign, state="held").first()
    assert reported is not None
    assert held is not None
    actions.do_send_back(reported, acting_user=staff, reason="Biên bản thiếu chữ ký")
    actions.do_send_back(held, acting_user=staff, reason="Ngày đại hội ghi nhầm")
    after = _agree(views(client, campaign))
    assert (after["held"], after["not_held"], after["results_reported"],
            after["held_not_reported"], after["overdue"]) == (59, 1, 57, 2, 3)
