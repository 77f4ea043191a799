"""Template context shared by every page: the navigation for the user's role."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from daihoi.accounts.models import Role

# (url name, label, who sees it: None = every signed-in user)
NAV: list[tuple[str, Any, set[str] | None]] = [
    ("home", _("Overview"), None),
    ("orgs:tree", _("Organisations"), None),
    ("orgs:members", _("Members"), None),
    ("accounts:users", _("Users"), {Role.SUPERIOR_STAFF}),
    ("audit:log", _("Audit log"), {Role.SUPERIOR_STAFF}),
]
# Apps add their own entries here at import time (see daihoi.<app>.apps.ready).
EXTRA_NAV: list[tuple[str, Any, set[str] | None, int]] = []


def navigation(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav": []}
    role = getattr(user, "role", "")
    items = [(name, label, roles) for name, label, roles in NAV]
    for name, label, roles, position in sorted(EXTRA_NAV, key=lambda e: e[3]):
        items.insert(min(position, len(items)), (name, label, roles))
    nav = []
    current = request.resolver_match.view_name if request.resolver_match else ""
    for name, label, roles in items:
        if roles is None or user.is_superuser or role in roles:
            nav.append({"url": reverse(name), "label": label,
                        "active": current.split(":")[0] == name.split(":")[0]})
    return {"nav": nav}
