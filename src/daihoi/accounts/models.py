"""Users: each attached to one organisation, with one role that is scoped to its subtree."""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    SUPERIOR_STAFF = "superior_staff", _("Superior committee staff")
    ORG_OFFICE = "org_office", _("Organisation office")
    COUNTING_BOARD = "counting_board", _("Counting board member")
    OBSERVER = "observer", _("Observer (read only)")


class User(AbstractUser):
    organization = models.ForeignKey(
        "orgs.Organization",
        verbose_name=_("organisation"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="users",
    )
    role = models.CharField(_("role"), max_length=32, choices=Role.choices, default=Role.OBSERVER)
    full_name = models.CharField(_("full name"), max_length=120, blank=True)

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.full_name or self.username
