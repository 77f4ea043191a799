"""Who may see scans: the counting board users assigned to the election, and nobody else
(ballot images are served through an access-checked view, never a public URL)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest

from daihoi.congress.access import acting, visible_elections
from daihoi.scanning.models import ScannedBallot, ScanSet


def get_scan_set_for_user(request: HttpRequest, pk: int) -> ScanSet:
    user = acting(request)
    try:
        scan_set = ScanSet.objects.select_related(
            "batch__election__congress__organization", "scanned_by").get(
            pk=pk, batch__election__in=visible_elections(user))
    except ScanSet.DoesNotExist:
        raise Http404 from None
    if not scan_set.batch.election.counters.filter(pk=user.pk).exists():
        raise PermissionDenied
    return scan_set


def get_scanned_ballot_for_user(request: HttpRequest, pk: int) -> ScannedBallot:
    user = acting(request)
    try:
        ballot = ScannedBallot.objects.select_related(
            "scan_set__batch__election__congress__organization", "scan_set__scanned_by").get(
            pk=pk, scan_set__batch__election__in=visible_elections(user))
    except ScannedBallot.DoesNotExist:
        raise Http404 from None
    if not ballot.scan_set.batch.election.counters.filter(pk=user.pk).exists():
        raise PermissionDenied
    return ballot
