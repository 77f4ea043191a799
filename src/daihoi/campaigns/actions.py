"""Writes to campaigns and congresses: one transactional function each, each audited.

Other apps call ``do_mark_congress_held`` and ``do_report_results`` when the congress day
is over. ``acting_user=None`` is the system (the CLI, the demo loader): it may do anything.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import Count, Max
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from daihoi.accounts.models import User
from daihoi.audit.log import diff, record, save_audited, snapshot
from daihoi.campaigns.access import actors_for, can_manage
from daihoi.campaigns.documents import check_document
from daihoi.campaigns.models import (
    MILESTONE_LABELS,
    CadreTransfer,
    Campaign,
    Comment,
    Congress,
    CongressDocument,
    CongressKind,
    DocumentType,
    Notification,
    PersonnelPlan,
    PlanEntry,
    Position,
    Reminder,
    Transition,
)
from daihoi.campaigns.standing import campaign_end
from daihoi.campaigns.workflow import (
    RANK,
    Actor,
    State,
    may_advance,
    may_send_back,
    overdue,
    previous_state,
    suggested_kind_is_delegates,
)
from daihoi.orgs.models import GRASSROOTS_KINDS, Member, MemberStatus, Organization

CAMPAIGN_FIELDS = [
    "superior_id", "name", "term_start", "term_end", "plan_number", "plan_date", "directives",
    "subordinate_deadline", "superior_congress_date", "documents_due", "comments_due",
    "personnel_plan_due", "window_start", "window_end", "results_due", "target_women",
    "target_under35", "target_minorities", "target_new_members",
]
CONGRESS_FIELDS = ["kind", "planned_date", "place"]


class WorkflowError(ValueError):
    """The congress is not in a state that allows this step; the message says why."""


def official_member_counts(orgs: Sequence[Organization]) -> dict[int, int]:
    """Official active members in each organisation's subtree: one query for them all."""
    if not orgs:
        return {}
    by_path = {o.path: o.pk for o in orgs}
    counts: dict[int, int] = defaultdict(int)
    common = min(by_path, key=len)
    common = "/".join(common.split("/")[:-2]) + "/" if len(by_path) > 1 else common
    rows = (Member.objects.filter(status=MemberStatus.OFFICIAL, active=True,
                                  organization__path__startswith=common)
            .values("organization__path").annotate(n=Count("id")))
    for row in rows:
        parts = row["organization__path"].strip("/").split("/")
        for i in range(len(parts)):
            pk = by_path.get("/" + "/".join(parts[: i + 1]) + "/")
            if pk is not None:
                counts[pk] += row["n"]
    return dict(counts)


@transaction.atomic
def do_create_campaign(*, acting_user: User | None, superior: Organization,
                       **values: Any) -> Campaign:
    """The campaign and one congress for every active grassroots organisation under it."""
    campaign = Campaign(superior=superior, **values)
    campaign.full_clean()
    campaign.save()
    subordinates = list(Organization.objects.filter(parent=superior, active=True,
                                                    kind__in=GRASSROOTS_KINDS))
    counts = official_member_counts(subordinates)
    Congress.objects.bulk_create([
        Congress(campaign=campaign, organization=org, official_members=counts.get(org.pk, 0),
                 kind=CongressKind.DELEGATES if suggested_kind_is_delegates(counts.get(org.pk, 0))
                 else CongressKind.MEMBERS)
        for org in subordinates
    ], batch_size=500)
    record(acting_user=acting_user, action="campaign.create", obj=campaign,
           changes={**diff({}, snapshot(campaign, CAMPAIGN_FIELDS)),
                    "congresses_created": len(subordinates)},
           also=[campaign.congresses.all()])
    return campaign


@transaction.atomic
def do_update_campaign(campaign: Campaign, *, acting_user: User | None,
                       **values: Any) -> Campaign:
    return save_audited(campaign, acting_user=acting_user, action="campaign.update",
                        fields=CAMPAIGN_FIELDS, values=values)


def _require(user: User | None, congress: Congress, side: Actor) -> None:
    if side not in actors_for(user, congress):
        raise PermissionDenied


@transaction.atomic
def do_update_congress(congress: Congress, *, acting_user: User | None, kind: str,
                       planned_date: dt.date | None, place: str) -> Congress:
    if not actors_for(acting_user, congress):
        raise PermissionDenied
    old = snapshot(congress, CONGRESS_FIELDS)
    congress.kind, congress.planned_date, congress.place = kind, planned_date, place
    congress.full_clean()
    congress.save(update_fields=CONGRESS_FIELDS)
    changes = diff(old, snapshot(congress, CONGRESS_FIELDS))
    if changes:
        record(acting_user=acting_user, action="congress.update", obj=congress, changes=changes)
    return congress


