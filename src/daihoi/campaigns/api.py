"""The campaign endpoints of the REST API (v1), as of a day like the pages.

Mounted under ``/api/v1/`` by ``daihoi.api.urls``; authentication, methods and JSON errors
come from ``daihoi.api.auth.api_view``, scope from the campaign access helpers. Every figure
comes from ``daihoi.campaigns.standing`` through ``status.rows_as_of`` and ``summarize``, the
same computation as the dashboard, the export and the summary report.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, JsonResponse

from daihoi.accounts.permissions import signed_in_user
from daihoi.api.auth import ApiError, api_view, int_param
from daihoi.campaigns import status
from daihoi.campaigns.access import can_monitor, get_campaign_for_user, visible_campaigns
from daihoi.campaigns.models import MILESTONE_LABELS, Campaign, CongressKind, CongressState
from daihoi.campaigns.standing import AsOf


def _json(data: Any) -> JsonResponse:
    return JsonResponse(data, safe=False, json_dumps_params={"ensure_ascii": False})


def _iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day is not None else None


def _as_of(request: HttpRequest, campaign: Campaign) -> AsOf:
    raw = request.GET.get("as_of", "").strip()
    try:
        chosen = dt.date.fromisoformat(raw) if raw else None
    except ValueError:
        raise ApiError(400, f"as_of: expected a date YYYY-MM-DD, got {raw!r}") from None
    return status.campaign_as_of(campaign, chosen)


def campaign_data(campaign: Campaign) -> dict[str, Any]:
    return {"id": campaign.pk, "name": campaign.name, "superior": campaign.superior.code,
            "term": f"{campaign.term_start}-{campaign.term_end}",
            "plan_number": campaign.plan_number,
            "deadline": campaign.subordinate_deadline.isoformat(),
            "superior_congress_date": _iso(campaign.superior_congress_date),
            "results_due": _iso(campaign.results_due)}


def _as_of_data(when: AsOf) -> dict[str, Any]:
    return {"as_of": when.judged.isoformat(), "finished": when.finished,
            "chosen": when.chosen}


def _paged(request: HttpRequest, items: list[Any]) -> dict[str, Any]:
    """One page of ``items``, as every list of the API: count, page, pages, results."""
    size = int_param(request, "page_size", 100, low=1, high=1000)
    number = int_param(request, "page", 1, low=1, high=10**6)
    paginator = Paginator(items, size)
    if number > max(paginator.num_pages, 1):
        raise ApiError(404, f"page {number} does not exist (last page: {paginator.num_pages})")
    return {"count": paginator.count, "page": number, "pages": paginator.num_pages,
            "results": list(paginator.page(number).object_list)}


@api_view("GET")
def campaigns(request: HttpRequest) -> HttpResponse:
    """The campaigns the account may monitor, a page at a time."""
    user = signed_in_user(request)
    items = visible_campaigns(request).select_related("superior").order_by("-term_start", "pk")
    return _json(_paged(request, [campaign_data(c) for c in items if can_monitor(user, c)]))


@api_view("GET")
def campaign(request: HttpRequest, pk: int) -> HttpResponse:
    """One campaign's figures as of a day (``?as_of=YYYY-MM-DD``; by default today while it
    runs, its end once finished): the dashboard's figures, under stable keys."""
    c = get_campaign_for_user(request, pk, monitor=True)
    when = _as_of(request, c)
    rows = status.rows_as_of(c, when)
    return _json({**campaign_data(c), **_as_of_data(when),
                  "figures": status.summarize(c, rows, when.judged).as_dict()})


