"""Fifteen ways of changing the database behind the application's back, each caught by
``daihoi audit verify`` (issue #13, break 5): the data against the log, the log against its key.
"""

from __future__ import annotations

import hashlib
from typing import Any

import pytest
from django.contrib.auth.models import Group
from django.db import connection

from daihoi.audit import keys
from daihoi.audit.log import VerifyReport, head_label, verify
from daihoi.audit.models import AuditEntry, AuditHead
from daihoi.campaigns.models import Congress
from daihoi.congress.models import Election, FinalBallot, KeyedBallot
from daihoi.orgs.models import Member
from tests.audit_world import World, build_world
from tests.conftest import Cast, Tree

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(tree: Tree, cast: Cast, tmp_path: Any, monkeypatch: pytest.MonkeyPatch) -> World:
    monkeypatch.setenv("DAIHOI_DATA_DIR", str(tmp_path))  # a key of this test's own
    monkeypatch.delenv(keys.ENV, raising=False)
    built = build_world(tree, cast)
    assert verify().ok, [d.line() for d in verify().discrepancies]
    return built


def _sql(statement: str, params: list[Any]) -> None:
    with connection.cursor() as cursor:
        cursor.execute(statement, params)


def _lines(report: VerifyReport) -> list[str]:
    return [d.line() for d in report.discrepancies] + [
        f"#{b.entry_id}: {b.problem}" for b in report.breaks]


def _caught(report: VerifyReport, *fragments: str) -> None:
    assert not report.ok
    lines = _lines(report)
    for fragment in fragments:
        assert any(fragment in line for line in lines), (fragment, lines)


# ---------------------------------------------------------------- the data


def test_1_a_final_ballot_edited_in_the_database_is_caught(world: World) -> None:
    FinalBallot.objects.filter(batch=world.batch, position=2).update(content="1")
    _caught(verify(), f"batch {world.batch.pk} ", "final ballot 2: \"1\" in the database, "
            "\"2\" in the log",
            "the stored result differs from the engine's recount")


def test_2_ballots_issued_edited_in_the_database_is_caught(world: World) -> None:
    Election.objects.filter(pk=world.election.pk).update(ballots_issued=60)
    _caught(verify(), f"election {world.election.pk} ",
            "ballots_issued: 60 in the database, 6 in the log")


def test_3_a_stored_result_edited_in_the_database_is_caught(world: World) -> None:
    result = dict(world.election.result or {})
    result["elected"] = [*reversed(result["elected"]), "3"]
    Election.objects.filter(pk=world.election.pk).update(result=result)
    _caught(verify(), "the stored result differs from the engine's recount",
            "the stored result differs from the digest recorded at certification")


def test_4_a_members_name_edited_in_the_database_is_caught(world: World) -> None:
    member = world.members[0]
    Member.objects.filter(pk=member.pk).update(full_name="Hoàng Văn Bính")
    _caught(verify(), f"member {member.pk} (Hoàng Văn Bình): full_name: "
            "\"Hoàng Văn Bính\" in the database, \"Hoàng Văn Bình\" in the log")


def test_5_a_users_role_edited_in_the_database_is_caught(cast: Cast, world: World) -> None:
    _sql("UPDATE accounts_user SET role = %s WHERE id = %s",
         ["superior_staff", cast.observer.pk])
    _caught(verify(), f"user {cast.observer.pk} (observer): role: \"superior_staff\" in the "
            "database, \"observer\" in the log")


def test_6_a_group_a_permission_or_a_counting_seat_added_in_the_database_is_caught(
        cast: Cast, world: World) -> None:
    group = Group.objects.create(name="quản trị")
    cast.observer.groups.add(group)
    _sql("UPDATE accounts_user SET is_superuser = %s WHERE id = %s", [True, cast.outsider.pk])
    world.election.counters.add(cast.city_staff)
    _caught(verify(), f"user {cast.observer.pk} (observer): groups",
            f"user {cast.outsider.pk} (outsider): is_superuser",
            f"election {world.election.pk} (Bầu đại biểu): counters")


