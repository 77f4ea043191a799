"""Organisations (a tree of any depth) and the register of party members."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _

from daihoi.lib.vietnamese import name_sort_string


class OrgKind(models.TextChoices):
    PROVINCE = "province", _("Provincial party committee")
    CITY = "city", _("City or district party committee")
    GRASSROOTS_COMMITTEE = "grassroots_committee", _("Grassroots party committee")
    GRASSROOTS_BRANCH = "grassroots_branch", _("Grassroots branch")
    BRANCH = "branch", _("Branch")
    TRADE_UNION = "trade_union", _("Trade union")
    YOUTH_UNION = "youth_union", _("Youth union")


class Sector(models.TextChoices):
    WARD = "ward", _("Ward")
    COMMUNE = "commune", _("Commune")
    AGENCY = "agency", _("Agency")
    SCHOOL = "school", _("School")
    HOSPITAL = "hospital", _("Hospital, health")
    ENTERPRISE = "enterprise", _("Enterprise")
    ARMED_FORCES = "armed_forces", _("Armed forces")
    RESIDENTIAL = "residential", _("Residential area")
    OTHER = "other", _("Other")


# Kinds under which a grassroots organisation sits (the "superior" of a campaign).
SUPERIOR_KINDS = {OrgKind.PROVINCE, OrgKind.CITY}
GRASSROOTS_KINDS = {OrgKind.GRASSROOTS_COMMITTEE, OrgKind.GRASSROOTS_BRANCH}


class Organization(models.Model):
    kind = models.CharField(_("kind"), max_length=32, choices=OrgKind.choices)
    sector = models.CharField(
        _("sector"), max_length=32, choices=Sector.choices, default=Sector.OTHER
    )
    code = models.CharField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=200)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    active = models.BooleanField(_("active"), default=True)
    # Materialised path of primary keys, "/1/5/23/": a subtree is one indexed prefix query.
    path = models.CharField(max_length=255, db_index=True, editable=False, default="")
    depth = models.PositiveSmallIntegerField(default=0, editable=False)

    class Meta:
        ordering = ["path"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")

    def __str__(self) -> str:
        return self.name

    def save(self, *args: Any, **kwargs: Any) -> None:
        super().save(*args, **kwargs)
        new_path = f"{self.parent.path if self.parent else '/'}{self.pk}/"
        if new_path != self.path:
            old_path = self.path
            depth = new_path.count("/") - 2
            Organization.objects.filter(pk=self.pk).update(path=new_path, depth=depth)
            if old_path:
                # Moved: every descendant's path changes with it.
                for child in Organization.objects.filter(path__startswith=old_path).exclude(
                    pk=self.pk
                ):
                    child_path = new_path + child.path[len(old_path) :]
                    Organization.objects.filter(pk=child.pk).update(
                        path=child_path, depth=child_path.count("/") - 2
                    )
            self.path, self.depth = new_path, depth

    def is_in_subtree_of(self, other: Organization) -> bool:
        return self.path.startswith(other.path)

    def subtree(self) -> models.QuerySet[Organization]:
        return Organization.objects.filter(path__startswith=self.path)

    def ancestor_ids(self) -> list[int]:
        return [int(p) for p in self.path.strip("/").split("/") if p]


class Gender(models.TextChoices):
    MALE = "male", _("Male")
    FEMALE = "female", _("Female")


class MemberStatus(models.TextChoices):
    OFFICIAL = "official", _("Official")
    PROBATIONARY = "probationary", _("Probationary")


class Member(models.Model):
    full_name = models.CharField(_("full name"), max_length=120)
    sort_key = models.CharField(max_length=600, db_index=True, editable=False, default="")
    gender = models.CharField(_("gender"), max_length=10, choices=Gender.choices)
    date_of_birth = models.DateField(_("date of birth"))
    ethnicity = models.CharField(_("ethnicity"), max_length=40, default="Kinh")
    status = models.CharField(_("membership"), max_length=20, choices=MemberStatus.choices)
    date_joined = models.DateField(_("date joined"))
    organization = models.ForeignKey(
        Organization, verbose_name=_("organisation"), on_delete=models.PROTECT,
        related_name="members",
    )
    education = models.CharField(_("education"), max_length=60, blank=True)
    theory_level = models.CharField(_("political theory"), max_length=60, blank=True)
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["sort_key", "id"]
        verbose_name = _("member")
        verbose_name_plural = _("members")

    def __str__(self) -> str:
        return self.full_name

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.sort_key = name_sort_string(self.full_name)
        super().save(*args, **kwargs)
