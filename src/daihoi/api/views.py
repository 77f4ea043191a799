"""The REST API, version 1: JSON over HTTP, scoped exactly like the web pages.

Every endpoint goes through ``api_view`` (authentication, methods, JSON errors) and the access
helpers of ``daihoi.accounts.permissions``. The OpenAPI description is served at
``/api/v1/openapi.json`` and documented in docs/api.md.
"""

from __future__ import annotations

from typing import Any

from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, JsonResponse

from daihoi import election
from daihoi.accounts.permissions import (
    get_member_for_user,
    get_org_for_user,
    visible_members,
    visible_orgs,
)
from daihoi.api.auth import ApiError, api_view, int_param, json_body, single_param
from daihoi.api.openapi import openapi_document
from daihoi.election.rulebook import unknown_rulebook_problem
from daihoi.lib.cells import control_characters
from daihoi.orgs.models import Member, Organization


def _text_param(request: HttpRequest, name: str) -> str:
    """A text query parameter, refused (400) with control characters (PostgreSQL refuses a
    NUL in a query; SQLite would search for it)."""
    value = (single_param(request, name) or "").strip()
    found = control_characters(value)
    if found:
        raise ApiError(400, f"{name}: control characters are not allowed ({', '.join(found)})")
    if len(value) > 200:
        raise ApiError(400, f"{name}: at most 200 characters")
    return value


def _json(data: Any, status: int = 200) -> JsonResponse:
    return JsonResponse(data, status=status, safe=False, json_dumps_params={"ensure_ascii": False})


def _page(request: HttpRequest, qs: QuerySet[Any], render: Any) -> JsonResponse:
    size = int_param(request, "page_size", 100, low=1, high=1000)
    number = int_param(request, "page", 1, low=1, high=10**6)
    paginator = Paginator(qs, size)
    if number > max(paginator.num_pages, 1):
        raise ApiError(404, f"page {number} does not exist (last page: {paginator.num_pages})")
    page = paginator.page(number)
    return _json({"count": paginator.count, "page": number, "pages": paginator.num_pages,
                  "results": [render(obj) for obj in page.object_list]})


def org_data(org: Organization) -> dict[str, Any]:
    return {"id": org.pk, "code": org.code, "name": org.name, "kind": org.kind,
            "sector": org.sector, "parent": org.parent_id, "active": org.active,
            "depth": org.depth}


def member_data(m: Member) -> dict[str, Any]:
    return {"id": m.pk, "full_name": m.full_name, "gender": m.gender,
            "date_of_birth": m.date_of_birth.isoformat(), "ethnicity": m.ethnicity,
            "status": m.status, "date_joined": m.date_joined.isoformat(),
            "organization": m.organization_id, "education": m.education,
            "theory_level": m.theory_level, "active": m.active}


@api_view("GET")
def me(request: HttpRequest) -> HttpResponse:
    user = request.user
    org = getattr(user, "organization", None)
    return _json({"username": user.get_username(), "role": getattr(user, "role", ""),
                  "organization": org_data(org) if org else None})


@api_view("GET")
def organizations(request: HttpRequest) -> HttpResponse:
    qs = visible_orgs(request).order_by("path")
    kind = _text_param(request, "kind")
    if kind:
        qs = qs.filter(kind=kind)
    return _page(request, qs, org_data)


@api_view("GET")
def organization(request: HttpRequest, pk: int) -> HttpResponse:
    org = get_org_for_user(request, pk)
    data = org_data(org)
    data["children"] = list(visible_orgs(request).filter(parent=org).values_list("pk", flat=True))
    data["members"] = visible_members(request).filter(
        organization__path__startswith=org.path, active=True).count()
    return _json(data)


@api_view("GET")
def members(request: HttpRequest) -> HttpResponse:
    qs = visible_members(request)
    org_id = single_param(request, "organization")
    if org_id is not None:
        if not org_id.isdigit():
            raise ApiError(400, f"organization: expected an id, got {org_id!r}")
        org = get_org_for_user(request, int(org_id))
        qs = qs.filter(organization__path__startswith=org.path)
    q = _text_param(request, "q")
    if q:
        qs = qs.filter(full_name__icontains=q)
    return _page(request, qs, member_data)


@api_view("GET")
def member(request: HttpRequest, pk: int) -> HttpResponse:
    return _json(member_data(get_member_for_user(request, pk)))


@api_view("POST")
def tally(request: HttpRequest) -> HttpResponse:
    """Count an election document (daihoi-election/1) and return its result document."""
    data = json_body(request)
    rules = data.get("rules", "party-2024") if isinstance(data, dict) else None
    if isinstance(rules, str) and rules not in election.builtin_ids():
        # A rulebook is named by id; the engine never opens a path (nor does this view).
        raise ApiError(400, unknown_rulebook_problem(rules[:200]))
    try:
        parsed = election.parse_election(data)
        result = election.tally(parsed)
    except election.FormatError as exc:
        raise ApiError(400, *exc.problems) from None
    body = election.result_document(result)
    explain = single_param(request, "explain")
    if explain not in (None, "1", "true", "0", "false"):
        raise ApiError(400, f"explain: expected true or false, got {explain!r}")
    if explain in {"1", "true"}:
        body = {"result": body, "explanation": election.explain(result)}
    return _json(body)


@api_view("GET")
def openapi(request: HttpRequest) -> HttpResponse:
    return _json(openapi_document())
