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


class JobStatus(models.TextChoices):
    QUEUED = "queued", _("waiting to be read")
    RUNNING = "running", _("being read")
    DONE = "done", _("all read")
    FAILED = "failed", _("stopped by an error")


class ScanJob(models.Model):
    """One upload of scans, read in the background (daihoi.scanning.jobs): its pages take the
    positions ``first_position`` to ``first_position + pages_total - 1`` of the set, reserved
    when the files were stored, so uploads keep the order of the paper stack whatever order
    they are read in."""

    scan_set = models.ForeignKey(ScanSet, on_delete=models.CASCADE, related_name="jobs")
    started_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   related_name="+")
    status = models.CharField(max_length=8, choices=JobStatus.choices, default=JobStatus.QUEUED)
    first_position = models.PositiveIntegerField()
    pages_total = models.PositiveIntegerField()
    pages_done = models.PositiveIntegerField(default=0)
    # Why the job stopped (Vietnamese, naming the file and page); empty unless failed.
    error = models.TextField(blank=True)
    # Pages read but not as ballots of this election, or not readable (Vietnamese, one line
    # each, naming the file and page): they are stored as pages the reader rejected.
    problems = models.JSONField(default=list)
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    # The claim: a worker holds the job while ``attempts`` is the number it claimed it with
    # and it keeps ``heartbeat_at`` fresh; a running job with a stale heartbeat was left by a
    # process that stopped, and is queued again.
    attempts = models.PositiveIntegerField(default=0)
    heartbeat_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["scan_set", "first_position"]
        indexes = [models.Index(fields=["status", "id"], name="scan_job_status")]

    def __str__(self) -> str:
        return f"{self.scan_set} · {self.first_position}–{self.last_position}"

    @property
    def last_position(self) -> int:
        return self.first_position + self.pages_total - 1

    @property
    def pending(self) -> bool:
        return self.status in (JobStatus.QUEUED, JobStatus.RUNNING)

    @property
    def percent(self) -> int:
        return self.pages_done * 100 // self.pages_total if self.pages_total else 100


def upload_path(instance: ScanFile, filename: str) -> str:
    # Beside the pages, named by the hash like them: an image page is this very file.
    suffix = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    scan_set = instance.job.scan_set
    return (f"scans/{scan_set.batch.election_id}/{scan_set.batch_id}/{scan_set.pk}/"
            f"{instance.sha256}.{suffix}")


class ScanFile(models.Model):
    """One uploaded file of a job, stored as uploaded until and after it is read: an image
    file is one page, a PDF one page per PDF page. ``name`` is the name it was uploaded
    under, for messages about it."""

    job = models.ForeignKey(ScanJob, on_delete=models.CASCADE, related_name="files")
    order = models.PositiveIntegerField()
    name = models.CharField(max_length=255)
    file = models.FileField(upload_to=upload_path, max_length=300)
    sha256 = models.CharField(max_length=64)
    pages = models.PositiveIntegerField()

    class Meta:
        ordering = ["job", "order"]
        constraints = [
            models.UniqueConstraint(fields=["job", "order"], name="scan_file_order_once"),
        ]

    def __str__(self) -> str:
        return f"{self.job} / {self.name}"
