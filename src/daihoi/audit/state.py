"""The business state the audit log vouches for, read in bulk.

For each kind of object below, ``record`` stores the object's state (these fields, read back
from the database after the write) in the entry, and ``verify`` compares every row of the
database with the last state the log recorded for it. A kind's state is a plain JSON object;
lists (a batch's final ballots, an entry's keyed ballots) are compared position by position.

Kinds and what is vouched for:

- ``orgs.member``: the register's fields.
- ``accounts.user``: name, organisation, role, active, superuser and staff flags, groups and
  permissions.
- ``campaigns.congress``: the state of each congress in its campaign.
- ``congress.election``: title, status, seats, ballots issued, counting board users, and a SHA-256
  digest of the certified result.
- ``congress.batch``: status and its final ballots (what each paper says, and which ones the
  board decided).
- ``congress.entry``: a clerk's entry of a batch once submitted, with its keyed ballots (an
  entry being keyed is not logged: a logged ballot would carry a time, see congress/actions).
"""

from __future__ import annotations

import hashlib
import json
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.db import models

State = dict[str, Any]
# What ``record`` stores: {kind: {pk: state or None (deleted)}}.
StateSet = dict[str, dict[str, State | None]]


def canonical(value: Any) -> bytes:
    return json.dumps(value, sort_keys=True, ensure_ascii=False,
                      separators=(",", ":")).encode()


def digest(value: Any) -> str | None:
    return None if value is None else hashlib.sha256(canonical(value)).hexdigest()


def _norm(value: Any) -> Any:
    """The JSON form of a database value, the same at write time and at verify time."""
    from daihoi.audit.log import _jsonable

    return json.loads(json.dumps(_jsonable(value), ensure_ascii=False))


def _rows(model: type[models.Model], pks: Iterable[Any] | None,
          fields: list[str]) -> dict[str, State]:
    qs = model._default_manager.all()
    if pks is not None:
        qs = qs.filter(pk__in=list(pks))
    return {str(row["pk"]): {f: _norm(row[f]) for f in fields}
            for row in qs.order_by("pk").values("pk", *fields).iterator(chunk_size=2000)}


def _m2m(through: type[models.Model], left: str, right: str,
         pks: Iterable[Any] | None) -> dict[str, list[int]]:
    qs = through._default_manager.all()
    if pks is not None:
        qs = qs.filter(**{f"{left}__in": list(pks)})
    out: dict[str, list[int]] = defaultdict(list)
    for a, b in qs.order_by(left, right).values_list(left, right):
        out[str(a)].append(b)
    return out


def _members(pks: Iterable[Any] | None) -> dict[str, State]:
    from daihoi.orgs.models import Member

    return _rows(Member, pks, ["full_name", "gender", "date_of_birth", "ethnicity", "status",
                               "date_joined", "organization_id", "education", "theory_level",
                               "active"])


def _users(pks: Iterable[Any] | None) -> dict[str, State]:
    from daihoi.accounts.models import User

    rows = _rows(User, pks, ["username", "organization_id", "role", "is_active",
                             "is_superuser", "is_staff"])
    keys = list(rows) if pks is not None else None
    groups = _m2m(User.groups.through, "user_id", "group_id", keys)
    perms = _m2m(User.user_permissions.through, "user_id", "permission_id", keys)
    for pk, state in rows.items():
        state["groups"] = groups.get(pk, [])
        state["permissions"] = perms.get(pk, [])
    return rows


def _congresses(pks: Iterable[Any] | None) -> dict[str, State]:
    from daihoi.campaigns.models import Congress

    return _rows(Congress, pks, ["state"])


def _elections(pks: Iterable[Any] | None) -> dict[str, State]:
    from daihoi.congress.models import Election

    rows = _rows(Election, pks, ["title", "status", "seats", "ballots_issued", "result"])
    counters = _m2m(Election.counters.through, "election_id", "user_id",
                    list(rows) if pks is not None else None)
    for pk, state in rows.items():
        state["result"] = digest(state["result"])
        state["counters"] = counters.get(pk, [])
    return rows