@api_view("GET")
def congresses(request: HttpRequest, pk: int) -> HttpResponse:
    """The campaign's congresses as of a day, filtered like the list page (``kind``,
    ``state``, ``late``: a milestone or ``any``), a page at a time."""
    c = get_campaign_for_user(request, pk, monitor=True)
    when = _as_of(request, c)
    filters = {key: request.GET.get(key, "") for key in ("kind", "state", "late")}
    allowed = {"kind": CongressKind.values, "state": CongressState.values,
               "late": list(status.LATE_CHOICES)}
    for key, value in filters.items():
        if value and value not in allowed[key]:
            raise ApiError(400, f"{key}: {value!r} is not one of {', '.join(allowed[key])}")
    rows = status.filter_rows(status.rows_as_of(c, when), **filters)
    page = _paged(request, rows)
    page["results"] = [_row(r) for r in page["results"]]
    return _json({**_as_of_data(when), **page})


def _row(r: status.Row) -> dict[str, Any]:
    congress = r.congress
    return {
        "id": congress.pk, "organization": congress.organization.code,
        "organization_name": congress.organization.name, "kind": congress.kind,
        "kind_name": str(congress.get_kind_display()), "state": r.state,
        "state_name": r.state_label, "planned_date": _iso(congress.planned_date),
        "held_on": _iso(r.held_on),
        "late": [{"milestone": o.milestone.value,
                  "milestone_name": str(MILESTONE_LABELS[o.milestone]),
                  "due": o.due.isoformat(), "days_late": o.days_late} for o in r.late],
    }


_AS_OF = {"name": "as_of", "in": "query", "schema": {"type": "string", "format": "date"},
          "description": "The campaign as it stood on this day (default: today while it "
                         "runs, its superior's congress once it is over)."}
_CAMPAIGN_ID = [{"name": "pk", "in": "path", "required": True, "schema": {"type": "integer"}}]
# The bounds the views enforce (int_param), so that a request the description allows is
# never refused.
_PAGING = [{"name": "page", "in": "query",
            "schema": {"type": "integer", "minimum": 1, "maximum": 10**6}},
           {"name": "page_size", "in": "query",
            "schema": {"type": "integer", "minimum": 1, "maximum": 1000}}]
_ERRORS = {code: {"$ref": f"#/components/responses/{name}"}
           for code, name in (("400", "BadRequest"), ("401", "Unauthorized"),
                              ("403", "Forbidden"), ("404", "NotFound"))}


def _ok(description: str) -> dict[str, Any]:
    return {"200": {"description": description,
                    "content": {"application/json": {"schema": {"type": "object"}}}},
            **_ERRORS}


# The OpenAPI description of these endpoints (merged into the API's document).
OPENAPI_PATHS: dict[str, Any] = {
    "/campaigns": {"get": {"summary": "Congress campaigns the account may monitor",
                           "parameters": _PAGING,
                           "responses": _ok("One page of campaigns")}},
    "/campaigns/{pk}": {"get": {
        "summary": "A campaign's figures as of a day (the dashboard's figures)",
        "parameters": [*_CAMPAIGN_ID, _AS_OF],
        "responses": _ok("The campaign, the day (as_of, finished, chosen) and its figures: "
                         "congresses, by_state, held, held_by_deadline, held_late, not_held, "
                         "results_reported, results_approved, held_not_reported, overdue, "
                         "overdue_by_milestone")}},
    "/campaigns/{pk}/congresses": {"get": {
        "summary": "A campaign's congresses as of a day, filtered like the list page",
        "parameters": [*_CAMPAIGN_ID, _AS_OF,
                       {"name": "kind", "in": "query",
                        "schema": {"type": "string", "enum": ["", *CongressKind.values]}},
                       {"name": "state", "in": "query",
                        "schema": {"type": "string", "enum": ["", *CongressState.values]}},
                       {"name": "late", "in": "query",
                        "schema": {"type": "string", "enum": ["", *status.LATE_CHOICES]},
                        "description": "A milestone (documents, comments, personnel_plan, "
                                       "congress, results) or any"},
                       *_PAGING],
        "responses": _ok("One page of congresses: state and state_name (in the request's "
                         "language), held_on, late milestones with days late")}},
}
