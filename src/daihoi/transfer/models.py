"""What each side keeps of the files it issued or received.

On the superior's server: ``IssuedKit`` (the hall key's public half, so that only the laptop
holding the kit can produce a package the server accepts) and ``ReceivedPackage``.
On the hall laptop: ``InstalledKit`` (the hall key itself, and which local rows stand for which
rows of the server) and ``MemberLink``.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class IssuedKit(models.Model):
    kit_id = models.CharField(max_length=36, unique=True)
    congress = models.ForeignKey("campaigns.Congress", on_delete=models.CASCADE,
                                 related_name="issued_kits")
    hall_public_key = models.CharField(max_length=100)
    hall_key_id = models.CharField(max_length=40, db_index=True)
    issued_at = models.DateTimeField()
    expires_at = models.DateTimeField()
    issued_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                  on_delete=models.PROTECT, related_name="+")
    digest = models.CharField(max_length=64)

    class Meta:
        ordering = ["-issued_at", "-id"]
        verbose_name = _("congress kit issued")

    def __str__(self) -> str:
        return f"kit {self.kit_id}"


class ReceivedPackage(models.Model):
    kit = models.ForeignKey(IssuedKit, on_delete=models.PROTECT, related_name="packages")
    congress = models.ForeignKey("campaigns.Congress", on_delete=models.CASCADE,
                                 related_name="result_packages")
    # The congress day this package filed on the server (replaced by a later package).
    congress_day = models.ForeignKey("congress.CongressDay", null=True, blank=True,
                                     on_delete=models.SET_NULL, related_name="+")
    sequence = models.PositiveIntegerField()
    digest = models.CharField(max_length=64, unique=True)
    made_at = models.DateTimeField()
    received_at = models.DateTimeField()
    received_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="+")
    # Why the laptop sent a new package (the reason the count was reopened); blank for the first.
    replacement_reason = models.TextField(blank=True)
    replaced_by = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")
    summary = models.JSONField(default=dict)
    file_name = models.CharField(max_length=200)

    class Meta:
        ordering = ["-received_at", "-id"]
        verbose_name = _("result package received")

    def __str__(self) -> str:
        return f"package {self.sequence} ({self.digest[:12]})"


class InstalledKit(models.Model):
    kit_id = models.CharField(max_length=36, unique=True)
    digest = models.CharField(max_length=64)
    superior_key_id = models.CharField(max_length=40)
    superior_name = models.CharField(max_length=200)
    # The server's primary keys: what the package names when it goes back.
    server_congress_id = models.PositiveBigIntegerField()
    organization = models.ForeignKey("orgs.Organization", on_delete=models.PROTECT,
                                     related_name="+")
    congress_day = models.ForeignKey("congress.CongressDay", null=True, on_delete=models.PROTECT,
                                     related_name="+")
    hall_private_key = models.TextField()
    expires_at = models.DateTimeField()
    installed_at = models.DateTimeField()
    packages_made = models.PositiveIntegerField(default=0)
    last_package_digest = models.CharField(max_length=64, blank=True)
    # What the last package carried (each election's certification): the same state exports
    # the same package again, so a retry never needs a new sequence number.
    last_package_state = models.CharField(max_length=64, blank=True)

    class Meta:
        verbose_name = _("congress kit installed")

    def __str__(self) -> str:
        return f"kit {self.kit_id}"


class MemberLink(models.Model):
    kit = models.ForeignKey(InstalledKit, on_delete=models.CASCADE, related_name="member_links")
    server_id = models.PositiveBigIntegerField()
    member = models.OneToOneField("orgs.Member", on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["kit", "server_id"],
                                               name="member_link_once")]

    def __str__(self) -> str:
        return f"{self.server_id} → {self.member_id}"
