"""Sign-in throttling, by django-axes: failures are counted per user name and, separately,
per address; either reaching ``DAIHOI_LOGIN_MAX_FAILURES`` within
``DAIHOI_LOGIN_WINDOW_SECONDS`` locks sign-ins for that name or from that address until the
window after the last failure has passed.

Each count is cleared only by its own success: a good sign-in clears the failures recorded
for that user name and nothing else. (axes' own ``AXES_RESET_ON_SUCCESS`` would also clear
every failure from the address, so four wrong passwords for one account and one good sign-in
to another, repeated, would never lock; it is off, and ``clear_on_success`` does the clearing.)

API tokens never pass through ``authenticate`` and are not throttled here; a call of
``authenticate`` without a request (a management command, the test client's ``login``) is not
counted, since no address is known.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from axes.backends import AxesStandaloneBackend
from axes.helpers import get_client_ip_address, get_cool_off
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.signals import user_logged_in
from django.db.models import Max, Q, Sum
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _


class Backend(AxesStandaloneBackend):  # type: ignore[misc]  # axes is untyped
    """axes' backend, for sign-ins that come with a request."""

    def authenticate(self, request: HttpRequest | None, username: str | None = None,
                     password: str | None = None, **kwargs: Any) -> None:
        if request is None:
            return
        super().authenticate(request, username, password, **kwargs)
        return


@receiver(user_logged_in)
def clear_on_success(sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any) -> None:
    AccessAttempt.objects.filter(username=user.get_username()).delete()


def locked_until(username: str, address: str) -> dt.datetime | None:
    """When the lock on ``username`` or ``address`` ends (the window after the last failure
    that counts), or None when neither is locked."""
    window = dt.timedelta(seconds=settings.LOGIN_WINDOW_SECONDS)
    since = timezone.now() - window
    ends = []
    limit = settings.LOGIN_MAX_FAILURES
    for where in (Q(username=username), Q(ip_address=address)):
        rows = AccessAttempt.objects.filter(where, attempt_time__gte=since)
        summary = rows.aggregate(failures=Sum("failures_since_start"), last=Max("attempt_time"))
        if (summary["failures"] or 0) >= limit and summary["last"] is not None:
            ends.append(summary["last"] + window)
    return max(ends) if ends else None


def lockout_response(request: HttpRequest, original_response: HttpResponse | None = None,
                     credentials: dict[str, Any] | None = None) -> HttpResponse:
    """The sign-in page again, saying that sign-ins are locked and until when (local time)."""
    username = str((credentials or {}).get("username") or request.POST.get("username", ""))
    until = locked_until(username, get_client_ip_address(request) or "")
    if until is None:
        cool_off = get_cool_off(request) or dt.timedelta(seconds=settings.LOGIN_WINDOW_SECONDS)
        until = timezone.now() + cool_off
    local = timezone.localtime(until)
    message = _("Too many failed sign-in attempts: signing in to this account or from this "
                "device is locked until %(time)s on %(date)s.") % {
        "time": date_format(local, "H:i"), "date": date_format(local, "d/m/Y")}
    form = AuthenticationForm(request, initial={"username": username})
    return render(request, "registration/login.html", {"form": form, "locked": message},
                  status=429)
