"""Writing to and verifying the audit chain. Every action function calls ``record``.

The chain: each entry's HMAC-SHA256 (daihoi.audit.keys) covers its position, time, actor,
action, object, changes, the state of what it wrote, and the previous entry's hash; the head
is sealed too. ``verify`` walks it, then compares the data with the log (daihoi.audit.state)
and recounts every certified election.
"""

from __future__ import annotations

import datetime as dt
import hmac
import json
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any, TypeVar

from django.db import models, transaction
from django.utils import timezone

from daihoi.audit import keys
from daihoi.audit.models import AuditEntry, AuditHead
from daihoi.audit.state import (
    KINDS,
    State,
    StateSet,
    canonical,
    differences,
    digest,
    read_all,
    read_states,
)

GENESIS_HASH = "0" * 64


def _jsonable(value: Any) -> Any:
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, Mapping):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [_jsonable(v) for v in value]
    if value is None or isinstance(value, bool | int | str):
        return value
    return str(value)


def snapshot(obj: models.Model, fields: list[str] | None = None) -> dict[str, Any]:
    """The current values of a model's concrete fields, ready for ``record``."""
    names = fields or [f.attname for f in obj._meta.concrete_fields]
    return {name: _jsonable(getattr(obj, name)) for name in names}


def diff(old: Mapping[str, Any], new: Mapping[str, Any]) -> dict[str, list[Any]]:
    """{field: [old, new]} for the fields whose value changed."""
    keys = sorted(set(old) | set(new))
    return {
        k: [_jsonable(old.get(k)), _jsonable(new.get(k))] for k in keys if old.get(k) != new.get(k)
    }


def record(
    *,
    acting_user: Any,
    action: str,
    obj: models.Model | None = None,
    object_type: str = "",
    object_id: str = "",
    object_repr: str = "",
    changes: Mapping[str, Any] | None = None,
    also: Iterable[models.Model | models.QuerySet[Any]] = (),
) -> AuditEntry:
    """Append one entry to the chain, inside the caller's transaction.

    ``acting_user`` is a user object or ``None`` for the system (the CLI, the demo loader).
    The entry also keeps the state (daihoi.audit.state) of ``obj`` and of the objects in
    ``also`` (objects or querysets, e.g. the rows of a bulk import), read back from the
    database: call ``record`` after the write.
    """
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_id = object_id or str(obj.pk)
        object_repr = object_repr or str(obj)[:300]
    with transaction.atomic():
        head, _ = AuditHead.objects.select_for_update().get_or_create(pk=1)
        ring = keys.load()
        if head.last_seq and not head.key_id:
            head = _append_upgrade(head, ring)
        objects = [obj, *also] if obj is not None else list(also)
        state = read_states(objects) if objects else None
        return _append(head, ring, acting_user=acting_user, action=action,
                       object_type=object_type, object_id=object_id,
                       object_repr=object_repr, changes=changes, state=state or None)


def _append(head: AuditHead, ring: keys.Keyring, *, acting_user: Any, action: str,
            object_type: str, object_id: str, object_repr: str,
            changes: Mapping[str, Any] | None, state: StateSet | None) -> AuditEntry:
    """Write the next entry after ``head`` (locked by the caller) and move the head."""
    entry = AuditEntry(
        id=head.last_seq + 1,
        created_at=timezone.now(),
        actor_id=getattr(acting_user, "pk", None),
        actor_name=getattr(acting_user, "username", "") or "system",
        action=action,
        object_type=object_type,
        object_id=object_id,
        object_repr=object_repr[:300],
        changes=json.loads(json.dumps(_jsonable(dict(changes or {})), ensure_ascii=False)),
        prev_hash=head.last_hash,
        key_id=ring.current,
        state=state,
    )
    key = ring.get(ring.current)
    entry.hash = entry.compute_hash(key)
    entry.save(force_insert=True)
    head.last_seq, head.last_hash, head.key_id = entry.id, entry.hash, ring.current
    head.seal = head.compute_seal(key or b"")
    AuditHead.objects.filter(pk=1).update(last_seq=head.last_seq, last_hash=head.last_hash,
                                          key_id=head.key_id, seal=head.seal)
    return entry


