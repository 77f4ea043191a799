"""What a user's home page shows of congress day: a counting-board member's elections and the
batches waiting for them; an organisation office's congress days and what is missing before
each can report upward."""

from __future__ import annotations

from dataclasses import dataclass, field

from daihoi.accounts.models import User
from daihoi.congress import superior
from daihoi.congress.access import visible_elections
from daihoi.congress.models import Batch, BatchStatus, CongressDay, Election, ElectionStatus


@dataclass
class BoardElection:
    election: Election
    # Batches with a mismatch to rule on, batches waiting for this user's (second) entry,
    # and this user's entries not yet submitted.
    mismatched: list[Batch] = field(default_factory=list)
    to_key: list[Batch] = field(default_factory=list)
    unsubmitted: list[Batch] = field(default_factory=list)


def board_work(user: User) -> list[BoardElection]:
    """The elections assigned to a counting-board user that are not certified, with what
    waits for them in each."""
    out = []
    elections = (visible_elections(user).filter(counters=user)
                 .exclude(status=ElectionStatus.CERTIFIED).select_related("congress"))
    for election in elections:
        item = BoardElection(election)
        for batch in election.batches.exclude(status=BatchStatus.FINAL).prefetch_related(
                "entries"):
            entries = list(batch.entries.all())
            mine = next((e for e in entries if e.clerk_id == user.pk), None)
            if batch.status == BatchStatus.MISMATCH:
                item.mismatched.append(batch)
            elif mine is not None and mine.submitted_at is None:
                item.unsubmitted.append(batch)
            elif mine is None and len(entries) < 2:
                item.to_key.append(batch)
        out.append(item)
    return out


@dataclass
class OfficeDay:
    congress: CongressDay
    missing: list[str]


def office_days(user: User) -> list[OfficeDay]:
    """The congress days of the office's own organisation, latest first, each with what is
    missing before it can report its results upward."""
    if user.organization_id is None:
        return []
    days = CongressDay.objects.filter(organization_id=user.organization_id).order_by(
        "-held_on", "-pk")[:3]
    return [OfficeDay(day, superior.report_missing(day)) for day in days]
