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
