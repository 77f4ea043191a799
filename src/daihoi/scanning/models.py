"""Scans of a batch of paper ballots and what the reader (and the board) made of each page.

Secrecy, as for keyed ballots: a scanned ballot carries its scan set, its position in the paper
stack and what the paper says. No voter, no file name, no time finer than the set's (the one
time per ballot is the board's decision on a page the reader was unsure of).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from daihoi.congress.models import Batch, Entry


class Paper(models.TextChoices):
    A4 = "A4", "A4"
    A5 = "A5", "A5"


class ScanSet(models.Model):
    """One board member's scans of one batch: becomes that member's entry of the batch."""

    batch = models.ForeignKey(Batch, on_delete=models.CASCADE, related_name="scan_sets")
    scanned_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   related_name="scan_sets", verbose_name=_("scanned by"))
    paper = models.CharField(_("paper"), max_length=2, choices=Paper.choices, default=Paper.A4)
    created_at = models.DateTimeField(auto_now_add=True)
    # The entry made from this set once every page was read or decided.
    entry = models.OneToOneField(Entry, null=True, blank=True, on_delete=models.SET_NULL,
                                 related_name="scan_set")

    class Meta:
        ordering = ["batch", "id"]
        constraints = [
            models.UniqueConstraint(fields=["batch", "scanned_by"], name="scan_set_once"),
        ]

    def __str__(self) -> str:
        return f"{self.batch} / {self.scanned_by}"


def scan_path(instance: ScannedBallot, filename: str) -> str:
    # The hash names the file: no upload name, no time.
    suffix = filename.rsplit(".", 1)[-1].lower() if "." in filename else "png"
    scan_set = instance.scan_set
    return (f"scans/{scan_set.batch.election_id}/{scan_set.batch_id}/{scan_set.pk}/"
            f"{instance.sha256}.{suffix}")


class ScannedBallot(models.Model):
    """One page of a scan set: one paper ballot."""

    scan_set = models.ForeignKey(ScanSet, on_delete=models.CASCADE, related_name="ballots")
    position = models.PositiveSmallIntegerField()
    image = models.FileField(upload_to=scan_path, max_length=300)
    sha256 = models.CharField(max_length=64)
    # The reader's reading of the page (daihoi.ballots.read_image): status, kept/marks/defect,
    # reasons, scores.
    reading = models.JSONField(default=dict)
    # The board's decision on a page under review or rejected: canonical ballot content as the
    # keying screen stores it (daihoi.congress.keying); meaningful once decided_at is set.
    decision = models.CharField(max_length=400, blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["scan_set", "position"]
        constraints = [
            models.UniqueConstraint(fields=["scan_set", "position"], name="scan_position_once"),
        ]

    def __str__(self) -> str:
        return f"{self.scan_set} #{self.position}"

    @property
    def status(self) -> str:
        """``read``, ``review``, ``rejected`` (as the reader said) or ``decided``."""
        if self.decided_at is not None:
            return "decided"
        value: Any = self.reading.get("status")
        return str(value) if value in ("read", "review", "rejected") else "rejected"

    @property
    def reasons(self) -> list[str]:
        return [str(r) for r in self.reading.get("reasons") or []]
