"""The audit chain: every write recorded; tampering behind the app's back is caught."""

from __future__ import annotations

import pytest
from django.db import connection
from typer.testing import CliRunner

from daihoi.audit.log import record, verify
from daihoi.audit.models import AuditEntry
from daihoi.cli.main import _register, app
from daihoi.orgs import actions
from tests.conftest import Cast, Tree

pytestmark = pytest.mark.django_db


def _three_entries(tree: Tree, cast: Cast) -> None:
    actions.do_update_organization(tree.school, acting_user=cast.city_staff,
                                   name="Chi bộ Trường Ba")
    actions.do_update_organization(tree.school, acting_user=cast.city_staff, active=False)
    record(acting_user=cast.ward_office, action="test.note", obj=tree.ward, changes={"x": [1, 2]})


def test_a_write_records_who_what_and_old_and_new_values(tree: Tree, cast: Cast) -> None:
    actions.do_update_organization(tree.school, acting_user=cast.city_staff,
                                   name="Chi bộ Trường Ba")
    entry = AuditEntry.objects.get()
    assert entry.actor_name == "city_staff"
    assert entry.action == "org.update"
    assert entry.object_id == str(tree.school.pk)
    assert entry.changes == {"name": ["Chi bộ Trường Hai", "Chi bộ Trường Ba"]}
    assert verify().ok


def test_entries_cannot_be_changed_or_deleted_through_the_app(tree: Tree, cast: Cast) -> None:
    _three_entries(tree, cast)
    entry = AuditEntry.objects.first()
    assert entry is not None
    entry.action = "forged"
    with pytest.raises(RuntimeError):
        entry.save()
    with pytest.raises(RuntimeError):
        entry.delete()


def _sql(statement: str, params: list[int | str]) -> None:
    with connection.cursor() as cursor:
        cursor.execute(statement, params)


def test_a_row_changed_in_the_database_is_named(tree: Tree, cast: Cast) -> None:
    _three_entries(tree, cast)
    _sql("UPDATE audit_auditentry SET actor_name = %s WHERE id = %s", ["someone_else", 2])
    report = verify()
    assert not report.ok
    assert report.breaks[0].entry_id == 2
    assert "changed" in report.breaks[0].problem


def test_changed_values_are_caught_too(tree: Tree, cast: Cast) -> None:
    _three_entries(tree, cast)
    _sql("UPDATE audit_auditentry SET changes = %s WHERE id = %s", ['{"x": [1, 3]}', 3])
    assert verify().breaks[0].entry_id == 3


def test_a_deleted_row_is_caught(tree: Tree, cast: Cast) -> None:
    _three_entries(tree, cast)
    _sql("DELETE FROM audit_auditentry WHERE id = %s", [2])
    report = verify()
    assert report.breaks[0].entry_id == 3
    assert "deleted" in report.breaks[0].problem


def test_deleting_the_newest_rows_is_caught(tree: Tree, cast: Cast) -> None:
    _three_entries(tree, cast)
    _sql("DELETE FROM audit_auditentry WHERE id = %s", [3])
    report = verify()
    assert not report.ok
    assert "head" in report.breaks[0].problem


def test_reordered_rows_are_caught(tree: Tree, cast: Cast) -> None:
    _three_entries(tree, cast)
    _sql("UPDATE audit_auditentry SET id = %s WHERE id = %s", [100, 1])
    _sql("UPDATE audit_auditentry SET id = %s WHERE id = %s", [1, 2])
    _sql("UPDATE audit_auditentry SET id = %s WHERE id = %s", [2, 100])
    report = verify()
    assert report.breaks[0].entry_id == 1


def test_cli_verify_exits_non_zero_and_names_the_entry(tree: Tree, cast: Cast) -> None:
    _register()
    _three_entries(tree, cast)
    runner = CliRunner()
    ok = runner.invoke(app, ["audit", "verify"])
    assert ok.exit_code == 0, ok.output
    assert "3 entries" in ok.output
    _sql("UPDATE audit_auditentry SET object_repr = %s WHERE id = %s", ["forged", 2])
    broken = runner.invoke(app, ["audit", "verify"])
    assert broken.exit_code == 1
    assert "entry #2" in broken.output


def test_verify_page_shows_the_break(client: object, tree: Tree, cast: Cast) -> None:
    from django.test import Client

    assert isinstance(client, Client)
    _three_entries(tree, cast)
    _sql("UPDATE audit_auditentry SET object_repr = %s WHERE id = %s", ["forged", 2])
    client.force_login(cast.city_staff)
    response = client.post("/nhat-ky/kiem-tra/")
    assert response.status_code == 200
    assert "#2" in response.content.decode()