def _move(congress: Congress, target: State, *, acting_user: User | None,
          at: dt.datetime | None, reason: str = "", back: bool = False,
          on: dt.date | None = None) -> Transition:
    """Move one step (forward, or back with a reason), locking the row against a race. The
    step is dated ``on`` (the day of the event it records), by default the day of ``at``."""
    locked = Congress.objects.select_for_update().get(pk=congress.pk)
    current = State(locked.state)
    actors = actors_for(acting_user, congress)
    if back:
        if not may_send_back(current, actors):
            if Actor.SUPERIOR not in actors:
                raise PermissionDenied
            raise WorkflowError(_("This congress cannot be sent back from its current state."))
    elif not may_advance(current, target, actors):
        if current == target or State(congress.state) != current:
            raise WorkflowError(_("Someone else has just changed this congress's state. "
                                  "Reload the page."))
        if actors and not may_advance(current, target, {Actor.ORG, Actor.SUPERIOR}):
            raise WorkflowError(
                _("This step is not possible now: the congress is at “%(state)s”.")
                % {"state": locked.get_state_display()}
            )
        raise PermissionDenied
    when = at or timezone.now()
    transition = Transition.objects.create(
        congress=congress, from_state=current, to_state=target, sent_back=back,
        reason=reason, by=acting_user, at=when, on=on or timezone.localdate(when),
    )
    congress.state = target
    congress.state_changed_at = when
    Congress.objects.filter(pk=congress.pk).update(state=target, state_changed_at=when)
    record(acting_user=acting_user, action="congress.send_back" if back else "congress.advance",
           obj=congress, changes={"state": [current.value, target.value], "reason": reason})
    return transition


@transaction.atomic
def do_submit_documents(congress: Congress, *, acting_user: User | None,
                        at: dt.datetime | None = None) -> Transition:
    present = set(congress.documents.values_list("doc_type", flat=True))
    if present != set(DocumentType.values):
        raise WorkflowError(_("Upload both the political report and the committee self-review "
                              "before submitting."))
    return _move(congress, State.DOCUMENTS_SUBMITTED, acting_user=acting_user, at=at)


@transaction.atomic
def do_give_comments(congress: Congress, *, acting_user: User | None,
                     at: dt.datetime | None = None) -> Transition:
    return _move(congress, State.COMMENTS_GIVEN, acting_user=acting_user, at=at)


@transaction.atomic
def do_approve_personnel_plan(congress: Congress, *, acting_user: User | None,
                              at: dt.datetime | None = None) -> Transition:
    plan = PersonnelPlan.objects.filter(congress=congress).first()
    if plan is None or not plan.entries.filter(position=Position.SECRETARY).exists():
        raise WorkflowError(_("The personnel plan must name at least the secretary before it "
                              "is approved."))
    transition = _move(congress, State.PERSONNEL_PLAN_APPROVED, acting_user=acting_user, at=at)
    plan.approved_at, plan.approved_by = transition.at, acting_user
    plan.save(update_fields=["approved_at", "approved_by"])
    return transition


@transaction.atomic
def do_mark_congress_held(congress: Congress, *, acting_user: User | None,
                          held_on: dt.date, at: dt.datetime | None = None) -> Transition:
    transition = _move(congress, State.HELD, acting_user=acting_user, at=at, on=held_on)
    congress.held_on = held_on
    Congress.objects.filter(pk=congress.pk).update(held_on=held_on)
    record(acting_user=acting_user, action="congress.held", obj=congress,
           changes={"held_on": held_on})
    return transition


@transaction.atomic
def do_report_results(congress: Congress, *, acting_user: User | None,
                      at: dt.datetime | None = None) -> Transition:
    transition = _move(congress, State.RESULTS_REPORTED, acting_user=acting_user, at=at)
    congress.results_reported_on = timezone.localdate(transition.at)
    Congress.objects.filter(pk=congress.pk).update(
        results_reported_on=congress.results_reported_on)
    return transition


@transaction.atomic
def do_approve_results(congress: Congress, *, acting_user: User | None,
                       at: dt.datetime | None = None) -> Transition:
    return _move(congress, State.RESULTS_APPROVED, acting_user=acting_user, at=at)


@transaction.atomic
def do_send_back(congress: Congress, *, acting_user: User | None, reason: str) -> Transition:
    reason = reason.strip()
    if not reason:
        raise WorkflowError(_("Give the reason for sending the congress back."))
    target = previous_state(State(congress.state))
    if target is None:
        raise WorkflowError(_("This congress cannot be sent back from its current state."))
    transition = _move(congress, target, acting_user=acting_user, at=None, reason=reason,
                       back=True)
    if target == State.COMMENTS_GIVEN:
        PersonnelPlan.objects.filter(congress=congress).update(approved_at=None,
                                                               approved_by=None)
    if target == State.PERSONNEL_PLAN_APPROVED:
        Congress.objects.filter(pk=congress.pk).update(held_on=None)
    return transition


