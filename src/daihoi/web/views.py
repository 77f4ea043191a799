"""Site-wide pages: sign-in with throttling, the overview, errors."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import AuthenticationForm
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from daihoi.accounts import throttle
from daihoi.accounts.models import Role
from daihoi.accounts.permissions import signed_in_user, visible_members, visible_orgs
from daihoi.orgs.models import MemberStatus


class ThrottledAuthenticationForm(AuthenticationForm):
    def clean(self) -> dict[str, Any]:
        username = (self.data.get("username") or "").strip()
        address = self.request.META.get("REMOTE_ADDR", "") if self.request else ""
        if throttle.is_locked(username, address):
            raise forms.ValidationError(
                _("Too many failed sign-in attempts. Please wait 15 minutes and try again."),
                code="throttled",
            )
        try:
            cleaned = super().clean()
        except forms.ValidationError:
            throttle.note_failure(username, address)
            raise
        throttle.clear(username, address)
        return cleaned


class LoginView(auth_views.LoginView):
    authentication_form = ThrottledAuthenticationForm
    redirect_authenticated_user = True


@login_required
@require_GET
def home(request: HttpRequest) -> HttpResponse:
    orgs = visible_orgs(request)
    members = visible_members(request).aggregate(
        total=Count("id"),
        official=Count("id", filter=Q(status=MemberStatus.OFFICIAL)),
        women=Count("id", filter=Q(gender="female")),
    )
    context = {
        **_work_of(request),
        "org_count": orgs.count(),
        "grassroots_count": orgs.filter(kind__in=["grassroots_committee", "grassroots_branch"])
        .count(),
        "members": members,
        "home_org": getattr(request.user, "organization", None),
    }
    return render(request, "web/home.html", context)


def _work_of(request: HttpRequest) -> dict[str, Any]:
    """What waits for this user, by role: the counting board's elections and batches, the
    office's congress day and what it still lacks, the superior's late congresses."""
    user = signed_in_user(request)
    if user.role == Role.COUNTING_BOARD:
        from daihoi.congress.home import board_work

        return {"board_work": board_work(user)}
    if user.role == Role.ORG_OFFICE:
        from daihoi.congress.home import office_days

        return {"office_days": office_days(user)}
    if user.role == Role.SUPERIOR_STAFF or user.is_superuser:
        return {"late_campaigns": _late_campaigns(user)}
    return {}


def _late_campaigns(user: Any) -> list[tuple[Any, int]]:
    """Each campaign this user monitors with its number of congresses behind a milestone."""
    try:
        from daihoi.campaigns import status
        from daihoi.campaigns.access import can_monitor, visible_campaigns
    except ImportError:  # a hall laptop without the campaigns app
        return []
    today = timezone.localdate()
    out = []
    for campaign in visible_campaigns(user).select_related("superior")[:5]:
        if can_monitor(user, campaign):
            rows = status.rows_for(campaign, status.congresses_of(campaign), today)
            out.append((campaign, sum(1 for r in rows if r.late)))
    return out


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    return render(request, "web/csrf_failure.html", {"reason": reason}, status=403)


@require_GET
def healthz(request: HttpRequest) -> HttpResponse:
    return HttpResponse("ok", content_type="text/plain")
