"""Congress campaigns: the superior's plan, one congress record per subordinate, its
documents, personnel plan, cadre transfers, and the reminders sent to late organisations."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from daihoi.campaigns.workflow import Milestone, State

PCT = [MinValueValidator(Decimal(0)), MaxValueValidator(Decimal(100))]


class Campaign(models.Model):
    superior = models.ForeignKey("orgs.Organization", verbose_name=_("superior organisation"),
                                 on_delete=models.PROTECT, related_name="campaigns")
    name = models.CharField(_("name"), max_length=200)
    term_start = models.PositiveSmallIntegerField(_("term starts (year)"))
    term_end = models.PositiveSmallIntegerField(_("term ends (year)"))
    plan_number = models.CharField(_("plan number"), max_length=60)
    plan_date = models.DateField(_("plan date"))
    directives = models.TextField(_("directives implemented"), blank=True,
                                  help_text=_("One per line, e.g. Chỉ thị 37-CT/TW."))
    subordinate_deadline = models.DateField(_("subordinate congresses held by"))
    superior_congress_date = models.DateField(_("superior's congress date"), null=True, blank=True)
    # The milestone template: the same dates for every subordinate congress.
    documents_due = models.DateField(_("draft documents due"), null=True, blank=True)
    comments_due = models.DateField(_("superior's comments due"), null=True, blank=True)
    personnel_plan_due = models.DateField(_("personnel plan due"), null=True, blank=True)
    window_start = models.DateField(_("congress window starts"), null=True, blank=True)
    window_end = models.DateField(_("congress window ends"), null=True, blank=True)
    results_due = models.DateField(_("results report due"), null=True, blank=True)
    # Structure targets for the new committees, in percent.
    target_women = models.DecimalField(_("target: women (%)"), max_digits=5, decimal_places=1,
                                       default=Decimal(15), validators=PCT)
    target_under35 = models.DecimalField(_("target: under 35 (%)"), max_digits=5,
                                         decimal_places=1, default=Decimal(10), validators=PCT)
    target_minorities = models.DecimalField(_("target: ethnic minorities (%)"), max_digits=5,
                                            decimal_places=1, default=Decimal(0), validators=PCT)
    target_new_members = models.DecimalField(_("target: new committee members (%)"),
                                             max_digits=5, decimal_places=1,
                                             default=Decimal(20), validators=PCT)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-term_start", "superior__name"]
        verbose_name = _("congress campaign")
        verbose_name_plural = _("congress campaigns")
        constraints = [models.UniqueConstraint(fields=["superior", "plan_number"],
                                               name="campaign_unique_plan")]

    def __str__(self) -> str:
        return self.name

    @property
    def term(self) -> str:
        return f"{self.term_start}–{self.term_end}"

    def directive_list(self) -> list[str]:
        return [line.strip() for line in self.directives.splitlines() if line.strip()]

    def milestone_dates(self) -> dict[Milestone, dt.date | None]:
        return {
            Milestone.DOCUMENTS: self.documents_due,
            Milestone.COMMENTS: self.comments_due,
            Milestone.PERSONNEL_PLAN: self.personnel_plan_due,
            Milestone.CONGRESS: self.window_end or self.subordinate_deadline,
            Milestone.RESULTS: self.results_due,
        }


class CongressKind(models.TextChoices):
    MEMBERS = "members", _("Members' congress")
    DELEGATES = "delegates", _("Delegates' congress")


class CongressState(models.TextChoices):
    PREPARING = State.PREPARING.value, _("Preparing")
    DOCUMENTS_SUBMITTED = State.DOCUMENTS_SUBMITTED.value, _("Documents submitted")
    COMMENTS_GIVEN = State.COMMENTS_GIVEN.value, _("Comments given")
    PERSONNEL_PLAN_APPROVED = State.PERSONNEL_PLAN_APPROVED.value, _("Personnel plan approved")
    HELD = State.HELD.value, _("Congress held")
    RESULTS_REPORTED = State.RESULTS_REPORTED.value, _("Results reported")
    RESULTS_APPROVED = State.RESULTS_APPROVED.value, _("Results approved")


MILESTONE_LABELS = {
    Milestone.DOCUMENTS: _("Draft documents"),
    Milestone.COMMENTS: _("Superior's comments"),
    Milestone.PERSONNEL_PLAN: _("Personnel plan"),
    Milestone.CONGRESS: _("Congress held"),
    Milestone.RESULTS: _("Results report"),
}


class Congress(models.Model):
    """One organisation's congress within a campaign. Other apps (the congress day) attach
    to it by foreign key."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="congresses")
    organization = models.ForeignKey("orgs.Organization", verbose_name=_("organisation"),
                                     on_delete=models.PROTECT, related_name="congresses")
    kind = models.CharField(pgettext_lazy("congress", "kind"), max_length=20,
                            choices=CongressKind.choices)
    official_members = models.PositiveIntegerField(_("official members"), default=0)
    planned_date = models.DateField(_("planned date"), null=True, blank=True)
    place = models.CharField(_("place"), max_length=200, blank=True)
    state = models.CharField(_("state"), max_length=32, choices=CongressState.choices,
                             default=CongressState.PREPARING, db_index=True)
    state_changed_at = models.DateTimeField(null=True, blank=True)
    held_on = models.DateField(_("held on"), null=True, blank=True)
    results_reported_on = models.DateField(_("results reported on"), null=True, blank=True)

    class Meta:
        ordering = ["organization__path"]
        verbose_name = _("congress")
        verbose_name_plural = _("congresses")
        constraints = [models.UniqueConstraint(fields=["campaign", "organization"],
                                               name="congress_one_per_org")]

    def __str__(self) -> str:
        return f"{self.organization} ({self.campaign.term})"

    @property
    def workflow_state(self) -> State:
        return State(self.state)