@transaction.atomic
def do_upload_document(congress: Congress, *, acting_user: User | None, doc_type: str,
                       name: str, data: bytes, note: str = "",
                       at: dt.datetime | None = None) -> CongressDocument:
    """A new version of a document (the first draft, or a revision answering comments)."""
    _require(acting_user, congress, Actor.ORG)
    if State(congress.state) not in (State.PREPARING, State.DOCUMENTS_SUBMITTED,
                                     State.COMMENTS_GIVEN):
        raise WorkflowError(_("Documents can no longer be changed once the personnel plan is "
                              "approved."))
    fmt = check_document(name, data)
    last = (CongressDocument.objects.filter(congress=congress, doc_type=doc_type)
            .aggregate(v=Max("version"))["v"] or 0)
    document = CongressDocument(
        congress=congress, doc_type=doc_type, version=last + 1, original_name=name[:200],
        file_format=fmt, size=len(data), note=note, uploaded_by=acting_user,
        uploaded_at=at or timezone.now(),
    )
    document.file.save(f"{doc_type}.{fmt}", ContentFile(data), save=False)
    document.full_clean()
    document.save()
    record(acting_user=acting_user, action="congress.document", obj=congress,
           changes={"doc_type": doc_type, "version": document.version, "format": fmt,
                    "size": len(data), "name": name})
    return document


@transaction.atomic
def do_comment(document: CongressDocument, *, acting_user: User | None, body: str,
               parent: Comment | None = None, at: dt.datetime | None = None) -> Comment:
    """The superior comments on a version; either side replies to a comment."""
    actors = actors_for(acting_user, document.congress)
    if parent is None and Actor.SUPERIOR not in actors:
        raise PermissionDenied
    if not actors:
        raise PermissionDenied
    if parent is not None and parent.document_id != document.pk:
        raise WorkflowError(_("The reply must belong to the same document."))
    body = body.strip()
    if not body:
        raise WorkflowError(_("The comment is empty."))
    comment = Comment.objects.create(document=document, parent=parent, author=acting_user,
                                     body=body, created_at=at or timezone.now())
    record(acting_user=acting_user, action="congress.comment", obj=document.congress,
           changes={"document": document.pk, "version": document.version,
                    "parent": parent.pk if parent else None, "body": body[:500]})
    return comment


@transaction.atomic
def do_save_personnel_plan(
    congress: Congress, *, acting_user: User | None, committee_size: int,
    committee: Iterable[Member], standing: Iterable[Member] = (),
    secretary: Member | None = None, deputies: Iterable[Member] = (),
    inspection: Iterable[Member] = (), backups: Iterable[Member] = (),
    new_to_committee: Iterable[Member] = (), note: str = "",
) -> PersonnelPlan:
    """Replace the plan's names. Only before approval; the form checks consistency."""
    _require(acting_user, congress, Actor.ORG)
    if RANK[State(congress.state)] >= RANK[State.PERSONNEL_PLAN_APPROVED]:
        raise WorkflowError(_("The personnel plan is approved: ask the superior to send it "
                              "back before changing it."))
    now = timezone.now()
    plan, _created = PersonnelPlan.objects.get_or_create(
        congress=congress, defaults={"committee_size": committee_size, "updated_at": now})
    plan.committee_size, plan.note, plan.updated_at = committee_size, note, now
    plan.save()
    new_ids = {m.pk for m in new_to_committee}
    groups: list[tuple[str, Iterable[Member]]] = [
        (Position.COMMITTEE, committee), (Position.STANDING, standing),
        (Position.SECRETARY, [secretary] if secretary else []), (Position.DEPUTY, deputies),
        (Position.INSPECTION, inspection), (Position.BACKUP, backups),
    ]
    plan.entries.all().delete()
    entries = [PlanEntry(plan=plan, member=m, position=pos,
                         new_to_committee=pos == Position.COMMITTEE and m.pk in new_ids)
               for pos, people in groups for m in dict.fromkeys(people)]
    PlanEntry.objects.bulk_create(entries)
    record(acting_user=acting_user, action="congress.personnel_plan", obj=congress,
           changes={"committee_size": committee_size,
                    "entries": sorted([e.position, e.member_id] for e in entries)})
    return plan


