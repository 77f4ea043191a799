"""Writing to and verifying the audit chain. Every action function calls ``record``."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any, TypeVar

from django.db import models, transaction
from django.utils import timezone

from daihoi.audit.models import AuditEntry, AuditHead

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
) -> AuditEntry:
    """Append one entry to the chain, inside the caller's transaction.

    ``acting_user`` is a user object or ``None`` for the system (the CLI, the demo loader).
    """
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_id = object_id or str(obj.pk)
        object_repr = object_repr or str(obj)[:300]
    with transaction.atomic():
        head, _ = AuditHead.objects.select_for_update().get_or_create(pk=1)
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
        )
        entry.hash = entry.compute_hash()
        entry.save(force_insert=True)
        AuditHead.objects.filter(pk=1).update(last_seq=entry.id, last_hash=entry.hash)
    return entry


@dataclass(frozen=True)
class Break:
    entry_id: int | None
    problem: str


@dataclass(frozen=True)
class VerifyReport:
    checked: int
    breaks: list[Break]

    @property
    def ok(self) -> bool:
        return not self.breaks


def _entries() -> Iterator[AuditEntry]:
    return AuditEntry.objects.order_by("id").iterator(chunk_size=2000)


def verify(stop_at_first: bool = True) -> VerifyReport:
    """Walk the chain and report where it breaks (changed, deleted or reordered rows)."""
    breaks: list[Break] = []
    expected_seq = 1
    prev_hash = GENESIS_HASH
    checked = 0
    for entry in _entries():
        checked += 1
        if entry.id != expected_seq:
            problem = f"expected entry #{expected_seq} here: entries deleted or renumbered"
            breaks.append(Break(entry.id, problem))
        elif entry.prev_hash != prev_hash:
            problem = "does not follow the previous entry: rows reordered or removed"
            breaks.append(Break(entry.id, problem))
        elif entry.compute_hash() != entry.hash:
            breaks.append(Break(entry.id, "content does not match its hash: the row was changed"))
        if breaks and stop_at_first:
            return VerifyReport(checked, breaks)
        expected_seq = entry.id + 1
        prev_hash = entry.hash
    head = AuditHead.objects.filter(pk=1).first()
    last_seq = head.last_seq if head else 0
    last_hash = head.last_hash if head else GENESIS_HASH
    if last_seq != expected_seq - 1 or last_hash != prev_hash:
        breaks.append(
            Break(
                expected_seq if last_seq >= expected_seq else None,
                f"the chain ends at #{expected_seq - 1} but the head says #{last_seq}: "
                "the newest entries were deleted or changed",
            )
        )
    return VerifyReport(checked, breaks)


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