class Transition(models.Model):
    congress = models.ForeignKey(Congress, on_delete=models.CASCADE, related_name="transitions")
    from_state = models.CharField(max_length=32, choices=CongressState.choices)
    to_state = models.CharField(max_length=32, choices=CongressState.choices)
    sent_back = models.BooleanField(default=False)
    reason = models.TextField(blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                           on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField()
    # The date of the event the step records: the day the congress was held for the step
    # into "held", the day of the change otherwise. Views "as of a date" undo the steps
    # dated after it.
    on = models.DateField()

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.from_state} → {self.to_state}"


class DocumentType(models.TextChoices):
    POLITICAL_REPORT = "political_report", _("Political report")
    SELF_REVIEW = "self_review", _("Committee self-review report")


def _upload_to(instance: CongressDocument, filename: str) -> str:
    ext = filename.rsplit(".", 1)[-1].lower()
    return (f"campaigns/{instance.congress.campaign_id}/{instance.congress_id}/"
            f"{instance.doc_type}-v{instance.version}.{ext}")


class CongressDocument(models.Model):
    """One version of a congress document; a revision is a new version."""

    congress = models.ForeignKey(Congress, on_delete=models.CASCADE, related_name="documents")
    doc_type = models.CharField(_("document"), max_length=32, choices=DocumentType.choices)
    version = models.PositiveSmallIntegerField()
    file = models.FileField(upload_to=_upload_to, max_length=300)
    original_name = models.CharField(max_length=200)
    file_format = models.CharField(max_length=8)  # "pdf" or "docx"
    size = models.PositiveIntegerField()
    note = models.TextField(_("note (answer to the comments)"), blank=True)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")
    uploaded_at = models.DateTimeField()

    class Meta:
        ordering = ["doc_type", "-version"]
        constraints = [models.UniqueConstraint(fields=["congress", "doc_type", "version"],
                                               name="document_unique_version")]

    def __str__(self) -> str:
        return f"{self.get_doc_type_display()} v{self.version}"


class Comment(models.Model):
    """The superior's comment on one document version, or a reply to a comment."""

    document = models.ForeignKey(CongressDocument, on_delete=models.CASCADE,
                                 related_name="comments")
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.CASCADE,
                               related_name="replies")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                               on_delete=models.SET_NULL, related_name="+")
    body = models.TextField(_("comment"))
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return self.body[:60]