@transaction.atomic
def do_record_transfer(congress: Congress, *, acting_user: User | None, member: Member,
                       transferred_on: dt.date, intended_position: str,
                       note: str = "") -> CadreTransfer:
    _require(acting_user, congress, Actor.SUPERIOR)
    if member.organization.path.startswith(congress.organization.path):
        raise WorkflowError(_("This cadre is already a member of the organisation."))
    transfer = CadreTransfer(member=member, from_org=member.organization, congress=congress,
                             transferred_on=transferred_on, intended_position=intended_position,
                             note=note, created_at=timezone.now())
    transfer.full_clean()
    transfer.save()
    record(acting_user=acting_user, action="congress.transfer", obj=congress,
           changes={"member": member.pk, "from": member.organization_id,
                    "date": transferred_on, "position": intended_position})
    return transfer


def _reminder_text(congress: Congress, late: list[str]) -> tuple[str, str]:
    title = _("Urging notice: %(org)s") % {"org": congress.organization.name}
    body = _("The %(campaign)s plan (%(plan)s) is overdue for your organisation: %(items)s. "
             "Please complete these steps and report to the superior.") % {
        "campaign": congress.campaign.name, "plan": congress.campaign.plan_number,
        "items": "; ".join(late),
    }
    return title, body


@transaction.atomic
def do_send_reminders(campaign: Campaign, *, acting_user: User | None, today: dt.date,
                      congress_ids: Iterable[int] | None = None) -> list[Reminder]:
    """An urging notice to each overdue organisation: one notification, an e-mail to its
    users with an address, a Reminder row and an audit entry. At most one per congress per
    day: running it again the same day sends nothing. Only for a running campaign: once past
    its superior's congress, nobody is urged any more."""
    if acting_user is not None and not can_manage(acting_user, campaign):
        raise PermissionDenied
    end = campaign_end(campaign.superior_congress_date, campaign.results_due,
                       campaign.subordinate_deadline)
    if max(today, timezone.localdate()) > end:  # over now, whatever day lateness is judged on
        raise WorkflowError(_("The campaign ended on %(date)s: urging notices are sent only "
                              "while a campaign runs.") % {"date": f"{end:%d/%m/%Y}"})
    congresses = campaign.congresses.select_related("organization", "campaign")
    if congress_ids is not None:
        congresses = congresses.filter(pk__in=list(congress_ids))
    already = set(Reminder.objects.filter(congress__campaign=campaign, sent_on=today)
                  .values_list("congress_id", flat=True))
    due = campaign.milestone_dates()
    late_by_congress = {}
    for congress in congresses:
        late = overdue(State(congress.state), today, due)
        if late and congress.pk not in already:
            late_by_congress[congress.pk] = (congress, late)
    users_by_org: dict[int, list[User]] = defaultdict(list)
    for user in User.objects.filter(
            organization_id__in=[c.organization_id for c, _l in late_by_congress.values()],
            is_active=True):
        if user.organization_id is not None:
            users_by_org[user.organization_id].append(user)
    sent: list[Reminder] = []
    with translation.override(settings.LANGUAGE_CODE):
        for congress, late in late_by_congress.values():
            items = [f"{MILESTONE_LABELS[o.milestone]} ({o.due:%d/%m/%Y})" for o in late]
            title, body = _reminder_text(congress, items)
            now = timezone.now()
            try:
                with transaction.atomic():
                    reminder = Reminder.objects.create(
                        congress=congress, sent_on=today, sent_by=acting_user, sent_at=now,
                        milestones=[o.milestone.value for o in late])
            except IntegrityError:
                continue  # another run claimed this congress today
            notification = Notification.objects.create(
                organization=congress.organization, congress=congress, title=title,
                body=body, created_at=now)
            addresses = [u.email for u in users_by_org.get(congress.organization_id, [])
                         if u.email]
            emails = 0
            if addresses:
                emails = send_mail(title, body, settings.DEFAULT_FROM_EMAIL, addresses,
                                   fail_silently=True) and len(addresses)
            reminder.notification, reminder.emails_sent = notification, emails
            reminder.save(update_fields=["notification", "emails_sent"])
            record(acting_user=acting_user, action="campaign.remind", obj=congress,
                   changes={"milestones": reminder.milestones, "emails": emails,
                            "sent_on": today})
            sent.append(reminder)
    return sent


@transaction.atomic
def do_mark_notifications_read(notifications: Sequence[Notification], *,
                               acting_user: User) -> int:
    for notification in notifications:
        notification.read_by.add(acting_user)
    if notifications:
        record(acting_user=acting_user, action="notification.read",
               object_type="campaigns.notification",
               object_id=",".join(str(n.pk) for n in notifications[:20]),
               object_repr=f"{len(notifications)}")
    return len(notifications)
