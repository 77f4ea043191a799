"""The audit log's page in words: actions by name, changes as "field: old → new" with labels
and names, never a code, a Python dict or None."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from daihoi.audit import display
from daihoi.audit.log import record
from daihoi.audit.models import AuditEntry
from daihoi.congress import actions
from daihoi.congress.models import AttendanceStatus, WorkingBodyKind
from daihoi.orgs import actions as org_actions
from tests.conftest import PASSWORD, Cast, Tree, make_member

pytestmark = pytest.mark.django_db

SRC = Path(__file__).resolve().parent.parent / "src" / "daihoi"


def test_every_action_the_code_records_has_a_name() -> None:
    written = set()
    for path in SRC.rglob("*.py"):
        written |= set(re.findall(r'action="([a-z_]+\.[a-z_]+)"', path.read_text("utf-8")))
    assert written, "no action found: the pattern no longer matches the code"
    assert sorted(written - set(display.ACTIONS)) == []


def _page_text(client: Client) -> str:
    html = client.get(reverse("audit:log")).content.decode()
    body = html.split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    return " ".join(re.sub(r"<[^>]+>", " ", body).split())


def test_the_audit_page_shows_actions_and_changes_in_words(tree: Tree, cast: Cast) -> None:
    make_member(tree.branch_a, "Hoàng Văn Bình")
    make_member(tree.branch_b, "Nông Thị Cúc")
    congress = actions.do_create_congress(
        acting_user=cast.ward_office, organization=tree.ward, title="Đại hội Đảng bộ phường Một",
        held_on=dt.date(2010, 5, 20), rules="party-2024")
    first, second = congress.attendees.order_by("sort_key")
    actions.do_set_attendance(first, acting_user=cast.ward_office,
                              status=AttendanceStatus.PRESENT)
    actions.do_set_working_body(congress, acting_user=cast.ward_office,
                                body=WorkingBodyKind.COUNTING_BOARD, attendees=[second])
    org_actions.do_update_organization(tree.school, acting_user=cast.city_staff,
                                       name="Chi bộ Trường Ba")
    record(acting_user=cast.ward_office, action="congress.ballot_totals", obj=congress,
           changes={"totals": [[None, ""], [10, "Một phiếu lạ"]]})
    client = Client()
    client.login(username="city_staff", password=PASSWORD)
    text = _page_text(client)
    assert "Tạo đại hội" in text
    assert "quy chế bầu cử: Quy chế bầu cử trong Đảng (2024) — QĐ 190-QĐ/TW" in text
    assert "ngày tổ chức: 20/05/2010" in text
    assert "Sửa tình hình có mặt" in text
    assert "trạng thái: Vắng mặt không có lý do → Có mặt" in text
    assert "thay cho" not in text  # a value that did not change is not shown
    assert "Bầu cơ quan giúp việc đại hội" in text
    assert "cơ quan: Ban Kiểm phiếu" in text
    assert f"thành viên: — → {second.full_name}" in text
    assert "Sửa thông tin tổ chức đảng" in text
    assert "Chi bộ Trường Hai → Chi bộ Trường Ba" in text
    assert "— → 10, Một phiếu lạ" in text
    for code in ("congress.", "org.update", "party-2024", "None", "{", "absent",
                 "counting_board", "'"):
        assert code not in text, code


def test_the_audit_page_in_english_has_no_codes_either(tree: Tree, cast: Cast) -> None:
    org_actions.do_update_organization(tree.school, acting_user=cast.city_staff, active=False)
    with translation.override("en"):
        lines = display.rows(list(AuditEntry.objects.all()))[0]
        assert lines.action == "Organisation changed"
        assert lines.changes == ["active: yes → no"]


def test_an_unknown_action_and_key_are_shown_without_their_code(tree: Tree, cast: Cast) -> None:
    record(acting_user=cast.ward_office, action="later.new_thing", obj=tree.ward,
           changes={"x": None, "note": ["", "Một ghi chú"]})
    with translation.override("vi"):
        row = display.rows(list(AuditEntry.objects.all()))[0]
    assert row.action == "Thay đổi khác"
    assert row.changes == ["x: —", "ghi chú: — → Một ghi chú"]