def _append_upgrade(head: AuditHead, ring: keys.Keyring) -> AuditHead:
    """Close a chain written before keys existed with one sealed entry.

    The entry carries the last unkeyed hash (so no older entry can be rewritten unnoticed
    from now on) and the state of every tracked object as found (the log had none): the
    baseline that later writes are compared with. Nothing older is re-sealed."""
    baseline: StateSet = {}
    for label, kind in KINDS.items():
        rows = {pk: st for pk, st in read_all(label).items() if not kind.unlogged_ok(st)}
        if rows:
            baseline[label] = dict(rows)
    _append(head, ring, acting_user=None, action="audit.upgrade", object_type="audit.chain",
            object_id=str(head.last_seq), object_repr="keyed chain begins",
            changes={"unkeyed_entries": head.last_seq, "unkeyed_head": head.last_hash,
                     "key": ring.current},
            state=baseline)
    return head


def upgrade_if_needed() -> AuditEntry | None:
    """Seal a chain of unkeyed entries now (``daihoi migrate`` calls this); None if keyed."""
    with transaction.atomic():
        head = AuditHead.objects.select_for_update().filter(pk=1).first()
        if head is None or not head.last_seq or head.key_id:
            return None
        _append_upgrade(head, keys.load())
        return AuditEntry.objects.get(pk=head.last_seq)


def rotate_key(*, acting_user: Any = None) -> tuple[str, str]:
    """Make a new key current (older keys stay, to verify older entries); the rotation is
    itself an entry of the chain, sealed with the new key. Returns (old id, new id)."""
    old, new = keys.add_key()
    record(acting_user=acting_user, action="audit.key_rotate", object_type="audit.chain",
           object_repr="new audit key", changes={"key": [old, new]})
    return old, new


def head_label() -> str:
    """The chain's latest position and a short hash, printed on the minutes and reports so
    that a copy of it exists outside the database ("" when the log is empty)."""
    head = AuditHead.objects.filter(pk=1).first()
    if head is None or not head.last_seq:
        return ""
    return f"#{head.last_seq} · {head.last_hash[:16]}"


def head_lines() -> list[str]:
    """The line printed on the minutes and reports ([] while the log is empty)."""
    label = head_label()
    return [f"Nhật ký kiểm tra (audit) đến mục {label}"] if label else []


@dataclass(frozen=True)
class Break:
    entry_id: int | None
    problem: str


@dataclass(frozen=True)
class Discrepancy:
    """The database differs from what the log recorded: one object, one field."""

    kind: str
    object_id: str
    name: str
    field: str
    problem: str
    entry_id: int | None = None

    def line(self) -> str:
        name = f" ({self.name})" if self.name else ""
        where = f" (log entry #{self.entry_id})" if self.entry_id else ""
        return f"{self.kind} {self.object_id}{name}: {self.field}: {self.problem}{where}"


@dataclass(frozen=True)
class VerifyReport:
    checked: int
    breaks: list[Break]
    discrepancies: list[Discrepancy] = field(default_factory=list)
    unkeyed: int = 0  # entries written before the chain was keyed
    head: str = ""
    objects_checked: int = 0
    results_checked: int = 0

    @property
    def ok(self) -> bool:
        return not self.breaks and not self.discrepancies


def _entries() -> Iterator[AuditEntry]:
    return AuditEntry.objects.order_by("id").iterator(chunk_size=500)


