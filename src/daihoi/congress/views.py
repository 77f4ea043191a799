"""Congress pages: the list, the roster and check-in, working bodies and the agenda.
Views parse input, call one action, render or redirect."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from daihoi.accounts.permissions import can_write_org, get_org_for_user, visible_orgs
from daihoi.congress import actions, counting, documents, labels, superior
from daihoi.congress.access import (
    acting,
    can_report,
    get_congress_for_user,
    is_counter,
    visible_elections,
)
from daihoi.congress.models import (
    AgendaItem,
    AgendaKind,
    AttendanceStatus,
    Attendee,
    AttendeeRole,
    CongressDay,
    CongressKind,
    StoredRulebook,
    WorkingBodyKind,
)
from daihoi.congress.roster import Person, counted_notes, exclusion_reasons, votes_needed
from daihoi.congress.rulebooks import RulebookChoiceError, rulebook_of
from daihoi.election.rulebook import MAX_RULEBOOK_BYTES
from daihoi.orgs.models import Organization
from daihoi.web.widgets import ordered_choice, picker_context

PDF = "application/pdf"


def _int(value: str | None, default: int | None = None) -> int | None:
    try:
        return int(value or "")
    except ValueError:
        return default


def _fail(request: HttpRequest, exc: Exception) -> None:
    text = "; ".join(getattr(exc, "messages", [str(exc)]))
    messages.error(request, text)


def ask_first(request: HttpRequest, *, question: str, consequence: str, button: str,
              back: str, reason: str = "") -> HttpResponse | None:
    """A final action asks before it acts: the first POST (without ``confirmed``) renders a
    page naming the consequence, whose button posts the same fields again with
    ``confirmed=1``. Works without JavaScript; the check is on the server, so a form that
    skips the question is asked all the same. Returns None once confirmed. ``reason``: the
    label of a required written reason asked on that page (field ``reason``)."""
    if request.POST.get("confirmed") == "1" and (not reason or request.POST.get("reason",
                                                                                 "").strip()):
        return None
    fields = [(key, value) for key, values in request.POST.lists() for value in values
              if key not in ("csrfmiddlewaretoken", "confirmed", "reason")]
    return render(request, "congress/confirm.html", {
        "question": question, "consequence": consequence, "button": button, "back": back,
        "fields": fields, "action": request.path, "reason_label": reason,
        "reason": request.POST.get("reason", ""),
        "missing_reason": bool(reason) and request.POST.get("confirmed") == "1",
    })


@login_required
@require_http_methods(["GET", "POST"])
def congress_list(request: HttpRequest) -> HttpResponse:
    user = acting(request)
    writable: QuerySet[Organization] = Organization.objects.none()
    if not is_counter(user):
        writable = Organization.objects.filter(
            pk__in=[o.pk for o in visible_orgs(user) if can_write_org(user, o)])
    if request.method == "POST":
        org = get_org_for_user(request, _int(request.POST.get("organization"), 0) or 0, write=True)
        if is_counter(user):
            raise PermissionDenied
        try:
            held_on = dt.date.fromisoformat(request.POST.get("held_on", ""))
            congress = actions.do_create_congress(
                acting_user=user, organization=org,
                title=request.POST.get("title", "").strip() or f"Đại hội {org.name}",
                held_on=held_on, kind=request.POST.get("kind", CongressKind.MEMBERS),
                rules=request.POST.get("rules", "party-2024"),
                term=request.POST.get("term", "").strip())
        except (ValueError, actions.CongressError) as exc:
            _fail(request, exc)
            return redirect("congress:list")
        return redirect("congress:detail", pk=congress.pk)
    congresses = CongressDay.objects.none() if is_counter(user) else (
        CongressDay.objects.filter(organization__in=visible_orgs(user))
        .select_related("organization"))
    return render(request, "congress/list.html", {
        "congresses": congresses,
        "my_elections": visible_elections(user).select_related("congress") if is_counter(user)
        else [],
        "writable": writable,
        "kinds": CongressKind.choices,
        "rulebooks": _rulebook_choices(writable),
    })


def _rulebook_choices(writable: QuerySet[Organization]) -> list[tuple[str, str]]:
    """The rulebooks a new congress may count by: the shipped ones, then those uploaded for
    the organisations this user manages (a congress below them may use them too)."""
    choices = list(labels.rulebook_choices())
    paths = [o.path for o in writable]
    for row in StoredRulebook.objects.select_related("organization").order_by("rulebook_id"):
        if any(p.startswith(row.organization.path) for p in paths):
            choices.append((row.rulebook_id, f"{row.name} ({row.organization.name})"))
    return choices


@login_required
@require_POST
def rulebook_upload(request: HttpRequest) -> HttpResponse:
    """A congress's own copy of a rulebook, uploaded as a file and stored as validated content."""
    user = acting(request)
    org = get_org_for_user(request, _int(request.POST.get("organization"), 0) or 0, write=True)
    if is_counter(user):
        raise PermissionDenied
    upload = request.FILES.get("file")
    if upload is None:
        messages.error(request, _("Choose a rulebook file to upload."))
        return redirect("congress:list")
    if upload.size is not None and upload.size > MAX_RULEBOOK_BYTES:
        messages.error(request, _("A rulebook file is at most %(n)s bytes.")
                       % {"n": MAX_RULEBOOK_BYTES})
        return redirect("congress:list")
    try:
        row = actions.do_upload_rulebook(org, acting_user=user,
                                         content=upload.read(MAX_RULEBOOK_BYTES + 1))
    except actions.CongressError as exc:
        _fail(request, exc)
        return redirect("congress:list")
    messages.success(request, _("Rulebook %(id)s uploaded: a new congress can now count by it.")
                     % {"id": row.rulebook_id})
    return redirect("congress:list")


