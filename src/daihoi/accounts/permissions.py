"""Who may see and change what. Every view and API endpoint goes through these helpers.

The organisation tree decides scope: a user sees the subtree of the organisation they are
attached to. Within it, the role decides what they may change:

- superior staff: everything in the subtree (campaigns, organisations, members, users);
- organisation office: its own organisation's records and congress (and its branches);
- counting board member: only the elections assigned to them (checked by the congress app);
- observer: reads, never writes.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404, HttpRequest

from daihoi.accounts.models import Role, User
from daihoi.orgs.models import Member, Organization


def signed_in_user(request_or_user: HttpRequest | Any) -> User:
    """The active, signed-in user of a request (or the user given); PermissionDenied else."""
    user = getattr(request_or_user, "user", request_or_user)
    if not isinstance(user, User) or not user.is_authenticated or not user.is_active:
        raise PermissionDenied
    return user


def visible_orgs(request_or_user: HttpRequest | Any) -> QuerySet[Organization]:
    """The organisations this user may see: their organisation's subtree."""
    user = signed_in_user(request_or_user)
    if user.is_superuser:
        return Organization.objects.all()
    if user.organization is None:
        return Organization.objects.none()
    return Organization.objects.filter(path__startswith=user.organization.path)


def can_write_org(user: User, org: Organization) -> bool:
    """May this user change this organisation's records (members, its own data)?"""
    if not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser:
        return True
    home = user.organization
    if home is None or not org.path.startswith(home.path):
        return False
    return user.role in (Role.SUPERIOR_STAFF, Role.ORG_OFFICE)


def can_manage_structure(user: User, org: Organization) -> bool:
    """May this user create, edit or move organisations under ``org`` (superior staff)?"""
    if user.is_superuser:
        return True
    home = user.organization
    return (
        user.is_active
        and user.role == Role.SUPERIOR_STAFF
        and home is not None
        and org.path.startswith(home.path)
    )


def is_superior_staff(request_or_user: HttpRequest | Any) -> bool:
    user = signed_in_user(request_or_user)
    return user.is_superuser or user.role == Role.SUPERIOR_STAFF


def require_superior_staff(request: HttpRequest) -> User:
    user = signed_in_user(request)
    if not (user.is_superuser or user.role == Role.SUPERIOR_STAFF):
        raise PermissionDenied
    return user


def get_org_for_user(request: HttpRequest, pk: int, *, write: bool = False,
                     structure: bool = False) -> Organization:
    """The organisation ``pk`` if the user may see it (404 otherwise) and, with ``write``,
    change its records, or with ``structure``, manage organisations under it (403)."""
    user = signed_in_user(request)
    try:
        org = visible_orgs(user).get(pk=pk)
    except Organization.DoesNotExist:
        raise Http404 from None
    if structure and not can_manage_structure(user, org):
        raise PermissionDenied
    if write and not can_write_org(user, org):
        raise PermissionDenied
    return org


def visible_members(request_or_user: HttpRequest | Any) -> QuerySet[Member]:
    user = signed_in_user(request_or_user)
    if user.is_superuser:
        return Member.objects.all()
    if user.organization is None:
        return Member.objects.none()
    return Member.objects.filter(organization__path__startswith=user.organization.path)


def get_member_for_user(request: HttpRequest, pk: int, *, write: bool = False) -> Member:
    user = signed_in_user(request)
    try:
        member = visible_members(user).select_related("organization").get(pk=pk)
    except Member.DoesNotExist:
        raise Http404 from None
    if write and not can_write_org(user, member.organization):
        raise PermissionDenied
    return member


def visible_users(request_or_user: HttpRequest | Any) -> QuerySet[User]:
    user = signed_in_user(request_or_user)
    if user.is_superuser:
        return User.objects.all()
    if user.organization is None:
        return User.objects.filter(pk=user.pk)
    return User.objects.filter(organization__path__startswith=user.organization.path)


def get_user_for_user(request: HttpRequest, pk: int) -> User:
    """Another user's account, for superior staff managing accounts in their subtree."""
    actor = require_superior_staff(request)
    try:
        return visible_users(actor).select_related("organization").get(pk=pk)
    except User.DoesNotExist:
        raise Http404 from None
