"""Who sees and changes campaigns and congresses, built on daihoi.accounts.permissions.

- a campaign is seen by users attached to its superior organisation or above (staff and
  observers), and by users of a subordinate whose congress is in it (their own congress only);
- superior staff of the campaign's superior change the campaign and act for the superior
  (comments, approvals, sending back, transfers, reminders);
- an organisation's office submits its own congress's documents, personnel plan and results.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404, HttpRequest

from daihoi.accounts.models import Role, User
from daihoi.accounts.permissions import can_manage_structure, can_write_org, signed_in_user
from daihoi.campaigns.models import Campaign, Congress, CongressDocument
from daihoi.campaigns.workflow import Actor


def _ancestor_paths(path: str) -> list[str]:
    parts = [p for p in path.strip("/").split("/") if p]
    return ["/" + "/".join(parts[: i + 1]) + "/" for i in range(len(parts))]


def visible_campaigns(request_or_user: HttpRequest | Any) -> QuerySet[Campaign]:
    """Campaigns of the user's organisation or of one above it (its own congress is in them)."""
    user = signed_in_user(request_or_user)
    if user.is_superuser:
        return Campaign.objects.all()
    if user.organization is None:
        return Campaign.objects.none()
    path = user.organization.path
    return Campaign.objects.filter(
        Q(superior__path__startswith=path) | Q(superior__path__in=_ancestor_paths(path))
    )


def can_monitor(user: User, campaign: Campaign) -> bool:
    """May read the whole campaign (dashboard, every congress): its superior or above."""
    if user.is_superuser:
        return True
    home = user.organization
    return home is not None and campaign.superior.path.startswith(home.path)


def can_manage(user: User, campaign: Campaign) -> bool:
    """May change the campaign and act for the superior: superior staff at or above it."""
    return can_manage_structure(user, campaign.superior)


def get_campaign_for_user(request: HttpRequest, pk: int, *, monitor: bool = False,
                          manage: bool = False) -> Campaign:
    user = signed_in_user(request)
    try:
        campaign = visible_campaigns(user).select_related("superior").get(pk=pk)
    except Campaign.DoesNotExist:
        raise Http404 from None
    if manage and not can_manage(user, campaign):
        raise PermissionDenied
    if monitor and not can_monitor(user, campaign):
        raise PermissionDenied
    return campaign


def visible_congresses(request_or_user: HttpRequest | Any) -> QuerySet[Congress]:
    """Congresses of organisations in the user's subtree (staff above see them all)."""
    user = signed_in_user(request_or_user)
    if user.is_superuser:
        return Congress.objects.all()
    if user.organization is None:
        return Congress.objects.none()
    return Congress.objects.filter(organization__path__startswith=user.organization.path)


def actors_for(user: User | None, congress: Congress) -> set[Actor]:
    """The sides this user acts for on this congress (None: the system, both sides)."""
    if user is None:
        return {Actor.ORG, Actor.SUPERIOR}
    actors: set[Actor] = set()
    if can_manage(user, congress.campaign):
        actors.add(Actor.SUPERIOR)
    if (user.is_superuser or user.role == Role.ORG_OFFICE) and can_write_org(
            user, congress.organization):
        actors.add(Actor.ORG)
    return actors


def get_congress_for_user(request: HttpRequest, pk: int, *, write: bool = False,
                          superior: bool = False) -> Congress:
    """The congress if visible (404); with ``write`` the user must act for the organisation
    or the superior, with ``superior`` for the superior (403)."""
    user = signed_in_user(request)
    try:
        congress = (visible_congresses(user)
                    .select_related("campaign", "campaign__superior", "organization")
                    .get(pk=pk))
    except Congress.DoesNotExist:
        raise Http404 from None
    actors = actors_for(user, congress)
    if superior and Actor.SUPERIOR not in actors:
        raise PermissionDenied
    if write and not actors:
        raise PermissionDenied
    return congress


def get_document_for_user(request: HttpRequest, pk: int) -> CongressDocument:
    user = signed_in_user(request)
    try:
        return (CongressDocument.objects
                .filter(congress__in=visible_congresses(user))
                .select_related("congress", "congress__campaign", "congress__campaign__superior",
                                "congress__organization")
                .get(pk=pk))
    except CongressDocument.DoesNotExist:
        raise Http404 from None
