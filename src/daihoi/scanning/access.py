"""Who may see scans: the counting board users assigned to the election, and nobody else
(ballot images are served through an access-checked view, never a public URL).

The two entries of a batch are independent: while the batch is open (not both entries
submitted), the holder of one entry (keyed, or a scan set of their own) neither sees nor
changes the other's scan set, its pages or what they count as. A board member with no entry
in the batch may look at a set and decide its pages (the board's decision); they may not then
make an entry of that batch (``holds_other_entry`` and ``decided_in_batch``).
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest

from daihoi.congress.access import acting, visible_elections
from daihoi.congress.models import Batch, BatchStatus
from daihoi.scanning.models import ScannedBallot, ScanSet


def holds_other_entry(user: Any, scan_set: ScanSet) -> bool:
    """``user`` keys or scans the same batch as ``scan_set``'s other entry."""
    batch = scan_set.batch
    if scan_set.scanned_by_id == user.pk:
        return False
    return (batch.entries.filter(clerk=user).exclude(scan_set=scan_set).exists()
            or batch.scan_sets.filter(scanned_by=user).exclude(pk=scan_set.pk).exists())


def decided_in_batch(user: Any, batch: Batch) -> bool:
    """``user`` decided or looked after pages of someone else's scan set of ``batch``."""
    return ScannedBallot.objects.filter(scan_set__batch=batch, decided_by=user).exclude(
        scan_set__scanned_by=user).exists()


def check_independent(user: Any, scan_set: ScanSet) -> None:
    """PermissionDenied for the holder of the batch's other entry while the batch is open."""
    if scan_set.batch.status == BatchStatus.OPEN and holds_other_entry(user, scan_set):
        raise PermissionDenied


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
    check_independent(user, scan_set)
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
    check_independent(user, ballot.scan_set)
    return ballot
