"""``daihoi campaign remind CODE``: idempotent per day."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.utils import timezone
from typer.testing import CliRunner

from daihoi.campaigns.models import Campaign, Reminder
from daihoi.cli.main import _register, app
from tests.conftest import Cast


def test_remind_command_sends_once_a_day(campaign: Campaign, cast: Cast,
                                        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(timezone, "localdate", lambda *a: dt.date(2010, 3, 5))  # running
    cast.ward_office.email = "vp@phuongmot.example"
    cast.ward_office.save()
    _register()
    runner = CliRunner()
    first = runner.invoke(app, ["campaign", "remind", "T-TP", "--today", "2010-03-05"])
    assert first.exit_code == 0, first.output
    assert "2 urging notice(s)" in first.output
    again = runner.invoke(app, ["campaign", "remind", "T-TP", "--today", "2010-03-05"])
    assert "0 urging notice(s)" in again.output
    assert Reminder.objects.count() == 2
    assert len(mail.outbox) == 1


def test_remind_command_fails_clearly_for_an_unknown_code(db: None) -> None:
    _register()
    result = CliRunner().invoke(app, ["campaign", "remind", "KHONG-CO"])
    assert result.exit_code == 1
