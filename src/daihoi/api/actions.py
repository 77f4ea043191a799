"""Writes to API tokens: created and revoked by the operator (``daihoi token``), audited."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone

from daihoi.api.models import ApiToken, hash_key
from daihoi.audit.log import record

MAX_DAYS = 3660


class TokenError(ValueError):
    pass


@transaction.atomic
def do_create_token(user: Any, *, acting_user: Any, name: str, read_only: bool = False,
                    expires_in_days: int | None = None) -> tuple[ApiToken, str]:
    """A new token for ``user``; returns it and its key (shown once: only the hash is kept)."""
    if not user.is_active:
        raise TokenError(f"user {user.get_username()!r} is not active")
    if expires_in_days is not None and not 1 <= expires_in_days <= MAX_DAYS:
        raise TokenError(f"--expires-in-days: between 1 and {MAX_DAYS}")
    name = name.strip()[:100] or "script"
    expires_at = (timezone.now() + dt.timedelta(days=expires_in_days)
                  if expires_in_days is not None else None)
    key = ApiToken.new_key()
    token = ApiToken.objects.create(user=user, name=name, key_hash=hash_key(key),
                                    prefix=key[:8], read_only=read_only, expires_at=expires_at)
    record(acting_user=acting_user, action="api_token.create", obj=token,
           changes={"user": user.get_username(), "name": name, "read_only": read_only,
                    "expires_at": expires_at.isoformat() if expires_at else None})
    return token, key
