"""Writes to user accounts, each audited (passwords are never written to the log)."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from daihoi.accounts.models import User
from daihoi.audit.log import record, save_audited

USER_FIELDS = ["username", "full_name", "email", "organization_id", "role", "is_active",
               "is_superuser"]


@transaction.atomic
def do_create_user(*, acting_user: Any, password: str | None, **values: Any) -> User:
    user = User(**values)
    if password:
        user.set_password(password)
    else:
        user.set_unusable_password()
    return save_audited(user, acting_user=acting_user, action="user.create", fields=USER_FIELDS)


@transaction.atomic
def do_update_user(user: User, *, acting_user: Any, **values: Any) -> User:
    return save_audited(user, acting_user=acting_user, action="user.update", fields=USER_FIELDS,
                        values=values)


@transaction.atomic
def do_set_password(user: User, password: str, *, acting_user: Any) -> None:
    user.set_password(password)
    user.save(update_fields=["password"])
    record(acting_user=acting_user, action="user.set_password", obj=user,
           changes={"password": ["***", "***"]})
