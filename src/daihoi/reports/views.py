"""The report pages: read-only, for the superior's staff and observers."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.http import urlencode
from django.views.decorators.http import require_GET

from daihoi.accounts.models import User
from daihoi.campaigns.models import Campaign, CongressState
from daihoi.campaigns.standing import AsOf
from daihoi.campaigns.status import as_of_from_query
from daihoi.reports import charts, documents, prose
from daihoi.reports.access import get_report_campaign, reportable_campaigns
from daihoi.reports.gather import campaign_code, rollup_for
from daihoi.reports.rollup import Rollup

CONTENT_TYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "json": "application/json",
}
FILE_NAMES = {"docx": "bao-cao", "pdf": "bao-cao", "xlsx": "phu-luc", "json": "so-lieu"}


def _rollup(request: HttpRequest, pk: int) -> tuple[Campaign, Rollup, AsOf]:
    campaign = get_report_campaign(request, pk)
    when = as_of_from_query(request, campaign)
    return campaign, rollup_for(campaign, when), when


@login_required
@require_GET
def index(request: HttpRequest) -> HttpResponse:
    user = request.user
    assert isinstance(user, User)  # noqa: S101 - login_required guarantees it
    return render(request, "reports/index.html",
                  {"campaigns": reportable_campaigns(user)})


@login_required
@require_GET
def report(request: HttpRequest, pk: int) -> HttpResponse:
    campaign, r, when = _rollup(request, pk)
    return render(request, "reports/report.html", {
        "campaign": campaign, "code": campaign_code(campaign), "r": r, "as_of": when,
        "day_query": urlencode({"ngay": when.day.isoformat()}) if when.chosen else "",
        "paragraphs": prose.paragraphs(r), "kind_words": prose.KIND_WORDS,
        "kinds": [(prose.KIND_WORDS.get(k.org_kind, k.org_kind), k) for k in r.by_kind],
        "figures": [(prose.FIGURE_WORDS[f.key], f) for f in r.figures],
        "rows": [(row, documents.OUTCOME_WORDS[row.outcome], CongressState(row.state).label)
                 for row in r.rows],
    })


@login_required
@require_GET
def progress_chart(request: HttpRequest, pk: int) -> HttpResponse:
    _campaign, r, _when = _rollup(request, pk)
    return HttpResponse(charts.progress_chart(r, "svg"), content_type="image/svg+xml")


@login_required
@require_GET
def composition_chart(request: HttpRequest, pk: int) -> HttpResponse:
    _campaign, r, _when = _rollup(request, pk)
    return HttpResponse(charts.composition_chart(r, "svg"), content_type="image/svg+xml")


@login_required
@require_GET
def download(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    campaign, r, _when = _rollup(request, pk)
    response = HttpResponse(documents.render(r, fmt, campaign_code(campaign)),
                            content_type=CONTENT_TYPES[fmt])
    name = f"{FILE_NAMES[fmt]}-{campaign.superior.code}-{campaign.term_start}.{fmt}"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