def test_7_a_congress_state_edited_in_the_database_is_caught(tree: Tree, world: World) -> None:
    congress = world.campaign.congresses.get(organization=tree.ward)
    Congress.objects.filter(pk=congress.pk).update(state="results_approved")
    _caught(verify(), f"campaign congress {congress.pk}: state: \"results_approved\" in the "
            "database, \"preparing\" in the log")


def test_15_a_keyed_ballot_added_in_the_database_is_caught(world: World) -> None:
    entry = world.entries[0]
    KeyedBallot.objects.create(entry=entry, position=7, content="2", idempotency_key="x")
    _caught(verify(), f"entry {entry.pk} ", "7 keyed ballots in the database, 6 in the log")


def test_a_row_deleted_behind_the_apps_back_is_named(world: World) -> None:
    member = world.members[4]
    member.congress_attendances.all().delete()
    Member.objects.filter(pk=member.pk).delete()
    _caught(verify(), f"member {member.pk} (Triệu Văn Giang): (row): missing from the database")


# ---------------------------------------------------------------- the log itself


def _rewrite_from(seq: int, key: bytes | None, **values: Any) -> None:
    """Change entry ``seq`` and recompute every hash after it as a forger would: with a key
    that is not the installation's (or none)."""
    prev = AuditEntry.objects.get(pk=seq - 1).hash if seq > 1 else "0" * 64
    for entry in AuditEntry.objects.filter(pk__gte=seq).order_by("id"):
        if entry.pk == seq:
            for name, value in values.items():
                setattr(entry, name, value)
        entry.prev_hash = prev
        entry.hash = (entry.compute_hash(key) if key is not None
                      else hashlib.sha256(entry.payload()).hexdigest())
        AuditEntry.objects.filter(pk=entry.pk).update(
            prev_hash=entry.prev_hash, hash=entry.hash, actor_name=entry.actor_name,
            changes=entry.changes)
        prev = entry.hash
    AuditHead.objects.filter(pk=1).update(last_hash=prev)


def test_8_an_entry_rewritten_with_every_hash_recomputed_without_the_key_is_caught(
        world: World) -> None:
    _rewrite_from(3, b"a guess at the key", actor_name="someone_else")
    report = verify()
    _caught(report, "#3: content does not match its keyed hash")
    _rewrite_from(3, None, actor_name="someone_else")  # plain SHA-256, as before the keys
    _caught(verify(), "#3: content does not match its keyed hash")


def test_9_an_entry_deleted_is_caught(world: World) -> None:
    _sql("DELETE FROM audit_auditentry WHERE id = %s", [4])
    _caught(verify(), "#5: expected entry #4 here: entries deleted or renumbered")


def test_10_the_newest_entries_deleted_and_the_head_moved_back_is_caught(world: World) -> None:
    last = AuditHead.objects.get().last_seq
    _sql("DELETE FROM audit_auditentry WHERE id > %s", [last - 2])
    kept = AuditEntry.objects.get(pk=last - 2)
    AuditHead.objects.filter(pk=1).update(last_seq=kept.pk, last_hash=kept.hash)
    _caught(verify(), f"the head (#{last - 2}) is not sealed by the key")


def test_11_the_log_emptied_is_caught_with_or_without_its_head(world: World) -> None:
    _sql("DELETE FROM audit_auditentry", [])
    _caught(verify(), "the chain ends at #0 but the head says")
    _sql("DELETE FROM audit_audithead", [])
    report = verify()
    _caught(report, "(row): in the database but not in the audit log")
    assert any(line.startswith(f"election {world.election.pk} ") and "no certified result"
               in line for line in _lines(report))


def test_12_entries_reordered_are_caught(world: World) -> None:
    _sql("UPDATE audit_auditentry SET id = %s WHERE id = %s", [1000, 2])
    _sql("UPDATE audit_auditentry SET id = %s WHERE id = %s", [2, 3])
    _sql("UPDATE audit_auditentry SET id = %s WHERE id = %s", [3, 1000])
    _caught(verify(), "#2: does not follow the previous entry")


