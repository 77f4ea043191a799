"""Congress day records: the roster, working bodies, agenda, elections and keyed ballots.

Secrecy: a keyed ballot (``KeyedBallot``, ``FinalBallot``) carries only its batch, its
position in the paper stack of that batch and what the paper says. No voter, no timestamp
(times live on the batch and the entry), nothing tied to the check-in order.
"""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from daihoi.orgs.models import Member, Organization


def new_token() -> str:
    return secrets.token_urlsafe(12)


class CongressKind(models.TextChoices):
    MEMBERS = "members", _("Members' congress")
    DELEGATES = "delegates", _("Delegates' congress")


class CongressDay(models.Model):
    """One organisation's congress as it runs on the day (the campaign's plan lives in the
    campaigns app; this is the hall)."""

    organization = models.ForeignKey(
        Organization, verbose_name=_("organisation"), on_delete=models.PROTECT,
        related_name="congress_days",
    )
    title = models.CharField(_("title"), max_length=200)
    kind = models.CharField(pgettext_lazy("congress", "kind"), max_length=16,
                            choices=CongressKind.choices,
                            default=CongressKind.MEMBERS)
    rules = models.CharField(_("rulebook"), max_length=40, default="party-2024")
    term = models.CharField(_("term"), max_length=20, blank=True)
    held_on = models.DateField(_("held on"))
    reported_at = models.DateTimeField(_("reported to the superior"), null=True, blank=True)
    # The campaigns app's congress (campaigns.Congress) this day belongs to, when there is one;
    # a plain id so that this app does not depend on the campaigns app's migrations.
    campaign_congress_id = models.PositiveBigIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["-held_on", "id"]
        verbose_name = _("congress day")

    def __str__(self) -> str:
        return self.title


class AttendeeRole(models.TextChoices):
    MEMBER = "member", _("Official member")
    DELEGATE = "delegate", _("Official delegate")
    # A member of the convening committee is a delegate by office; no alternate stands in.
    COMMITTEE_MEMBER = "committee_member", _(
        "Committee member of the convening level (delegate by office)")
    ALTERNATE = "alternate", _("Alternate delegate")


class AttendanceStatus(models.TextChoices):
    """Attendance as QĐ 190-QĐ/TW Điều 30 (QĐ 244 Điều 32 khoản 2–3) needs it for the base;
    ``daihoi.congress.roster`` says which statuses leave the base and why."""

    PRESENT = "present", _("Present")
    EXEMPT_PRESENT = "exempt_present", _(
        "Exempt from party work and activity, present and voting")
    ABSENT = "absent", _("Absent without reason")
    ABSENT_NOT_APPROVED = "absent_not_approved", _(
        "Absent with a reason the convening committee has not approved")
    ABSENT_APPROVED = "absent_approved", _(
        "Absent for the whole congress with a valid reason approved by the convening committee")
    TEMPORARILY_TRANSFERRED = "temporarily_transferred", _(
        "Introduced to another party organisation for temporary activity")
    EXEMPT_FROM_ACTIVITY = "exempt_from_activity", _(
        "Exempt from party work and activity, not present")
    SUSPENDED = "suspended", _("Suspended from party activity")
    PROSECUTED = "prosecuted", _("Prosecuted or indicted")
    DETAINED = "detained", _("Held in temporary detention")


class Attendee(models.Model):
    """One person on the congress roster: an official member (members' congress) or an
    official or alternate delegate (delegates' congress)."""

    congress = models.ForeignKey(CongressDay, on_delete=models.CASCADE, related_name="attendees")
    member = models.ForeignKey(Member, null=True, blank=True, on_delete=models.PROTECT,
                               related_name="congress_attendances")
    full_name = models.CharField(_("full name"), max_length=120)
    sort_key = models.CharField(max_length=600, db_index=True, default="")
    role = models.CharField(pgettext_lazy("attendee", "role"), max_length=16,
                            choices=AttendeeRole.choices,
                            default=AttendeeRole.MEMBER)
    status = models.CharField(_("status"), max_length=32, choices=AttendanceStatus.choices,
                              default=AttendanceStatus.ABSENT)
    substitute_for = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="substitute",
        verbose_name=_("stands in for"),
    )
    # The opaque token printed as a QR code on the delegate card.
    token = models.CharField(max_length=32, unique=True, default=new_token)

    class Meta:
        ordering = ["sort_key", "id"]
        constraints = [
            models.UniqueConstraint(fields=["congress", "member"], name="attendee_once"),
        ]

    def __str__(self) -> str:
        return self.full_name


