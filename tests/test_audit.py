"""The audit chain: every write recorded; tampering behind the app's back is caught."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest
from django.db import connection
from typer.testing import CliRunner

from daihoi.audit import keys
from daihoi.audit.log import head_label, record, rotate_key, upgrade_if_needed, verify
from daihoi.audit.models import AuditEntry, AuditHead
from daihoi.cli.main import _register, app
from daihoi.congress import documents
from daihoi.orgs import actions
from tests.audit_world import build_world, log_the_fixtures
from tests.conftest import Cast, Tree

pytestmark = pytest.mark.django_db


def _three_entries(tree: Tree, cast: Cast) -> None:
    log_the_fixtures()
    actions.do_update_organization(tree.school, acting_user=cast.city_staff,
                                   name="Chi bộ Trường Ba")
    actions.do_update_organization(tree.school, acting_user=cast.city_staff, active=False)
    record(acting_user=cast.ward_office, action="test.note", obj=tree.ward, changes={"x": [1, 2]})


def test_a_write_records_who_what_and_old_and_new_values(tree: Tree, cast: Cast) -> None:
    log_the_fixtures()
    actions.do_update_organization(tree.school, acting_user=cast.city_staff,
                                   name="Chi bộ Trường Ba")
    entry = AuditEntry.objects.get(pk=2)
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
    _sql("DELETE FROM audit_auditentry WHERE id = %s", [4])
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
    assert "4 entries" in ok.output
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


# ---------------------------------------------------------------- keys, rotation, upgrade


@pytest.fixture
def own_keys(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("DAIHOI_DATA_DIR", str(tmp_path))
    monkeypatch.delenv(keys.ENV, raising=False)
    return tmp_path / keys.FILE_NAME


def test_the_key_is_made_once_in_the_data_folder_readable_by_its_owner_only(
        own_keys: Path, tree: Tree, cast: Cast) -> None:
    _three_entries(tree, cast)
    assert stat.S_IMODE(own_keys.stat().st_mode) == 0o600
    ring = keys.load()
    assert set(AuditEntry.objects.values_list("key_id", flat=True)) == {ring.current}
    assert ring.current not in own_keys.read_text(encoding="ascii")  # an id, not the key
    _three_entries(tree, cast)
    assert keys.load() == ring


def test_keys_from_the_environment_take_the_place_of_the_file(
        own_keys: Path, tree: Tree, cast: Cast, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(keys.ENV, "12" * 32 + ", " + "34" * 32)
    _three_entries(tree, cast)
    assert not own_keys.exists()
    newest = AuditEntry.objects.order_by("-id")[0]
    assert newest.key_id == keys.key_id(bytes.fromhex("34" * 32))
    assert verify().ok
    monkeypatch.setenv(keys.ENV, "not-hex")
    with pytest.raises(keys.AuditKeyError, match="DAIHOI_AUDIT_KEYS: key 1 is not"):
        keys.load()


def test_a_rotated_key_seals_new_entries_and_the_old_one_still_verifies_old_ones(
        own_keys: Path, tree: Tree, cast: Cast) -> None:
    _three_entries(tree, cast)
    old, new = rotate_key(acting_user=None)
    record(acting_user=cast.city_staff, action="test.after", obj=tree.ward)
    rotation = AuditEntry.objects.get(action="audit.key_rotate")
    assert rotation.changes == {"key": [old, new]}
    assert AuditEntry.objects.order_by("id").reverse()[0].key_id == new
    assert AuditEntry.objects.get(pk=1).key_id == old
    assert verify().ok
    # Losing the old key loses the proof of the older entries: verify says which key.
    lines = own_keys.read_text(encoding="ascii").splitlines()
    own_keys.write_text("\n".join(line for line in lines[:-2] if line.startswith("#"))
                        + "\n" + lines[-1] + "\n", encoding="ascii")
    report = verify()
    assert report.breaks[0].entry_id == 1
    assert f"sealed with key {old}" in report.breaks[0].problem


def test_rotation_is_refused_when_the_keys_come_from_the_environment(
        own_keys: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(keys.ENV, "56" * 32)
    with pytest.raises(keys.AuditKeyError, match="add the new key there"):
        rotate_key(acting_user=None)


def _make_unkeyed(count: int) -> None:
    """Turn the first entries into what a database from before the keys holds."""
    prev = "0" * 64
    for entry in AuditEntry.objects.filter(pk__lte=count).order_by("id"):
        entry.key_id, entry.state, entry.prev_hash = "", None, prev
        entry.hash = entry.compute_hash()
        AuditEntry.objects.filter(pk=entry.pk).update(key_id="", state=None, prev_hash=prev,
                                                     hash=entry.hash)
        prev = entry.hash
    _sql("DELETE FROM audit_auditentry WHERE id > %s", [count])
    AuditHead.objects.filter(pk=1).update(last_seq=count, last_hash=prev, key_id="", seal="")


def test_an_unkeyed_log_is_sealed_by_one_upgrade_entry_not_rewritten(
        own_keys: Path, tree: Tree, cast: Cast) -> None:
    _three_entries(tree, cast)
    _make_unkeyed(4)
    before = list(AuditEntry.objects.order_by("id").values_list("hash", flat=True))
    upgrade = upgrade_if_needed()
    assert upgrade is not None
    assert upgrade.id == 5
    assert upgrade.action == "audit.upgrade"
    assert upgrade.changes["unkeyed_head"] == before[-1]
    assert set(upgrade.state or {}) == {"accounts.user"}  # the baseline of the data
    assert list(AuditEntry.objects.filter(pk__lte=4).order_by("id")
                .values_list("hash", flat=True)) == before
    assert upgrade_if_needed() is None  # once
    report = verify()
    assert report.ok, [d.line() for d in report.discrepancies]
    assert report.unkeyed == 4
    # The older entries are now held by the sealed upgrade entry.
    _sql("UPDATE audit_auditentry SET actor_name = %s WHERE id = %s", ["someone_else", 2])
    assert verify().breaks[0].entry_id == 2


def test_the_first_write_after_an_unkeyed_log_seals_it_first(
        own_keys: Path, tree: Tree, cast: Cast) -> None:
    _three_entries(tree, cast)
    _make_unkeyed(4)
    record(acting_user=cast.city_staff, action="test.after", obj=tree.ward)
    assert list(AuditEntry.objects.filter(pk__gt=4).values_list("action", flat=True)) == [
        "audit.upgrade", "test.after"]
    assert verify().ok


def test_the_head_is_printed_on_the_counting_minutes(tree: Tree, cast: Cast) -> None:
    world = build_world(tree, cast)
    lines = [getattr(block, "text", "") for block in documents._minutes_blocks(
        documents.minutes_data(world.election))]
    label = head_label()
    assert label.startswith(f"#{AuditHead.objects.get().last_seq} · ")
    assert any(label in line for line in lines)


def test_verify_prints_the_head_and_what_it_checked(tree: Tree, cast: Cast) -> None:
    _register()
    build_world(tree, cast)
    done = CliRunner().invoke(app, ["audit", "verify"])
    assert done.exit_code == 0, done.output
    assert "1 certified results recounted" in done.output
    assert f"head: {head_label()}" in done.output


def test_verify_page_names_a_change_to_the_data(client: object, tree: Tree, cast: Cast) -> None:
    from django.test import Client

    from daihoi.orgs.models import Member

    assert isinstance(client, Client)
    world = build_world(tree, cast)
    Member.objects.filter(pk=world.members[1].pk).update(full_name="Nông Thị Cúc Giả")
    client.force_login(cast.city_staff)
    page = client.post("/nhat-ky/kiem-tra/").content.decode()
    assert f"member {world.members[1].pk} (Nông Thị Cúc): full_name" in page


def test_daihoi_migrate_seals_an_unkeyed_log(own_keys: Path, tree: Tree, cast: Cast) -> None:
    from django.core.management import call_command

    _three_entries(tree, cast)
    _make_unkeyed(4)
    call_command("migrate", interactive=False, verbosity=0)
    assert AuditEntry.objects.get(pk=5).action == "audit.upgrade"
    assert verify().ok


def test_the_head_is_printed_on_the_summary_report(tree: Tree) -> None:
    import io

    import docx

    from daihoi.campaigns.models import Campaign
    from daihoi.reports import documents as report_documents
    from daihoi.reports.gather import rollup_for
    from tests.reports.helpers import TODAY
    from tests.reports.helpers import build_world as build_report_world

    world = build_report_world(tree)
    campaign = Campaign.objects.select_related("superior__parent").get(pk=world.campaign.pk)
    doc = docx.Document(io.BytesIO(report_documents.report_docx(rollup_for(campaign, TODAY))))
    cells = "\n".join(cell.text for table in doc.tables for row in table.rows
                      for cell in row.cells)
    assert head_label()
    assert f"Nhật ký kiểm tra (audit) đến mục {head_label()}" in cells


def test_an_entry_being_keyed_is_not_a_discrepancy_until_it_is_submitted(
        own_keys: Path, tree: Tree, cast: Cast) -> None:
    from daihoi.congress import actions as congress_actions
    from daihoi.congress.models import KeyedBallot
    from tests.audit_world import counting_election

    _members, election = counting_election(tree, cast)
    entry = congress_actions.do_open_entry(election, acting_user=cast.counter)
    congress_actions.do_key_ballot(entry, acting_user=cast.counter, position=1, text="1",
                                   key="k1")
    assert verify().ok
    _make_unkeyed(AuditHead.objects.get().last_seq)
    assert upgrade_if_needed() is not None
    congress_actions.do_key_ballot(entry, acting_user=cast.counter, position=2, text="2",
                                   key="k2")
    assert verify().ok
    congress_actions.do_submit_entry(entry, acting_user=cast.counter)
    KeyedBallot.objects.filter(entry=entry, position=2).update(content="3")
    report = verify()
    assert [d.line() for d in report.discrepancies] == [
        f'entry {entry.pk} (of batch {entry.batch_id} by user {cast.counter.pk}): keyed '
        f'ballot 2: "3" in the database, "2" in the log (log entry '
        f'#{AuditEntry.objects.get(action="congress.entry_submit").pk})']