class Position(models.TextChoices):
    COMMITTEE = "committee", _("Committee")
    STANDING = "standing", _("Standing committee")
    SECRETARY = "secretary", _("Secretary")
    DEPUTY = "deputy", _("Deputy secretary")
    INSPECTION = "inspection", _("Inspection committee")
    BACKUP = "backup", _("Backup (alternative name)")


class PersonnelPlan(models.Model):
    congress = models.OneToOneField(Congress, on_delete=models.CASCADE,
                                    related_name="personnel_plan")
    committee_size = models.PositiveSmallIntegerField(_("committee size"))
    note = models.TextField(_("note"), blank=True)
    updated_at = models.DateTimeField()
    approved_at = models.DateTimeField(null=True, blank=True)
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")

    def __str__(self) -> str:
        return f"{self.congress}: {self.committee_size}"


class PlanEntry(models.Model):
    plan = models.ForeignKey(PersonnelPlan, on_delete=models.CASCADE, related_name="entries")
    member = models.ForeignKey("orgs.Member", on_delete=models.PROTECT, related_name="+")
    position = models.CharField(max_length=20, choices=Position.choices)
    # First time on the committee (for the "new members" structure figure).
    new_to_committee = models.BooleanField(default=False)

    class Meta:
        ordering = ["position", "member__sort_key"]
        constraints = [models.UniqueConstraint(fields=["plan", "member", "position"],
                                               name="plan_entry_unique")]

    def __str__(self) -> str:
        return f"{self.position}: {self.member_id}"


class CadreTransfer(models.Model):
    """A cadre sent from one of the superior's agencies to a subordinate's key post."""

    member = models.ForeignKey("orgs.Member", verbose_name=_("cadre"),
                               on_delete=models.PROTECT, related_name="+")
    from_org = models.ForeignKey("orgs.Organization", verbose_name=_("from"),
                                 on_delete=models.PROTECT, related_name="+")
    congress = models.ForeignKey(Congress, verbose_name=_("to the congress of"),
                                 on_delete=models.CASCADE, related_name="transfers")
    transferred_on = models.DateField(_("date"))
    intended_position = models.CharField(_("intended position"), max_length=20,
                                         choices=Position.choices)
    note = models.CharField(_("note"), max_length=300, blank=True)
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["transferred_on", "id"]

    def __str__(self) -> str:
        return f"{self.member_id} → {self.congress_id}"


class Notification(models.Model):
    """An in-app notice to the users of one organisation (e.g. an urging notice)."""

    organization = models.ForeignKey("orgs.Organization", on_delete=models.CASCADE,
                                     related_name="notifications")
    congress = models.ForeignKey(Congress, null=True, blank=True, on_delete=models.CASCADE,
                                 related_name="notifications")
    title = models.CharField(max_length=200)
    body = models.TextField()
    created_at = models.DateTimeField(db_index=True)
    read_by = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="+")

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.title


class Reminder(models.Model):
    """An urging notice sent for one late congress; at most one per congress per day."""

    congress = models.ForeignKey(Congress, on_delete=models.CASCADE, related_name="reminders")
    sent_on = models.DateField()
    milestones = models.JSONField(default=list)
    notification = models.ForeignKey(Notification, null=True, on_delete=models.SET_NULL,
                                     related_name="+")
    emails_sent = models.PositiveSmallIntegerField(default=0)
    sent_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                on_delete=models.SET_NULL, related_name="+")
    sent_at = models.DateTimeField()

    class Meta:
        ordering = ["-sent_at"]
        constraints = [models.UniqueConstraint(fields=["congress", "sent_on"],
                                               name="reminder_once_a_day")]

    def __str__(self) -> str:
        return f"{self.congress_id} {self.sent_on}"

    def milestone_labels(self) -> list[str]:
        """The late milestones' labels, in the user's language."""
        labels = {m.value: label for m, label in MILESTONE_LABELS.items()}
        return [str(labels.get(m, m)) for m in self.milestones]