class WorkingBodyKind(models.TextChoices):
    PRESIDIUM = "presidium", _("Presidium")
    SECRETARIAT = "secretariat", _("Secretariat")
    CREDENTIALS = "credentials", _("Credentials committee")
    COUNTING_BOARD = "counting_board", _("Counting board")


class WorkingBodySeat(models.Model):
    """A member of a working body, chosen from the roster by show of hands."""

    congress = models.ForeignKey(CongressDay, on_delete=models.CASCADE, related_name="body_seats")
    body = models.CharField(_("body"), max_length=20, choices=WorkingBodyKind.choices)
    attendee = models.ForeignKey(Attendee, on_delete=models.CASCADE, related_name="body_seats")
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["body", "position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["body", "attendee"], name="body_seat_once"),
        ]

    def __str__(self) -> str:
        return f"{self.get_body_display()}: {self.attendee}"


class AgendaKind(models.TextChoices):
    ITEM = "item", _("Agenda item")
    WORKING_BODIES = "working_bodies", _("Working bodies")
    NUMBER_TO_ELECT = "number_to_elect", _("Number to elect")
    ELECTORAL_LIST = "electoral_list", _("Electoral list")
    RESOLUTION = "resolution", _("Resolution")


class AgendaItem(models.Model):
    """One item of the programme; those that need one carry a show-of-hands vote."""

    congress = models.ForeignKey(CongressDay, on_delete=models.CASCADE, related_name="agenda")
    position = models.PositiveSmallIntegerField(default=0)
    title = models.CharField(_("title"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=AgendaKind.choices,
                            default=AgendaKind.ITEM)
    votes_for = models.PositiveIntegerField(_("for"), null=True, blank=True)
    votes_against = models.PositiveIntegerField(_("against"), null=True, blank=True)
    votes_abstain = models.PositiveIntegerField(_("abstain"), null=True, blank=True)

    class Meta:
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.title

    @property
    def needs_vote(self) -> bool:
        return self.kind != AgendaKind.ITEM


class ElectionStatus(models.TextChoices):
    PREPARING = "preparing", _("Preparing the list")
    COUNTING = "counting", _("Voting and counting")
    CERTIFIED = "certified", _("Result certified")


class Election(models.Model):
    """One election (one list, one round) at a congress."""

    congress = models.ForeignKey(CongressDay, on_delete=models.CASCADE, related_name="elections")
    body = models.CharField(_("body"), max_length=24, default="committee")
    title = models.CharField(_("title"), max_length=200)
    seats = models.PositiveSmallIntegerField(_("number to elect"))
    round = models.CharField(_("round"), max_length=12, default="first")
    previous = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL,
                                 related_name="next_rounds")
    # When the rules leave a further round or a re-vote to the congress: its decision, as the
    # presidium recorded it (printed with the round).
    opening_decision = models.TextField(_("congress decision that opened this round"),
                                        blank=True)
    status = models.CharField(_("status"), max_length=12, choices=ElectionStatus.choices,
                              default=ElectionStatus.PREPARING)
    ballots_issued = models.PositiveIntegerField(_("ballots issued"), null=True, blank=True)
    # Collected more than issued (or any other discrepancy): the board's explanation.
    discrepancy_note = models.TextField(_("explanation of the totals"), blank=True)
    batch_size = models.PositiveSmallIntegerField(_("ballots per batch"), default=50)
    counters = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True,
                                      related_name="counting_elections",
                                      verbose_name=_("counting board users"))
    # The head of the counting board among ``counters``: the one who may reopen a certified
    # result (with a written reason).
    board_head = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="+",
                                   verbose_name=_("head of the counting board"))
    # An imported election keeps the roster figures of its document.
    roster_convened = models.PositiveIntegerField(null=True, blank=True)
    roster_excluded = models.PositiveIntegerField(null=True, blank=True)
    counting_started_at = models.DateTimeField(null=True, blank=True)
    certified_at = models.DateTimeField(null=True, blank=True)
    # The engine's result document (daihoi-result/1) as last certified: the archive of who was
    # elected, read by the superior's reports; never recomputed once certified. It stays while
    # a certified result is reopened, so that the superior sees the certified version only.
    result = models.JSONField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["congress", "id"]

    def __str__(self) -> str:
        return self.title

    @property
    def is_certified(self) -> bool:
        return self.status == ElectionStatus.CERTIFIED

    @property
    def is_draft(self) -> bool:
        """True until the counting board certifies the result: anything printed from it
        (minutes, entry log) is a draft ("DỰ THẢO — chưa xác nhận")."""
        return self.status != ElectionStatus.CERTIFIED

    @property
    def is_reopened(self) -> bool:
        """Certified once, reopened since, and not certified again yet."""
        return not self.is_certified and self.certifications.exists()

    def current_certification(self) -> Certification | None:
        """The certification in force (None while a draft)."""
        if not self.is_certified:
            return None
        return self.certifications.order_by("-number").first()

    def last_certification(self) -> Certification | None:
        """The latest certification, in force or reopened."""
        return self.certifications.order_by("-number").first()