def verify(stop_at_first: bool = True, check_data: bool = True) -> VerifyReport:
    """Walk the chain and report where it breaks (changed, deleted, reordered, forged or
    truncated rows, or a key that is not the one that sealed it); then compare the data with
    the last state the log recorded for it and recount every certified election."""
    breaks: list[Break] = []
    expected_seq = 1
    prev_hash = GENESIS_HASH
    checked = unkeyed = 0
    keyed_seen = False
    key_problem = ""
    last: dict[tuple[str, str], tuple[State | None, int]] = {}
    carried: list[Discrepancy] = []
    certified: dict[str, tuple[str | None, int]] = {}
    try:
        ring: keys.Keyring | None = keys.load(create=False)
    except keys.AuditKeyError as exc:
        ring = None
        key_problem = str(exc)
    for entry in _entries():
        checked += 1
        problem = ""
        if entry.id != expected_seq:
            problem = f"expected entry #{expected_seq} here: entries deleted or renumbered"
        elif entry.prev_hash != prev_hash:
            problem = "does not follow the previous entry: rows reordered or removed"
        elif not entry.key_id:
            unkeyed += 1
            if keyed_seen:
                problem = "an unkeyed entry after the chain was keyed: forged"
            elif entry.compute_hash() != entry.hash:
                problem = "content does not match its hash: the row was changed"
        else:
            keyed_seen = True
            key = ring.get(entry.key_id) if ring is not None else None
            if key is None:
                problem = (f"sealed with key {entry.key_id}, which this installation does not "
                           f"hold ({key_problem if ring is None else ring.source}): the key "
                           "was swapped or lost, or the row was forged")
            elif not hmac.compare_digest(entry.compute_hash(key), entry.hash):
                problem = ("content does not match its keyed hash: the row was changed or "
                           "forged")
        if problem and not (breaks and stop_at_first):
            breaks.append(Break(entry.id, problem))
        # The data is compared with the log as stored, even past a break (best effort).
        if entry.state:
            for label, objs in entry.state.items():
                for pk, st in objs.items():
                    before = last.get((label, pk))
                    if before is not None and before[0] is not None and st is not None:
                        carried.extend(_carried(entry, label, pk, before, st))
                    last[(label, pk)] = (st, entry.id)
                    if label == "congress.election" and st and st.get("result") \
                            and pk not in certified:
                        certified[pk] = (st["result"], entry.id)
        expected_seq = entry.id + 1
        prev_hash = entry.hash
    if not breaks:
        breaks.extend(_check_head(expected_seq - 1, prev_hash, keyed_seen, ring))
    report = VerifyReport(checked, breaks, unkeyed=unkeyed, head=head_label())
    if not check_data:
        return report
    found, objects = _check_state(last, keyed_seen or not unkeyed)
    results, n_results = _check_results(certified)
    return VerifyReport(checked, breaks, carried + found + results, unkeyed=unkeyed,
                        head=report.head,
                        objects_checked=objects, results_checked=n_results)


# Fields whose every change is named in the ``changes`` of the entry that wrote it, for
# the kinds whose actions record {field: [old, new]} (save_audited, the campaign workflow).
ACCOUNTED_FIELDS: dict[str, tuple[str, ...]] = {
    "orgs.member": ("full_name", "gender", "date_of_birth", "ethnicity", "status",
                    "date_joined", "organization_id", "education", "theory_level", "active"),
    "accounts.user": ("username", "organization_id", "role", "is_active", "is_superuser"),
    "campaigns.congress": ("state",),
}


def _carried(entry: AuditEntry, label: str, pk: str, before: tuple[State | None, int],
             state: State) -> list[Discrepancy]:
    """A field that changed between two states the log recorded for one object, while the
    later entry, written for that very object, names no such change: the value was changed
    behind the application's back and the later write carried it into the log."""
    fields = ACCOUNTED_FIELDS.get(label)
    if not fields or entry.object_type != label or entry.object_id != pk:
        return []
    old = before[0] or {}
    changes = entry.changes if isinstance(entry.changes, dict) else {}
    out: list[Discrepancy] = []
    for f in fields:
        named = changes.get(f)
        if isinstance(named, list) and len(named) == 2 and named[0] != old.get(f):
            problem = (f"{_show(old.get(f))} in log entry #{before[1]}, but entry #{entry.id} "
                       f"({entry.action}) changed it from {_show(named[0])}: changed behind "
                       "the application's back in between")
        elif f not in changes and old.get(f) != state.get(f):
            problem = (f"{_show(old.get(f))} in log entry #{before[1]}, {_show(state.get(f))} "
                       f"after entry #{entry.id} ({entry.action}), which records no such "
                       "change: changed behind the application's back")
        else:
            continue
        out.append(Discrepancy(KINDS[label].noun, pk, _name(label, state), f, problem))
    return out


def _show(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)


def _check_head(last_seq_walked: int, last_hash_walked: str, keyed: bool,
                ring: keys.Keyring | None) -> list[Break]:
    head = AuditHead.objects.filter(pk=1).first()
    last_seq = head.last_seq if head else 0
    last_hash = head.last_hash if head else GENESIS_HASH
    if last_seq != last_seq_walked or last_hash != last_hash_walked:
        return [Break(last_seq_walked + 1 if last_seq > last_seq_walked else None,
                      f"the chain ends at #{last_seq_walked} but the head says #{last_seq}: "
                      "the newest entries were deleted or changed")]
    if head is None or not keyed:
        return []
    key = ring.get(head.key_id) if ring is not None else None
    if key is None or not hmac.compare_digest(head.compute_seal(key), head.seal):
        return [Break(None, f"the head (#{last_seq}) is not sealed by the key: it was moved "
                            "back over deleted entries, or rewritten")]
    return []


