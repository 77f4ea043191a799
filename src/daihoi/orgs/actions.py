"""Writes to organisations and members: one transactional function each, each audited."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.db import transaction

from daihoi.audit.log import record, save_audited
from daihoi.orgs.models import Member, Organization

ORG_FIELDS = ["kind", "sector", "code", "name", "parent_id", "active"]
MEMBER_FIELDS = [
    "full_name", "gender", "date_of_birth", "ethnicity", "status", "date_joined",
    "organization_id", "education", "theory_level", "active",
]


@transaction.atomic
def do_create_organization(*, acting_user: Any, **values: Any) -> Organization:
    return save_audited(Organization(**values), acting_user=acting_user, action="org.create",
                        fields=ORG_FIELDS)


@transaction.atomic
def do_update_organization(org: Organization, *, acting_user: Any, **values: Any) -> Organization:
    parent = values.get("parent", org.parent)
    if parent is not None and parent.is_in_subtree_of(org):
        raise ValueError("an organisation cannot be moved under its own subtree")
    return save_audited(org, acting_user=acting_user, action="org.update", fields=ORG_FIELDS,
                        values=values)


@transaction.atomic
def do_create_member(*, acting_user: Any, **values: Any) -> Member:
    return save_audited(Member(**values), acting_user=acting_user, action="member.create",
                        fields=MEMBER_FIELDS)


@transaction.atomic
def do_update_member(member: Member, *, acting_user: Any, **values: Any) -> Member:
    return save_audited(member, acting_user=acting_user, action="member.update",
                        fields=MEMBER_FIELDS, values=values)


@dataclass(frozen=True)
class MemberRow:
    """One validated row of an import file."""

    row: int
    full_name: str
    gender: str
    date_of_birth: dt.date
    ethnicity: str
    status: str
    date_joined: dt.date
    organization: Organization
    education: str
    theory_level: str


@transaction.atomic
def do_import_members(rows: Sequence[MemberRow], *, acting_user: Any, source: str) -> int:
    """Create the members of an import in one transaction, with one audit entry for it.
    Text longer than its column is refused here too, so SQLite (which would keep it) and
    PostgreSQL (which would fail) answer alike."""
    for r in rows:
        for name in ("full_name", "ethnicity", "education", "theory_level"):
            limit = getattr(Member._meta.get_field(name), "max_length", None)
            if limit is not None and len(getattr(r, name)) > limit:
                raise ValueError(f"row {r.row}: {name} longer than {limit} characters")
    created = [
        Member(
            full_name=r.full_name, gender=r.gender, date_of_birth=r.date_of_birth,
            ethnicity=r.ethnicity, status=r.status, date_joined=r.date_joined,
            organization=r.organization, education=r.education, theory_level=r.theory_level,
        )
        for r in rows
    ]
    for member in created:
        member.save()
    record(
        acting_user=acting_user,
        action="member.import",
        object_type="orgs.member",
        object_id=",".join(str(m.pk) for m in created[:50]) if created else "",
        object_repr=f"{len(created)} đảng viên từ {source}"[:300],
        changes={"created": [m.pk for m in created], "source": source},
        also=created,
    )
    return len(created)