class Certification(models.Model):
    """One certification of an election's result by the counting board, numbered 1, 2, ...

    A certified result changes only through a reopening by the head of the counting board with
    a written reason (recorded here); the next certification ``replaces`` this one, so that
    its minutes say which earlier minutes they replace.
    """

    election = models.ForeignKey(Election, on_delete=models.CASCADE,
                                 related_name="certifications")
    number = models.PositiveSmallIntegerField(_("number"))
    certified_at = models.DateTimeField(_("certified at"))
    # None only for a result certified before certifications were recorded one by one.
    certified_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                     on_delete=models.PROTECT, related_name="+",
                                     verbose_name=_("certified by"))
    # SHA-256 of the result document (canonical JSON), printed on the minutes.
    digest = models.CharField(_("digest"), max_length=64)
    result = models.JSONField(editable=False)
    replaces = models.OneToOneField("self", null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="replaced_by",
                                    verbose_name=_("replaces the certification"))
    reopened_at = models.DateTimeField(_("reopened at"), null=True, blank=True)
    reopened_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="+",
                                    verbose_name=_("reopened by"))
    reopen_reason = models.TextField(_("reason for reopening"), blank=True)

    class Meta:
        ordering = ["election", "number"]
        constraints = [
            models.UniqueConstraint(fields=["election", "number"],
                                    name="certification_number_once"),
        ]

    def __str__(self) -> str:
        return f"{self.election} #{self.number}"


class CandidateSource(models.TextChoices):
    PLAN = "plan", _("Personnel plan")
    COMMITTEE = "committee", _("Convening committee")
    FLOOR = "floor", _("Floor nomination")
    SELF = "self", _("Self-nomination")
    ROUND = "round", _("Previous round")


class Candidate(models.Model):
    election = models.ForeignKey(Election, on_delete=models.CASCADE, related_name="candidates")
    full_name = models.CharField(_("full name"), max_length=120)
    member = models.ForeignKey(Member, null=True, blank=True, on_delete=models.PROTECT,
                               related_name="candidacies")
    source = models.CharField(_("source"), max_length=12, choices=CandidateSource.choices,
                              default=CandidateSource.COMMITTEE)
    supporters = models.PositiveIntegerField(_("supporters"), null=True, blank=True)
    withdrawn = models.BooleanField(_("withdrawn"), default=False)
    withdrawal_decision = models.CharField(_("congress decision"), max_length=300, blank=True)
    # 1-based number on the ballot, in ballot order; None while withdrawn.
    number = models.PositiveSmallIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["number", "id"]

    def __str__(self) -> str:
        return self.full_name


