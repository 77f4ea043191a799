"""Home and organisation page panels, and the unread notice count, evaluated lazily: a page
that does not show them runs no query for them."""

from __future__ import annotations

from functools import cached_property
from typing import Any

from django.http import HttpRequest

from daihoi.campaigns.models import Congress, Notification


class CampaignPanel:
    def __init__(self, request: HttpRequest) -> None:
        self.user = request.user

    @cached_property
    def unread(self) -> int:
        org_id = getattr(self.user, "organization_id", None)
        if org_id is None:
            return 0
        return (Notification.objects.filter(organization_id=org_id)
                .exclude(read_by=self.user.pk).count())

    @cached_property
    def latest(self) -> list[Notification]:
        org_id = getattr(self.user, "organization_id", None)
        return list(Notification.objects.filter(organization_id=org_id)[:3]) if org_id else []

    @cached_property
    def own_congresses(self) -> list[Congress]:
        org_id = getattr(self.user, "organization_id", None)
        if org_id is None:
            return []
        return list(Congress.objects.filter(organization_id=org_id)
                    .select_related("campaign").order_by("-campaign__term_start")[:3])


def panels(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    view = request.resolver_match.view_name if request.resolver_match else ""
    out: dict[str, Any] = {"campaign_panel": CampaignPanel(request)}
    if view == "home":
        out["home_panels"] = ["campaigns/panel_home.html"]
    return out
