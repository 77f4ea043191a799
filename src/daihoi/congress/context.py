"""The congress-day panel on the organisation page (``org_panels`` in orgs/detail.html): the
superior sees each congress's elected, its figures and its minutes. Evaluated lazily."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import Any

from django.http import HttpRequest

from daihoi.congress.access import visible_congresses
from daihoi.congress.models import CongressDay, Election


@dataclass
class Figures:
    issued: int
    collected: int
    valid: int
    base: int


@dataclass
class ElectionLine:
    election: Election
    # The last certified result, also while the board has reopened it: upward, only the
    # certified version is shown.
    result: Figures | None
    elected: list[str]


def certified_line(election: Election) -> ElectionLine:
    doc = election.result
    if not isinstance(doc, dict):
        return ElectionLine(election, None, [])
    ballots, threshold = doc.get("ballots", {}), doc.get("threshold", {})
    names = {c["id"]: c["name"] for c in doc.get("candidates", [])}
    return ElectionLine(
        election, Figures(ballots.get("issued", 0), ballots.get("collected", 0),
                          ballots.get("valid", 0), threshold.get("base", 0)),
        [names.get(i, i) for i in doc.get("elected", [])])


class CongressPanel:
    def __init__(self, request: HttpRequest, org_id: int) -> None:
        self.request = request
        self.org_id = org_id

    @cached_property
    def congresses(self) -> list[tuple[CongressDay, list[ElectionLine]]]:
        days = visible_congresses(self.request).filter(organization_id=self.org_id)
        return [(day, [certified_line(e) for e in day.elections.all()])
                for day in days.prefetch_related("elections")]


def panels(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    match = request.resolver_match
    if user is None or not user.is_authenticated or match is None:
        return {}
    if match.view_name != "orgs:detail" or getattr(user, "role", "") == "counting_board":
        return {}
    return {"org_panels": ["congress/panel_org.html"],
            "congress_panel": CongressPanel(request, int(match.kwargs["pk"]))}