class BatchStatus(models.TextChoices):
    OPEN = "open", _("Being keyed")
    MISMATCH = "mismatch", _("Entries differ")
    FINAL = "final", _("Final")


class Batch(models.Model):
    """A stack of collected ballots keyed twice, independently."""

    election = models.ForeignKey(Election, on_delete=models.CASCADE, related_name="batches")
    number = models.PositiveIntegerField()
    status = models.CharField(max_length=10, choices=BatchStatus.choices,
                              default=BatchStatus.OPEN)
    imported = models.BooleanField(default=False)
    decision_note = models.TextField(blank=True)
    # The board's ruling on a mismatch takes two members: one proposes what the differing
    # papers say (``proposal``: position -> canonical content, None for "no such ballot"),
    # another confirms it; ``decided_by`` proposed, ``confirmed_by`` confirmed.
    proposal = models.JSONField(null=True, blank=True)
    proposal_note = models.TextField(blank=True)
    proposed_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="+")
    confirmed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                     on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    final_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["election", "number"]
        constraints = [
            models.UniqueConstraint(fields=["election", "number"], name="batch_number_once"),
        ]

    def __str__(self) -> str:
        return f"{self.election} #{self.number}"


class Entry(models.Model):
    """One clerk's keying of one batch."""

    batch = models.ForeignKey(Batch, on_delete=models.CASCADE, related_name="entries")
    clerk = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                              related_name="ballot_entries")
    started_at = models.DateTimeField(auto_now_add=True)
    submitted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["batch", "id"]
        constraints = [
            models.UniqueConstraint(fields=["batch", "clerk"], name="entry_one_per_clerk"),
        ]

    def __str__(self) -> str:
        return f"{self.batch} / {self.clerk}"


# What one paper says, canonical text: "" (nothing struck / all agree), "2 5" (numbers struck,
# or disagree), "3b 4n" (both / neither box), or "!not_issued" (a defect).
class KeyedBallot(models.Model):
    entry = models.ForeignKey(Entry, on_delete=models.CASCADE, related_name="ballots")
    position = models.PositiveSmallIntegerField()
    content = models.CharField(max_length=400, blank=True)
    # Client-generated, so that a retried POST is never counted twice.
    idempotency_key = models.CharField(max_length=64)

    class Meta:
        ordering = ["entry", "position"]
        constraints = [
            models.UniqueConstraint(fields=["entry", "position"], name="keyed_position_once"),
            models.UniqueConstraint(fields=["entry", "idempotency_key"], name="keyed_key_once"),
        ]

    def __str__(self) -> str:
        return f"{self.position}: {self.content}"


class FinalBallot(models.Model):
    """A ballot of a final batch: what both entries agreed on, or what the board decided."""

    batch = models.ForeignKey(Batch, on_delete=models.CASCADE, related_name="final_ballots")
    position = models.PositiveSmallIntegerField()
    content = models.CharField(max_length=400, blank=True)
    decided = models.BooleanField(default=False)

    class Meta:
        ordering = ["batch", "position"]
        constraints = [
            models.UniqueConstraint(fields=["batch", "position"], name="final_position_once"),
        ]

    def __str__(self) -> str:
        return f"{self.position}: {self.content}"


class StoredRulebook(models.Model):
    """A rulebook a congress uploaded (its own copy of a regulation's rules), kept as content:
    the server never reads a rulebook from a path a user names. Usable by the congresses of
    its organisation's subtree."""

    rulebook_id = models.CharField(_("rulebook id"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=200)
    organization = models.ForeignKey(
        Organization, verbose_name=_("organisation"), on_delete=models.PROTECT,
        related_name="rulebooks",
    )
    content = models.TextField(editable=False)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                    related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["rulebook_id"]
        verbose_name = _("uploaded rulebook")

    def __str__(self) -> str:
        return self.rulebook_id
