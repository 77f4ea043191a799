"""Site-wide pages: sign-in (throttled by daihoi.accounts.throttle), the overview, errors."""

from __future__ import annotations

from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from daihoi.accounts.permissions import visible_members, visible_orgs
from daihoi.orgs.models import MemberStatus


class LoginView(auth_views.LoginView):
    """Sign-in; failures are throttled by django-axes (daihoi.accounts.throttle)."""

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
        "org_count": orgs.count(),
        "grassroots_count": orgs.filter(kind__in=["grassroots_committee", "grassroots_branch"])
        .count(),
        "members": members,
        "home_org": getattr(request.user, "organization", None),
    }
    return render(request, "web/home.html", context)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    return render(request, "web/csrf_failure.html", {"reason": reason}, status=403)


@require_GET
def healthz(request: HttpRequest) -> HttpResponse:
    return HttpResponse("ok", content_type="text/plain")