def _roster_context(congress: CongressDay) -> dict[str, object]:
    fig = counting.figures(congress)
    try:
        rulebook = rulebook_of(congress)
    except RulebookChoiceError:
        return {"fig": fig, "needed": None, "base_kind": None}
    return {"fig": fig, "needed": votes_needed(rulebook, fig.roster) if fig.base > 0 else None,
            "base_kind": rulebook.base,
            "base_citation": rulebook.rule("base").citation.printable}


def head_label(body: str) -> str:
    """What the first member of a working body is called."""
    if body == WorkingBodyKind.PRESIDIUM:
        return _("chair")
    if body == WorkingBodyKind.SECRETARIAT:
        return _("head of the secretariat")
    return _("head")


def _bodies(congress: CongressDay) -> list[dict[str, object]]:
    """Each working body with its members (the head first) and its people picker."""
    roster = [(a.pk, a.full_name) for a in congress.attendees.all()]
    seats = list(congress.body_seats.select_related("attendee"))
    out: list[dict[str, object]] = []
    for kind, label in WorkingBodyKind.choices:
        people = [s.attendee for s in seats if s.body == kind]
        out.append({
            "kind": kind, "label": label, "people": people, "head_label": head_label(kind),
            "picker": picker_context(name="attendees", label=str(label), options=roster,
                                     chosen=[p.pk for p in people], head_name="head",
                                     head_label=head_label(kind), field_id=f"body-{kind}"),
        })
    return out


@login_required
@require_GET
def congress_detail(request: HttpRequest, pk: int) -> HttpResponse:
    congress = get_congress_for_user(request, pk)
    user = acting(request)
    return render(request, "congress/detail.html", {
        "congress": congress,
        "can_write": can_write_org(user, congress.organization),
        "elections": congress.elections.all(),
        "agenda": congress.agenda.all(),
        "bodies": _bodies(congress),
        "agenda_kinds": AgendaKind.choices,
        "plan_names": superior.plan_names(congress),
        "can_report": can_report(user, congress),
        "report_missing": superior.report_missing(congress),
        **_roster_context(congress),
    })


@login_required
@require_GET
def roster(request: HttpRequest, pk: int) -> HttpResponse:
    congress = get_congress_for_user(request, pk)
    attendees = list(congress.attendees.select_related("substitute_for"))
    people = [Person(role=a.role, status=a.status, substitute_for=a.substitute_for_id, id=a.pk)
              for a in attendees]
    reasons = exclusion_reasons(congress.kind, people)
    notes = counted_notes(congress.kind, people)
    return render(request, "congress/roster.html", {
        "congress": congress,
        "attendees": [(a, reasons.get(a.pk), notes.get(a.pk)) for a in attendees],
        "statuses": AttendanceStatus.choices,
        "roles": AttendeeRole.choices,
        "delegates": congress.attendees.filter(role=AttendeeRole.DELEGATE),
        "can_write": can_write_org(acting(request), congress.organization),
        **_roster_context(congress),
    })


@login_required
@require_GET
def roster_search(request: HttpRequest, pk: int) -> HttpResponse:
    """The live name search of the check-in desk (an htmx partial)."""
    congress = get_congress_for_user(request, pk)
    q = " ".join(request.GET.get("q", "").split())
    found = congress.attendees.filter(full_name__icontains=q)[:20] if q else []
    return render(request, "congress/_search.html", {"congress": congress, "found": found,
                                                     "q": q})


@login_required
@require_GET
def attendance(request: HttpRequest, pk: int) -> HttpResponse:
    """The attendance figures and the base (polled by the roster and check-in pages)."""
    congress = get_congress_for_user(request, pk)
    # poll: the swapped-in figures keep polling (without it the first refresh stopped it).
    return render(request, "congress/_figures.html", {"congress": congress, "poll": True,
                                                      **_roster_context(congress)})


@login_required
@require_http_methods(["GET", "POST"])
def check_in(request: HttpRequest, pk: int) -> HttpResponse:
    congress = get_congress_for_user(request, pk, write=True)
    if request.method == "POST":
        attendee = None
        if request.POST.get("attendee"):
            attendee = get_object_or_404(Attendee, congress=congress,
                                         pk=_int(request.POST.get("attendee"), 0))
        try:
            person = actions.do_check_in(congress, acting_user=request.user,
                                         token=request.POST.get("token", ""), attendee=attendee)
            messages.success(request, _("%(name)s checked in.") % {"name": person.full_name})
        except actions.CongressError as exc:
            _fail(request, exc)
        if request.headers.get("HX-Request"):
            return render(request, "congress/_checkin_result.html",
                          {"congress": congress, **_roster_context(congress)})
        return redirect("congress:check_in", pk=congress.pk)
    return render(request, "congress/checkin.html", {"congress": congress,
                                                     **_roster_context(congress)})


