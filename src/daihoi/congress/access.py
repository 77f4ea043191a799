"""Who may see and change congress-day records: built on ``daihoi.accounts.permissions``.

- Superior staff and the organisation office (within their subtree) manage the congress.
- Observers within the subtree read.
- Counting board users see only the elections assigned to them (and key their batches).
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404, HttpRequest

from daihoi.accounts.models import Role, User
from daihoi.accounts.permissions import can_write_org, signed_in_user, visible_orgs
from daihoi.congress.models import Batch, CongressDay, Election, Entry

# The signed-in user acting in a view (one helper for the whole product).
acting = signed_in_user


def is_counter(user: User) -> bool:
    return user.role == Role.COUNTING_BOARD and not user.is_superuser


def visible_congresses(request_or_user: HttpRequest | Any) -> QuerySet[CongressDay]:
    user = acting(request_or_user)
    if is_counter(user):
        return CongressDay.objects.none()
    return CongressDay.objects.filter(organization__in=visible_orgs(user))


def get_congress_for_user(request: HttpRequest, pk: int, *, write: bool = False) -> CongressDay:
    user = acting(request)
    try:
        congress = visible_congresses(user).select_related("organization").get(pk=pk)
    except CongressDay.DoesNotExist:
        raise Http404 from None
    if write and not can_write_org(user, congress.organization):
        raise PermissionDenied
    return congress


def visible_elections(request_or_user: HttpRequest | Any) -> QuerySet[Election]:
    user = acting(request_or_user)
    elections = Election.objects.filter(congress__organization__in=visible_orgs(user))
    if is_counter(user):
        return elections.filter(counters=user)
    return elections


def can_manage_election(user: User, election: Election) -> bool:
    return not is_counter(user) and can_write_org(user, election.congress.organization)


def can_report(user: User, congress: CongressDay) -> bool:
    """Reporting the results upward is the organisation's own act (its office), not its
    superior's: superior staff read the report, they do not send it to themselves."""
    if user.is_superuser:
        return True
    return user.role == Role.ORG_OFFICE and can_write_org(user, congress.organization)


def get_election_for_user(request: HttpRequest, pk: int, *, write: bool = False,
                          count: bool = False) -> Election:
    """The election ``pk`` if visible (404); ``write``: manage it (office, superior staff);
    ``count``: key ballots and rule on batches (its assigned counting board users)."""
    user = acting(request)
    try:
        election = visible_elections(user).select_related("congress__organization").get(pk=pk)
    except Election.DoesNotExist:
        raise Http404 from None
    if write and not can_manage_election(user, election):
        raise PermissionDenied
    if count and not election.counters.filter(pk=user.pk).exists():
        raise PermissionDenied
    return election


def get_entry_for_user(request: HttpRequest, pk: int) -> Entry:
    """A clerk's own entry: nobody else sees it while the batch is open."""
    user = acting(request)
    try:
        entry = Entry.objects.select_related("batch__election__congress").get(pk=pk, clerk=user)
    except Entry.DoesNotExist:
        raise Http404 from None
    if not entry.batch.election.counters.filter(pk=user.pk).exists():
        raise PermissionDenied
    return entry


def get_batch_for_user(request: HttpRequest, pk: int, *, count: bool = False) -> Batch:
    user = acting(request)
    try:
        batch = Batch.objects.select_related("election__congress__organization").get(
            pk=pk, election__in=visible_elections(user))
    except Batch.DoesNotExist:
        raise Http404 from None
    if count and not batch.election.counters.filter(pk=user.pk).exists():
        raise PermissionDenied
    return batch
