"""Login throttling: too many failures for one user name or one address lock logins for a while."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from daihoi.accounts.models import LoginFailure


def _window_start() -> dt.datetime:
    return timezone.now() - dt.timedelta(seconds=settings.LOGIN_WINDOW_SECONDS)


def is_locked(username: str, address: str) -> bool:
    since = _window_start()
    by_name = LoginFailure.objects.filter(username=username.lower(), at__gte=since).count()
    by_address = LoginFailure.objects.filter(address=address, at__gte=since).count()
    limit = settings.LOGIN_MAX_FAILURES
    # An address may try a few user names (a shared hall laptop), so it gets a larger budget.
    return by_name >= limit or by_address >= limit * 4


def note_failure(username: str, address: str) -> None:
    LoginFailure.objects.create(username=username.lower(), address=address, at=timezone.now())
    LoginFailure.objects.filter(at__lt=_window_start()).delete()


def clear(username: str, address: str) -> None:
    LoginFailure.objects.filter(Q(username=username.lower()) | Q(address=address)).delete()
