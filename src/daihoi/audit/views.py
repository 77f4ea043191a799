"""The audit log, read by superior staff; the chain can be verified from the page."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET, require_POST

from daihoi.accounts.permissions import require_superior_staff
from daihoi.audit import display
from daihoi.audit.log import verify
from daihoi.audit.models import AuditEntry


@login_required
@require_GET
def log(request: HttpRequest) -> HttpResponse:
    require_superior_staff(request)
    entries = AuditEntry.objects.order_by("-id")
    if not request.user.is_superuser:
        # Staff see the entries written by users of their subtree and by the system.
        from daihoi.accounts.permissions import visible_users

        ids = list(visible_users(request).values_list("pk", flat=True))
        entries = entries.filter(actor_id__in=ids) | entries.filter(actor_id__isnull=True)
    page = Paginator(entries, 50).get_page(request.GET.get("page"))
    return render(request, "audit/log.html", {"page": page, "rows": display.rows(list(page))})


@login_required
@require_POST
def verify_chain(request: HttpRequest) -> HttpResponse:
    require_superior_staff(request)
    report = verify()
    return render(request, "audit/verify.html", {"report": report})
