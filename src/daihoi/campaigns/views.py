"""Campaign and congress pages. Views parse input, call one action, render or redirect."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from daihoi.accounts.permissions import (
    require_superior_staff,
    signed_in_user,
    visible_members,
)
from daihoi.campaigns import actions, status
from daihoi.campaigns.access import (
    actors_for,
    can_manage,
    can_monitor,
    get_campaign_for_user,
    get_congress_for_user,
    get_document_for_user,
    visible_campaigns,
)
from daihoi.campaigns.documents import DocumentError
from daihoi.campaigns.forms import (
    CampaignForm,
    CommentForm,
    CongressForm,
    PersonnelPlanForm,
    SendBackForm,
    TransferForm,
    UploadForm,
)
from daihoi.campaigns.models import (
    MILESTONE_LABELS,
    CadreTransfer,
    Campaign,
    Comment,
    Congress,
    CongressKind,
    CongressState,
    Notification,
    PersonnelPlan,
    Position,
)
from daihoi.campaigns.personnel import Person, structure
from daihoi.campaigns.standing import ANY_MILESTONE, AsOf
from daihoi.campaigns.workflow import Actor, State, may_advance, next_state
from daihoi.orgs.models import Member, MemberStatus

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


# --- campaigns -----------------------------------------------------------------------

@login_required
@require_GET
def campaign_list(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    campaigns = visible_campaigns(request).select_related("superior")
    own = {c.pk: c for c in Congress.objects.filter(
        campaign__in=campaigns, organization_id=user.organization_id)}
    items = [{"campaign": c, "monitor": can_monitor(user, c),
              "own": next((x for x in own.values() if x.campaign_id == c.pk), None)}
             for c in campaigns]
    can_create = (user.organization is not None and not user.is_superuser
                  and user.role == "superior_staff") or user.is_superuser
    return render(request, "campaigns/list.html", {"items": items, "can_create": can_create})


@login_required
@require_http_methods(["GET", "POST"])
def campaign_create(request: HttpRequest) -> HttpResponse:
    user = require_superior_staff(request)
    if user.organization is None:
        raise PermissionDenied
    form = CampaignForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        campaign = actions.do_create_campaign(acting_user=user, superior=user.organization,
                                              **form.cleaned_data)
        messages.success(request, _("Campaign created with %(n)d congresses.")
                         % {"n": campaign.congresses.count()})
        return redirect("campaigns:dashboard", pk=campaign.pk)
    return render(request, "campaigns/campaign_form.html", {"form": form})


@login_required
@require_http_methods(["GET", "POST"])
def campaign_edit(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = get_campaign_for_user(request, pk, manage=True)
    form = CampaignForm(request.POST or None, instance=campaign)
    if request.method == "POST" and form.is_valid():
        values = {k: form.cleaned_data[k] for k in form.Meta.fields}
        campaign = get_campaign_for_user(request, pk, manage=True)
        actions.do_update_campaign(campaign, acting_user=signed_in_user(request), **values)
        messages.success(request, _("Changes saved."))
        return redirect("campaigns:dashboard", pk=pk)
    return render(request, "campaigns/campaign_form.html", {"form": form, "campaign": campaign})


def _as_of(request: HttpRequest, campaign: Campaign) -> AsOf:
    return status.as_of_from_query(request, campaign)


def _day_query(when: AsOf) -> str:
    return urlencode({"ngay": when.day.isoformat()}) if when.chosen else ""


def _context(campaign: Campaign, when: AsOf, filters: dict[str, str]) -> dict[str, Any]:
    """What every campaign page shares: the day it is seen as of, kept by every link."""
    return {"campaign": campaign, "as_of": when, "day_query": _day_query(when),
            "filters": filters, "query": _query(filters, when),
            "kinds": CongressKind.choices, "states": CongressState.choices,
            "milestones": [(m.value, label) for m, label in MILESTONE_LABELS.items()],
            "any_milestone": ANY_MILESTONE}


@login_required
@require_GET
def dashboard(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = get_campaign_for_user(request, pk, monitor=True)
    when = _as_of(request, campaign)
    rows = status.rows_as_of(campaign, when)
    summary = status.summarize(campaign, rows, when.judged)
    today = timezone.localdate()
    manage = can_manage(signed_in_user(request), campaign)
    return render(request, "campaigns/dashboard.html", {
        **_context(campaign, when, {}),
        "summary": summary, "by_state": status.by_state(summary),
        "overdue": status.overdue_by_milestone(rows),
        "can_manage": manage,
        # Urging notices go out for a running campaign, judged today.
        "can_remind": manage and not when.finished and when.judged == today,
    })


def _filters(request: HttpRequest) -> dict[str, str]:
    kind = request.GET.get("kind", "")
    state = request.GET.get("state", "")
    late = request.GET.get("late", "")
    return {"kind": kind if kind in CongressKind.values else "",
            "state": state if state in CongressState.values else "",
            "late": late if late in status.LATE_CHOICES else ""}


def _filtered(request: HttpRequest, campaign: Campaign
              ) -> tuple[list[status.Row], dict[str, str], AsOf]:
    """The campaign's congresses as of the chosen day, filtered by the query string, the
    filters applied and the day: one function for the list, the chart, the calendar and the
    export, so the file exported is the list on screen."""
    when = _as_of(request, campaign)
    filters = _filters(request)
    rows = status.filter_rows(status.rows_as_of(campaign, when), **filters)
    return rows, filters, when


def _query(filters: dict[str, str], when: AsOf | None = None) -> str:
    """The filters applied (and the chosen day), as a query string for the pager and the
    export link."""
    values = {k: v for k, v in filters.items() if v}
    if when is not None and when.chosen:
        values["ngay"] = when.day.isoformat()
    return urlencode(values)


@login_required
@require_GET
def congress_list(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = get_campaign_for_user(request, pk, monitor=True)
    rows, filters, when = _filtered(request, campaign)
    page = Paginator(rows, 100).get_page(request.GET.get("page"))
    return render(request, "campaigns/congress_list.html", {
        **_context(campaign, when, filters), "page": page, "rows": page.object_list,
    })


@login_required
@require_GET
def chart(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = get_campaign_for_user(request, pk, monitor=True)
    rows, _applied, _when = _filtered(request, campaign)
    return HttpResponse(status.timeline_svg(campaign, rows), content_type="image/svg+xml")


def _month_label(day: dt.date) -> str:
    """A month as the calendar's title writes it (03/2010), never the URL's value."""
    return f"{day:%m/%Y}"


@login_required
@require_GET
def calendar(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = get_campaign_for_user(request, pk, monitor=True)
    rows, filters, when = _filtered(request, campaign)
    start = campaign.window_start or when.judged
    end = campaign.window_end or campaign.subordinate_deadline
    default = when.judged if when.chosen or start <= when.judged <= end else start
    try:
        first = dt.datetime.strptime(request.GET.get("thang", ""), "%Y-%m").date()  # noqa: DTZ007
    except ValueError:
        first = default.replace(day=1)
    prev_month = (first - dt.timedelta(days=1)).replace(day=1)
    next_month = (first + dt.timedelta(days=32)).replace(day=1)
    query = _query(filters, when)
    return render(request, "campaigns/calendar.html", {
        **_context(campaign, when, filters),
        "first": first, "weeks": status.month_grid(rows, first.year, first.month),
        "prev": urlencode({"thang": f"{prev_month:%Y-%m}"}) + (f"&{query}" if query else ""),
        "next": urlencode({"thang": f"{next_month:%Y-%m}"}) + (f"&{query}" if query else ""),
        "prev_label": _month_label(prev_month), "next_label": _month_label(next_month),
    })


@login_required
@require_GET
def export(request: HttpRequest, pk: int) -> HttpResponse:
    """The congresses of the list on screen (the same filters and day, from the link's query
    string) as an Excel file whose first lines say which filter and which day."""
    campaign = get_campaign_for_user(request, pk, monitor=True)
    rows, filters, when = _filtered(request, campaign)
    response = HttpResponse(status.export_xlsx(campaign, rows, filters=filters, day=when.judged),
                            content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="dot-dai-hoi-{campaign.pk}.xlsx"'
    return response


@login_required
@require_POST
def remind(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = get_campaign_for_user(request, pk, manage=True)
    ids = [int(x) for x in request.POST.getlist("congress") if x.isdigit()] or None
    try:
        sent = actions.do_send_reminders(campaign, acting_user=signed_in_user(request),
                                         today=timezone.localdate(), congress_ids=ids)
    except actions.WorkflowError as exc:
        messages.error(request, str(exc))
        return redirect("campaigns:dashboard", pk=pk)
    if sent:
        messages.success(request, _("Urging notices sent to %(n)d organisation(s).")
                         % {"n": len(sent)})
    else:
        messages.info(request, _("No urging notice to send: no overdue organisation, or all "
                                 "were reminded today."))
    return redirect("campaigns:dashboard", pk=pk)


# --- one congress --------------------------------------------------------------------

STEP_ACTIONS: dict[State, Any] = {
    State.DOCUMENTS_SUBMITTED: actions.do_submit_documents,
    State.COMMENTS_GIVEN: actions.do_give_comments,
    State.PERSONNEL_PLAN_APPROVED: actions.do_approve_personnel_plan,
    State.HELD: actions.do_mark_congress_held,
    State.RESULTS_REPORTED: actions.do_report_results,
    State.RESULTS_APPROVED: actions.do_approve_results,
}


def _threads(comments: list[Comment]) -> dict[int, list[tuple[int, Comment]]]:
    """Per document: (depth, comment) in reading order, replies under what they answer."""
    children: dict[int | None, list[Comment]] = defaultdict(list)
    for c in comments:
        children[c.parent_id].append(c)
    out: dict[int, list[tuple[int, Comment]]] = defaultdict(list)

    def walk(c: Comment, depth: int) -> None:
        out[c.document_id].append((min(depth, 4), c))
        for reply in children.get(c.pk, []):
            walk(reply, depth + 1)

    for root in children.get(None, []):
        walk(root, 0)
    return out


@login_required
@require_GET
def congress_detail(request: HttpRequest, pk: int) -> HttpResponse:
    congress = get_congress_for_user(request, pk)
    actors = actors_for(signed_in_user(request), congress)
    state = State(congress.state)
    target = next_state(state)
    documents = list(congress.documents.select_related("uploaded_by"))
    comments = list(Comment.objects.filter(document__congress=congress)
                    .select_related("author"))
    threads = _threads(comments)
    for d in documents:
        d.thread = threads.get(d.pk, [])  # type: ignore[attr-defined]
    return render(request, "campaigns/congress_detail.html", {
        "congress": congress, "campaign": congress.campaign,
        "transitions": congress.transitions.select_related("by"),
        "documents": documents,
        "next_state": target, "next_label": CongressState(target).label if target else "",
        "can_step": target is not None and may_advance(state, target, actors),
        "can_send_back": Actor.SUPERIOR in actors and state != State.PREPARING,
        "is_superior": Actor.SUPERIOR in actors, "is_org": Actor.ORG in actors,
        "can_monitor": can_monitor(signed_in_user(request), congress.campaign),
        "transfers": congress.transfers.select_related("member", "from_org"),
        "reminders": congress.reminders.all()[:10],
        "step_held": target == State.HELD, "today": timezone.localdate(),
        "comment_form": CommentForm(), "send_back_form": SendBackForm(),
    })


@login_required
@require_http_methods(["GET", "POST"])
def congress_edit(request: HttpRequest, pk: int) -> HttpResponse:
    congress = get_congress_for_user(request, pk, write=True)
    form = CongressForm(request.POST or None, instance=congress)
    if request.method == "POST" and form.is_valid():
        congress = get_congress_for_user(request, pk, write=True)
        actions.do_update_congress(congress, acting_user=signed_in_user(request),
                                   **form.cleaned_data)
        messages.success(request, _("Changes saved."))
        return redirect("campaigns:congress", pk=pk)
    return render(request, "campaigns/congress_form.html", {"form": form, "congress": congress})


@login_required
@require_POST
def congress_step(request: HttpRequest, pk: int) -> HttpResponse:
    congress = get_congress_for_user(request, pk, write=True)
    target = request.POST.get("to", "")
    if target not in CongressState.values or target == State.PREPARING:
        messages.error(request, _("Unknown step."))
        return redirect("campaigns:congress", pk=pk)
    kwargs: dict[str, Any] = {}
    if target == State.HELD:
        try:
            kwargs["held_on"] = dt.date.fromisoformat(request.POST.get("held_on", ""))
        except ValueError:
            messages.error(request, _("Enter the date the congress was held."))
            return redirect("campaigns:congress", pk=pk)
    try:
        STEP_ACTIONS[State(target)](congress, acting_user=signed_in_user(request), **kwargs)
    except actions.WorkflowError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("The congress is now at “%(state)s”.")
                         % {"state": CongressState(target).label})
    return redirect("campaigns:congress", pk=pk)


@login_required
@require_POST
def congress_send_back(request: HttpRequest, pk: int) -> HttpResponse:
    congress = get_congress_for_user(request, pk, superior=True)
    form = SendBackForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give the reason for sending the congress back."))
        return redirect("campaigns:congress", pk=pk)
    try:
        actions.do_send_back(congress, acting_user=signed_in_user(request),
                             reason=form.cleaned_data["reason"])
    except actions.WorkflowError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("The congress was sent back."))
    return redirect("campaigns:congress", pk=pk)


@login_required
@require_http_methods(["GET", "POST"])
def document_upload(request: HttpRequest, pk: int) -> HttpResponse:
    congress = get_congress_for_user(request, pk)
    if Actor.ORG not in actors_for(signed_in_user(request), congress):
        raise PermissionDenied
    form = UploadForm(request.POST or None, request.FILES or None,
                      initial={"doc_type": request.GET.get("loai", "")})
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            actions.do_upload_document(
                congress, acting_user=signed_in_user(request),
                doc_type=form.cleaned_data["doc_type"], name=upload.name or "",
                data=upload.read(), note=form.cleaned_data["note"])
        except (DocumentError, actions.WorkflowError) as exc:
            form.add_error("file", str(exc))
            return render(request, "campaigns/upload.html",
                          {"form": form, "congress": congress}, status=400)
        messages.success(request, _("Document uploaded."))
        return redirect("campaigns:congress", pk=pk)
    return render(request, "campaigns/upload.html", {"form": form, "congress": congress},
                  status=400 if request.method == "POST" else 200)


@login_required
@require_GET
def document_file(request: HttpRequest, pk: int) -> FileResponse:
    document = get_document_for_user(request, pk)
    ext = document.file_format
    name = f"{document.doc_type}-v{document.version}.{ext}"
    return FileResponse(document.file.open("rb"), as_attachment=True, filename=name)


@login_required
@require_POST
def document_comment(request: HttpRequest, pk: int) -> HttpResponse:
    document = get_document_for_user(request, pk)
    form = CommentForm(request.POST)
    congress = document.congress
    if not actors_for(signed_in_user(request), congress):
        raise PermissionDenied
    if not form.is_valid():
        messages.error(request, _("The comment is empty."))
        return redirect("campaigns:congress", pk=congress.pk)
    parent = None
    if form.cleaned_data["parent"]:
        parent = Comment.objects.filter(pk=form.cleaned_data["parent"],
                                        document=document).first()
    try:
        actions.do_comment(document, acting_user=signed_in_user(request),
                           body=form.cleaned_data["body"], parent=parent)
    except actions.WorkflowError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Comment saved."))
    return redirect(reverse("campaigns:congress", args=[congress.pk]) + f"#doc-{document.pk}")


def _plan_members(congress: Congress) -> Any:
    transferred = CadreTransfer.objects.filter(congress=congress).values("member_id")
    return (Member.objects.filter(
        Q(organization__path__startswith=congress.organization.path,
          status=MemberStatus.OFFICIAL, active=True) | Q(pk__in=transferred))
        .order_by("sort_key", "id"))


@login_required
@require_http_methods(["GET", "POST"])
def personnel_plan(request: HttpRequest, pk: int) -> HttpResponse:
    congress = get_congress_for_user(request, pk)
    user = signed_in_user(request)
    is_org = Actor.ORG in actors_for(user, congress)
    if request.method == "POST" and not is_org:
        raise PermissionDenied
    plan = PersonnelPlan.objects.filter(congress=congress).first()
    entries = list(plan.entries.select_related("member")) if plan else []
    by_pos: dict[str, list[Any]] = defaultdict(list)
    for e in entries:
        by_pos[e.position].append(e)
    initial: dict[str, Any] = {}
    if plan:
        initial = {"committee_size": plan.committee_size, "note": plan.note,
                   "secretary": next((e.member for e in by_pos[Position.SECRETARY]), None),
                   "committee": [e.member for e in by_pos[Position.COMMITTEE]],
                   "standing": [e.member for e in by_pos[Position.STANDING]],
                   "deputies": [e.member for e in by_pos[Position.DEPUTY]],
                   "inspection": [e.member for e in by_pos[Position.INSPECTION]],
                   "backups": [e.member for e in by_pos[Position.BACKUP]],
                   "new_to_committee": [e.member for e in by_pos[Position.COMMITTEE]
                                        if e.new_to_committee]}
    editable = is_org and State(congress.state) in (State.PREPARING, State.DOCUMENTS_SUBMITTED,
                                                    State.COMMENTS_GIVEN)
    form = None
    if editable:
        form = PersonnelPlanForm(request.POST or None, members=_plan_members(congress),
                                 initial=initial)
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            try:
                actions.do_save_personnel_plan(
                    congress, acting_user=user, committee_size=data["committee_size"],
                    committee=data["committee"], standing=data["standing"],
                    secretary=data["secretary"], deputies=data["deputies"],
                    inspection=data["inspection"], backups=data["backups"],
                    new_to_committee=data["new_to_committee"], note=data["note"])
            except actions.WorkflowError as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, _("Personnel plan saved."))
                return redirect("campaigns:plan", pk=pk)
    elif request.method == "POST":
        messages.error(request, _("The personnel plan is approved: ask the superior to send it "
                                  "back before changing it."))
        return redirect("campaigns:plan", pk=pk)
    campaign = congress.campaign
    on = congress.planned_date or campaign.window_end or timezone.localdate()
    committee = [e for e in entries if e.position == Position.COMMITTEE]
    figures = structure(
        [Person(e.member.gender == "female", e.member.date_of_birth, e.member.ethnicity,
                e.new_to_committee) for e in committee], on,
        {"women": campaign.target_women, "under35": campaign.target_under35,
         "minorities": campaign.target_minorities, "new_members": campaign.target_new_members})
    labels = {"women": _("Women"), "under35": _("Under 35"),
              "minorities": _("Ethnic minorities"), "new_members": _("New to the committee")}
    return render(request, "campaigns/plan.html", {
        "congress": congress, "campaign": campaign, "plan": plan, "form": form,
        "positions": [(label, by_pos.get(value, [])) for value, label in Position.choices],
        "figures": [(labels[f.key], f) for f in figures],
        "transfers": congress.transfers.select_related("member", "from_org"),
        "status": 400 if form is not None and form.errors else 200,
    }, status=400 if form is not None and form.errors else 200)


@login_required
@require_http_methods(["GET", "POST"])
def transfer_create(request: HttpRequest, pk: int) -> HttpResponse:
    congress = get_congress_for_user(request, pk, superior=True)
    members = (visible_members(request)
               .filter(organization__path__startswith=congress.campaign.superior.path,
                       active=True)
               .exclude(organization__path__startswith=congress.organization.path)
               .select_related("organization").order_by("sort_key", "id"))
    form = TransferForm(request.POST or None, members=members)
    if request.method == "POST" and form.is_valid():
        try:
            actions.do_record_transfer(congress, acting_user=signed_in_user(request),
                                       **form.cleaned_data)
        except actions.WorkflowError as exc:
            form.add_error("member", str(exc))
        else:
            messages.success(request, _("Cadre transfer recorded."))
            return redirect("campaigns:plan", pk=pk)
    return render(request, "campaigns/transfer_form.html", {"form": form, "congress": congress})


# --- notifications -------------------------------------------------------------------

@login_required
@require_http_methods(["GET", "POST"])
def notifications(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    items = Notification.objects.filter(organization_id=user.organization_id or 0)
    if request.method == "POST":
        unread = list(items.exclude(read_by=user))
        actions.do_mark_notifications_read(unread, acting_user=user)
        return redirect("campaigns:notifications")
    page = Paginator(items.select_related("congress"), 30).get_page(request.GET.get("page"))
    read = set(Notification.read_by.through.objects.filter(
        user_id=user.pk, notification_id__in=[n.pk for n in page.object_list])
        .values_list("notification_id", flat=True))
    return render(request, "campaigns/notifications.html", {
        "page": page, "read": read, "query": ""})
