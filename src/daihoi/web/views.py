"""Site-wide pages: sign-in (throttled by django-axes), the overview, errors."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from daihoi.accounts.models import Role
from daihoi.accounts.permissions import signed_in_user, visible_members, visible_orgs
from daihoi.orgs.models import MemberStatus


class LoginView(auth_views.LoginView):
    """Sign-in; failures are throttled by django-axes (settings in daihoi.accounts.throttle)."""

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
    out = []
    for campaign in visible_campaigns(user).select_related("superior")[:5]:
        if can_monitor(user, campaign):
            # As the dashboard sees it: a finished campaign at its end, never at today's clock.
            rows = status.rows_as_of(campaign, status.campaign_as_of(campaign))
            out.append((campaign, sum(1 for r in rows if r.late_milestones)))
    return out


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    return render(request, "web/csrf_failure.html", {"reason": reason}, status=403)


@require_GET
def healthz(request: HttpRequest) -> HttpResponse:
    return HttpResponse("ok", content_type="text/plain")