def test_13_a_forged_entry_appended_is_caught(world: World) -> None:
    head = AuditHead.objects.get()
    forged = AuditEntry(id=head.last_seq + 1, created_at=AuditEntry.objects.get(
        pk=head.last_seq).created_at, actor_name="system", action="user.update",
        object_type="accounts.user", object_id="1", object_repr="x", changes={},
        prev_hash=head.last_hash, key_id=head.key_id, state=None)
    forged.hash = forged.compute_hash(b"not the key")
    forged.save(force_insert=True)
    AuditHead.objects.filter(pk=1).update(last_seq=forged.id, last_hash=forged.hash)
    _caught(verify(), f"#{forged.id}: content does not match its keyed hash")
    # Without a key id, as an entry from before the keys: refused after the chain was keyed.
    forged.key_id = ""
    AuditEntry.objects.filter(pk=forged.id).update(
        key_id="", hash=hashlib.sha256(forged.payload()).hexdigest())
    _caught(verify(), f"#{forged.id}: an unkeyed entry after the chain was keyed")


def test_14_a_swapped_key_is_caught_and_a_reseal_under_it_shows_in_the_printed_head(
        world: World, monkeypatch: pytest.MonkeyPatch) -> None:
    printed = head_label()
    monkeypatch.setenv(keys.ENV, "ab" * 32)
    _caught(verify(), "#1: sealed with key", "which this installation does not hold")
    # Whoever holds a key and the database can re-seal everything: verify cannot tell, but
    # the head printed on the minutes and reports no longer matches.
    _rewrite_from(1, bytes.fromhex("ab" * 32))
    AuditEntry.objects.update(key_id=keys.load().current)
    _rewrite_from(1, bytes.fromhex("ab" * 32))
    head = AuditHead.objects.get()
    AuditHead.objects.filter(pk=1).update(key_id=keys.load().current,
                                          seal=head.compute_seal(bytes.fromhex("ab" * 32)))
    assert verify().ok
    assert head_label() != printed


# ---------------------------------------------------------------- carried into the log


def test_a_name_changed_behind_the_apps_back_stays_caught_after_a_later_update(
        cast: Cast, world: World) -> None:
    from daihoi.orgs.actions import do_update_member

    member = world.members[2]
    Member.objects.filter(pk=member.pk).update(full_name="Lương Văn Dùng")
    member.refresh_from_db()
    do_update_member(member, acting_user=cast.city_staff, education="Đại học")
    _caught(verify(), f"member {member.pk} (Lương Văn Dùng): full_name: \"Lương Văn Dũng\" in "
            "log entry #1, \"Lương Văn Dùng\" after entry")


def test_a_role_changed_behind_the_apps_back_and_then_changed_again_is_caught(
        cast: Cast, world: World) -> None:
    from daihoi.accounts.actions import do_update_user

    _sql("UPDATE accounts_user SET role = %s WHERE id = %s", ["org_office", cast.observer.pk])
    cast.observer.refresh_from_db()
    do_update_user(cast.observer, acting_user=cast.city_staff, role="superior_staff")
    _caught(verify(), f"user {cast.observer.pk} (observer): role: \"observer\" in log entry #1, "
            "but entry")


def test_a_congress_state_changed_behind_the_apps_back_then_moved_on_is_caught(
        tree: Tree, cast: Cast, world: World) -> None:
    from daihoi.campaigns.actions import do_send_back

    congress = world.campaign.congresses.get(organization=tree.ward)
    Congress.objects.filter(pk=congress.pk).update(state="held")
    congress.refresh_from_db()
    do_send_back(congress, acting_user=cast.city_staff, reason="Thử")
    _caught(verify(), f"campaign congress {congress.pk}: state: \"preparing\" in log entry")