def _name(label: str, state: State | None) -> str:
    if not state:
        return ""
    if label == "orgs.member":
        return str(state.get("full_name", ""))
    if label == "accounts.user":
        return str(state.get("username", ""))
    if label == "congress.election":
        return str(state.get("title", ""))
    if label == "congress.batch":
        return f"#{state.get('number')} of election {state.get('election_id')}"
    if label == "congress.entry":
        return f"of batch {state.get('batch_id')} by user {state.get('clerk_id')}"
    return ""


def _check_state(last: dict[tuple[str, str], tuple[State | None, int]],
                 complete: bool) -> tuple[list[Discrepancy], int]:
    """Each tracked row against the last state the log recorded for it.

    ``complete`` is False for a chain never keyed (no state was recorded yet): only rows the
    log knows are compared then."""
    out: list[Discrepancy] = []
    objects = 0
    for label, kind in KINDS.items():
        now = read_all(label)
        objects += len(now)
        logged = {pk: value for (lab, pk), value in last.items() if lab == label}
        for pk in sorted(set(now) | set(logged), key=lambda p: (len(p), p)):
            current = now.get(pk)
            if pk not in logged:
                if current is not None and complete and not kind.unlogged_ok(current):
                    out.append(Discrepancy(kind.noun, pk, _name(label, current), "(row)",
                                           "in the database but not in the audit log"))
                continue
            state, entry_id = logged[pk]
            if state is None:
                if current is not None:
                    out.append(Discrepancy(kind.noun, pk, _name(label, current), "(row)",
                                           "in the database but the log recorded it deleted",
                                           entry_id))
                continue
            if current is None:
                out.append(Discrepancy(kind.noun, pk, _name(label, state), "(row)",
                                       "missing from the database", entry_id))
                continue
            for fld, problem in differences(state, current):
                out.append(Discrepancy(kind.noun, pk, _name(label, state), fld, problem,
                                       entry_id))
    return out, objects


def _check_results(certified: dict[str, tuple[str | None, int]]) -> tuple[list[Discrepancy],
                                                                           int]:
    """Every certified election: the stored result against the engine's recount of its final
    ballots, and against the digest the log recorded when it was certified."""
    from daihoi.congress import counting
    from daihoi.congress.models import Election, ElectionStatus
    from daihoi.election import result_document

    out: list[Discrepancy] = []
    elections = list(Election.objects.filter(status=ElectionStatus.CERTIFIED)
                     .select_related("congress").order_by("pk"))
    for election in elections:
        pk, name = str(election.pk), election.title
        try:
            recount = counting.result_of(election)
        except Exception as exc:  # a tampered row may not even parse; say so, go on
            out.append(Discrepancy("election", pk, name, "result",
                                   f"its final ballots cannot be recounted: {exc}"))
            continue
        redone = result_document(recount) if recount is not None else None
        if redone is None or canonical(redone) != canonical(election.result):
            out.append(Discrepancy("election", pk, name, "result",
                                   "the stored result differs from the engine's recount of "
                                   "its final ballots"))
        at_cert = certified.get(pk)
        if at_cert is None:
            out.append(Discrepancy("election", pk, name, "result",
                                   "certified, but the log recorded no certified result"))
        elif digest(election.result) != at_cert[0]:
            out.append(Discrepancy("election", pk, name, "result",
                                   "the stored result differs from the digest recorded at "
                                   "certification", at_cert[1]))
    return out, len(elections)


M = TypeVar("M", bound=models.Model)


def save_audited(obj: M, *, acting_user: Any, action: str, fields: list[str],
                 values: Mapping[str, Any] | None = None) -> M:
    """Set ``values`` on ``obj``, validate, save, and record the changed ``fields``.

    A new object (no primary key yet) records all its fields as new values; an existing one
    records only the fields whose value changed, and nothing at all when none did.
    """
    creating = obj._state.adding
    old = {} if creating else snapshot(obj, fields)
    for key, value in (values or {}).items():
        setattr(obj, key, value)
    obj.full_clean()
    obj.save()
    changes = diff(old, snapshot(obj, fields))
    if changes or creating:
        record(acting_user=acting_user, action=action, obj=obj, changes=changes)
    return obj
