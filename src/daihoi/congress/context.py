"""The congress-day panel on the organisation page (``org_panels`` in orgs/detail.html): the
superior sees each congress's elected, its figures and its minutes. Evaluated lazily."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import Any

from django.http import HttpRequest

from daihoi.congress import counting
from daihoi.congress.access import visible_congresses
from daihoi.congress.models import CongressDay, Election, ElectionStatus
from daihoi.election import Result


@dataclass
class ElectionLine:
    election: Election
    result: Result | None
    elected: list[str]


class CongressPanel:
    def __init__(self, request: HttpRequest, org_id: int) -> None:
        self.request = request
        self.org_id = org_id

    @cached_property
    def congresses(self) -> list[tuple[CongressDay, list[ElectionLine]]]:
        out = []
        days = visible_congresses(self.request).filter(organization_id=self.org_id)
        for day in days.prefetch_related("elections"):
            lines = []
            for election in day.elections.all():
                result = (counting.result_of(election)
                          if election.status != ElectionStatus.PREPARING else None)
                names = {c.id: c.name for c in result.candidates} if result else {}
                lines.append(ElectionLine(election, result,
                                          [names[i] for i in result.elected] if result else []))
            out.append((day, lines))
        return out


def panels(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    match = request.resolver_match
    if user is None or not user.is_authenticated or match is None:
        return {}
    if match.view_name != "orgs:detail" or getattr(user, "role", "") == "counting_board":
        return {}
    return {"org_panels": ["congress/panel_org.html"],
            "congress_panel": CongressPanel(request, int(match.kwargs["pk"]))}