def _batches(pks: Iterable[Any] | None) -> dict[str, State]:
    from daihoi.congress.models import Batch, FinalBallot

    rows = _rows(Batch, pks, ["election_id", "number", "status"])
    for state in rows.values():
        state["final"], state["decided"] = [], []
    finals = FinalBallot.objects.all()
    if pks is not None:
        finals = finals.filter(batch_id__in=list(rows))
    for batch_id, position, content, decided in finals.order_by(
            "batch_id", "position").values_list("batch_id", "position", "content", "decided"):
        batch = rows.get(str(batch_id))
        if batch is not None:
            batch["final"].append(content)
            if decided:
                batch["decided"].append(position)
    return rows


def _entries(pks: Iterable[Any] | None) -> dict[str, State]:
    from daihoi.congress.models import Entry, KeyedBallot

    rows = _rows(Entry, pks, ["batch_id", "clerk_id", "submitted_at"])
    for state in rows.values():
        state["ballots"] = []
    keyed = KeyedBallot.objects.all()
    if pks is not None:
        keyed = keyed.filter(entry_id__in=list(rows))
    for entry_id, content in keyed.order_by("entry_id", "position").values_list(
            "entry_id", "content"):
        entry = rows.get(str(entry_id))
        if entry is not None:
            entry["ballots"].append(content)
    return rows


@dataclass(frozen=True)
class Kind:
    label: str  # the model's label_lower
    noun: str  # how a verify line names the object
    read: Callable[[Iterable[Any] | None], dict[str, State]]
    # Rows that need no logged state (an entry still being keyed).
    unlogged_ok: Callable[[State], bool] = lambda state: False


KINDS: dict[str, Kind] = {k.label: k for k in [
    Kind("orgs.member", "member", _members),
    Kind("accounts.user", "user", _users),
    Kind("campaigns.congress", "campaign congress", _congresses),
    Kind("congress.election", "election", _elections),
    Kind("congress.batch", "batch", _batches),
    Kind("congress.entry", "entry", _entries,
         unlogged_ok=lambda state: state.get("submitted_at") is None),
]}


def tracked(obj: models.Model) -> bool:
    return obj._meta.label_lower in KINDS


def read_states(objects: Iterable[models.Model | models.QuerySet[Any]]) -> StateSet:
    """The current state of these objects (or of every row of these querysets), by kind.

    An object that no longer exists is recorded as ``None`` (deleted)."""
    wanted: dict[str, set[str]] = defaultdict(set)
    for item in objects:
        if isinstance(item, models.QuerySet):
            label = item.model._meta.label_lower
            if label in KINDS:
                wanted[label].update(str(pk) for pk in item.values_list("pk", flat=True))
        elif item.pk is not None and item._meta.label_lower in KINDS:
            wanted[item._meta.label_lower].add(str(item.pk))
    out: StateSet = {}
    for label, pks in wanted.items():
        found = KINDS[label].read(pks)
        out[label] = {pk: found.get(pk) for pk in sorted(pks, key=_pk_order)}
    return out


def read_all(label: str) -> dict[str, State]:
    return KINDS[label].read(None)


def _pk_order(pk: str) -> tuple[int, str]:
    return (int(pk), "") if pk.isdigit() else (0, pk)


def differences(old: State, new: State) -> list[tuple[str, str]]:
    """(field, description) for each field whose value differs: ``old`` is the log's."""
    out: list[tuple[str, str]] = []
    for field in sorted(set(old) | set(new)):
        a, b = old.get(field), new.get(field)
        if a == b:
            continue
        if isinstance(a, list) and isinstance(b, list) and field in ("final", "ballots"):
            out.extend(_list_differences(field, a, b))
        else:
            out.append((field, f"{_show(b)} in the database, {_show(a)} in the log"))
    return out


def _list_differences(field: str, logged: list[Any], now: list[Any]) -> list[tuple[str, str]]:
    noun = "final ballot" if field == "final" else "keyed ballot"
    out: list[tuple[str, str]] = []
    if len(logged) != len(now):
        out.append((field, f"{len(now)} {noun}s in the database, {len(logged)} in the log"))
    for i, (a, b) in enumerate(zip(logged, now, strict=False), 1):
        if a != b:
            out.append((f"{noun} {i}", f"{_show(b)} in the database, {_show(a)} in the log"))
    return out


def _show(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= 80 else text[:77] + "..."