@login_required
@require_POST
def set_status(request: HttpRequest, pk: int, attendee_pk: int) -> HttpResponse:
    congress = get_congress_for_user(request, pk, write=True)
    attendee = get_object_or_404(Attendee, congress=congress, pk=attendee_pk)
    substitute = None
    if request.POST.get("substitute_for"):
        substitute = get_object_or_404(Attendee, congress=congress,
                                       pk=_int(request.POST.get("substitute_for"), 0))
    try:
        actions.do_set_attendance(attendee, acting_user=request.user,
                                  status=request.POST.get("status", ""), substitute_for=substitute)
    except actions.CongressError as exc:
        _fail(request, exc)
    return redirect("congress:roster", pk=congress.pk)


@login_required
@require_POST
def add_attendee(request: HttpRequest, pk: int) -> HttpResponse:
    congress = get_congress_for_user(request, pk, write=True)
    if request.POST.get("names", "").strip():
        added = actions.do_import_delegates(congress, acting_user=request.user,
                                            text=request.POST["names"])
        messages.success(request, _("%(n)s people added to the roster.") % {"n": added})
        return redirect("congress:roster", pk=congress.pk)
    try:
        actions.do_add_attendee(congress, acting_user=request.user,
                                full_name=request.POST.get("full_name", ""),
                                role=request.POST.get("role", AttendeeRole.DELEGATE))
    except actions.CongressError as exc:
        _fail(request, exc)
    return redirect("congress:roster", pk=congress.pk)


@login_required
@require_GET
def cards(request: HttpRequest, pk: int) -> HttpResponse:
    congress = get_congress_for_user(request, pk)
    pdf = documents.cards_pdf(congress, list(congress.attendees.all()))
    response = HttpResponse(pdf, content_type=PDF)
    response["Content-Disposition"] = f'inline; filename="the-dai-bieu-{congress.pk}.pdf"'
    return response


@login_required
@require_POST
def working_body(request: HttpRequest, pk: int) -> HttpResponse:
    congress = get_congress_for_user(request, pk, write=True)
    # In the order chosen, the head first: the first seat is the head of the body.
    ids = ordered_choice(request.POST.getlist("attendees"), request.POST.get("head"))
    found = congress.attendees.in_bulk(ids)
    people = [found[i] for i in ids if i in found]
    try:
        actions.do_set_working_body(congress, acting_user=request.user,
                                    body=request.POST.get("body", ""), attendees=people)
    except actions.CongressError as exc:
        _fail(request, exc)
    return redirect("congress:detail", pk=congress.pk)


@login_required
@require_POST
def agenda_add(request: HttpRequest, pk: int) -> HttpResponse:
    congress = get_congress_for_user(request, pk, write=True)
    title = request.POST.get("title", "").strip()
    kind = request.POST.get("kind", AgendaKind.ITEM)
    if title and kind in AgendaKind.values:
        actions.do_add_agenda_item(congress, acting_user=request.user, title=title, kind=kind)
    return redirect("congress:detail", pk=congress.pk)


@login_required
@require_POST
def agenda_vote(request: HttpRequest, pk: int, item_pk: int) -> HttpResponse:
    congress = get_congress_for_user(request, pk, write=True)
    item = get_object_or_404(AgendaItem, congress=congress, pk=item_pk)
    try:
        actions.do_record_show_of_hands(
            item, acting_user=request.user,
            votes_for=_int(request.POST.get("votes_for"), 0) or 0,
            votes_against=_int(request.POST.get("votes_against"), 0) or 0,
            votes_abstain=_int(request.POST.get("votes_abstain"), 0) or 0)
    except actions.CongressError as exc:
        _fail(request, exc)
    return redirect("congress:detail", pk=congress.pk)


@login_required
@require_POST
def report(request: HttpRequest, pk: int) -> HttpResponse:
    congress = get_congress_for_user(request, pk, write=True)
    if not can_report(acting(request), congress):
        raise PermissionDenied  # the organisation's own act, not its superior's
    asked = ask_first(
        request, question=_("Send the results of %(congress)s to the superior committee?")
        % {"congress": congress.title},
        consequence=_("The superior committee receives the certified results and the minutes; "
                      "the congress is recorded as held and its results as reported."),
        button=_("Send the results"), back=reverse("congress:detail", args=[congress.pk]))
    if asked is not None:
        return asked
    try:
        actions.do_report_to_superior(congress, acting_user=request.user)
        messages.success(request, _("Results sent to the superior committee."))
    except (actions.CongressError, PermissionDenied) as exc:
        _fail(request, exc)
    return redirect("congress:detail", pk=congress.pk)
