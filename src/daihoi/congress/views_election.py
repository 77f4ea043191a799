"""Election pages: the list, keying ballots twice, the board's rulings, the result, the
projector, the minutes and the interchange file. The engine decides who is elected."""

from __future__ import annotations

import inspect
import json
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from daihoi.accounts.models import Role, User
from daihoi.congress import actions, counting, documents, labels, superior
from daihoi.congress.access import (
    acting,
    can_manage_election,
    get_batch_for_user,
    get_congress_for_user,
    get_election_for_user,
    get_entry_for_user,
)
from daihoi.congress.keying import DEFECT_LABELS, describe
from daihoi.congress.models import (
    BatchStatus,
    Candidate,
    CandidateSource,
    Election,
    ElectionStatus,
    Entry,
)
from daihoi.congress.views import _fail, _int
from daihoi.election import FormatError, dump_result, result_document
from daihoi.election.model import BODIES
from daihoi.lib import jsonlimits, limits
from daihoi.web.widgets import ordered_choice, picker_context

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
# Whether the board's head is recorded (``Election.board_head``, set by the assignment): the
# picker then marks the first chosen as the head.
_HEAD_OF_BOARD = "head" in inspect.signature(actions.do_assign_counters).parameters


@login_required
@require_POST
def election_create(request: HttpRequest, pk: int) -> HttpResponse:
    congress = get_congress_for_user(request, pk, write=True)
    body = request.POST.get("body", "committee")
    names = superior.plan_names(congress) if request.POST.get("from_plan") else []
    try:
        election = actions.do_create_election(
            congress, acting_user=request.user, body=body if body in BODIES else "other",
            title=request.POST.get("title", "").strip() or _("Committee election"),
            seats=_int(request.POST.get("seats"), 0) or 0, names=names,
            batch_size=_int(request.POST.get("batch_size"), 50) or 50)
    except actions.CongressError as exc:
        _fail(request, exc)
        return redirect("congress:detail", pk=congress.pk)
    return redirect("congress:election", pk=election.pk)


@login_required
@require_POST
def election_import(request: HttpRequest, pk: int) -> HttpResponse:
    congress = get_congress_for_user(request, pk, write=True)
    upload = request.FILES.get("file")
    try:
        if upload is not None and upload.size and upload.size > limits.JSON_MAX_BYTES:
            raise jsonlimits.JsonLimitError(f"the file is larger than "
                                            f"{limits.JSON_MAX_BYTES // 2**20} MB")
        data = jsonlimits.loads(upload.read()) if upload else None
        body = data.get("body") if isinstance(data, dict) else None
        title = (_("Election of the %(body)s (imported from a file)")
                 % {"body": labels.body_label(body)} if isinstance(body, str) else "")
        election = actions.do_import_election(congress, acting_user=request.user, data=data,
                                              title=title)
    except FormatError as exc:
        messages.error(request, "; ".join(exc.problems[:10]))
        return redirect("congress:detail", pk=congress.pk)
    except (ValueError, UnicodeDecodeError) as exc:
        messages.error(request, _("Not a JSON file: %(error)s") % {"error": exc})
        return redirect("congress:detail", pk=congress.pk)
    return redirect("congress:election", pk=election.pk)


def _election_context(request: HttpRequest, election: Election) -> dict[str, Any]:
    user = acting(request)
    result = counting.result_of(election) if election.status != ElectionStatus.PREPARING else None
    rows = []
    if result is not None:
        cands = {str(c.number): c for c in counting.listed(election)}
        rows = [(cands[c.id], c) for c in result.candidates]
    return {
        "election": election,
        "congress": election.congress,
        "candidates": election.candidates.all(),
        "listed": counting.listed(election),
        "form": counting.form_of(election),
        "problems": actions.list_problems(election)
        if election.status == ElectionStatus.PREPARING else [],
        "can_manage": can_manage_election(user, election),
        "is_counter": election.counters.filter(pk=user.pk).exists(),
        "counters": election.counters.all(),
        "counters_picker": picker_context(
            name="counters", label=_("Counting board users"),
            options=[(u.pk, str(u)) for u in User.objects.filter(
                role=Role.COUNTING_BOARD, is_active=True,
                organization__in=election.congress.organization.ancestor_ids())
                .order_by("full_name", "username")],
            chosen=[u.pk for u in election.counters.all()],
            head_name="head" if _HEAD_OF_BOARD else "",
            head=getattr(election, "board_head_id", None), head_label=_("head"),
            field_id="counters"),
        "batches": election.batches.prefetch_related("entries__clerk"),
        "result": result,
        "rows": rows,
        "elected_names": [c.name for c in result.candidates if c.elected] if result else [],
        "further_step": counting.step_for(election, result, "further")
        if result is not None and result.unfilled else None,
        "cert_problems": counting.certification_problems(election, result)
        if result is not None else [],
        # The convening committee's list is the usual source, so it comes first (the default);
        # floor and self nominations need a supporters count.
        "sources": [(CandidateSource.COMMITTEE, CandidateSource.COMMITTEE.label),
                    (CandidateSource.FLOOR, CandidateSource.FLOOR.label),
                    (CandidateSource.SELF, CandidateSource.SELF.label)],
        "attendees": election.congress.attendees.all(),
    }


@login_required
@require_GET
def election_detail(request: HttpRequest, pk: int) -> HttpResponse:
    election = get_election_for_user(request, pk)
    return render(request, "congress/election.html", _election_context(request, election))


@login_required
@require_POST
def candidate_add(request: HttpRequest, pk: int) -> HttpResponse:
    election = get_election_for_user(request, pk, write=True)
    member = None
    attendee_pk = _int(request.POST.get("attendee"))
    if attendee_pk:
        attendee = get_object_or_404(election.congress.attendees, pk=attendee_pk)
        member = attendee.member
    try:
        actions.do_add_candidate(
            election, acting_user=request.user, full_name=request.POST.get("full_name", ""),
            member=member, source=request.POST.get("source", CandidateSource.COMMITTEE),
            supporters=_int(request.POST.get("supporters")))
    except actions.CongressError as exc:
        _fail(request, exc)
    return redirect("congress:election", pk=election.pk)


@login_required
@require_POST
def candidate_withdraw(request: HttpRequest, pk: int, cand_pk: int) -> HttpResponse:
    election = get_election_for_user(request, pk, write=True)
    cand = get_object_or_404(Candidate, election=election, pk=cand_pk)
    try:
        actions.do_withdraw_candidate(cand, acting_user=request.user,
                                      decision=request.POST.get("decision", ""))
    except actions.CongressError as exc:
        _fail(request, exc)
    return redirect("congress:election", pk=election.pk)


@login_required
@require_POST
def list_approve(request: HttpRequest, pk: int) -> HttpResponse:
    election = get_election_for_user(request, pk, write=True)
    try:
        actions.do_approve_list(election, acting_user=request.user)
    except actions.CongressError as exc:
        _fail(request, exc)
    return redirect("congress:election", pk=election.pk)


@login_required
@require_POST
def counters(request: HttpRequest, pk: int) -> HttpResponse:
    election = get_election_for_user(request, pk, write=True)
    ids = ordered_choice(request.POST.getlist("counters"), request.POST.get("head"))
    found = User.objects.in_bulk(ids)
    users = [found[i] for i in ids if i in found]
    head = {"head": users[0] if users else None} if _HEAD_OF_BOARD else {}
    try:
        actions.do_assign_counters(election, acting_user=request.user, users=users, **head)
    except actions.CongressError as exc:
        _fail(request, exc)
    return redirect("congress:election", pk=election.pk)


@login_required
@require_POST
def totals(request: HttpRequest, pk: int) -> HttpResponse:
    election = get_election_for_user(request, pk)
    user = acting(request)
    if not (can_manage_election(user, election) or election.counters.filter(pk=user.pk).exists()):
        raise PermissionDenied
    issued = _int(request.POST.get("ballots_issued"))
    if issued is None:
        messages.error(request, _("Enter the number of ballots issued."))
    else:
        actions.do_set_ballot_totals(election, acting_user=user, issued=issued,
                                     note=request.POST.get("note", ""))
    return redirect("congress:election", pk=election.pk)


@login_required
@require_POST
def certify(request: HttpRequest, pk: int) -> HttpResponse:
    election = get_election_for_user(request, pk, write=True)
    try:
        actions.do_certify_election(election, acting_user=request.user)
    except actions.CongressError as exc:
        _fail(request, exc)
    return redirect("congress:election", pk=election.pk)


@login_required
@require_POST
def new_round(request: HttpRequest, pk: int) -> HttpResponse:
    election = get_election_for_user(request, pk, write=True)
    numbers = [n for n in (_int(v) for v in request.POST.getlist("numbers")) if n]
    try:
        new = actions.do_open_round(election, acting_user=request.user,
                                    kind=request.POST.get("kind", ""), numbers=numbers or None,
                                    decision=request.POST.get("decision", ""))
    except actions.CongressError as exc:
        _fail(request, exc)
        return redirect("congress:election", pk=election.pk)
    return redirect("congress:election", pk=new.pk)


# ---------------------------------------------------------------- keying


@login_required
@require_POST
def entry_open(request: HttpRequest, pk: int) -> HttpResponse:
    election = get_election_for_user(request, pk, count=True)
    batch = None
    if request.POST.get("batch"):
        batch = get_object_or_404(election.batches, pk=_int(request.POST.get("batch"), 0))
    try:
        entry = actions.do_open_entry(election, acting_user=acting(request), batch=batch)
    except actions.CongressError as exc:
        _fail(request, exc)
        return redirect("congress:election", pk=election.pk)
    return redirect("congress:entry", pk=entry.pk)


def _entry_context(entry: Entry, error: str = "") -> dict[str, Any]:
    election = entry.batch.election
    listed = counting.listed(election)
    form = counting.form_of(election, len(listed))
    ballots = list(entry.ballots.order_by("-position")[:8])
    count = entry.ballots.count()
    return {"entry": entry, "election": election, "listed": listed, "form": form,
            "recent": [(b, describe(b.content, form or "strike_out")) for b in ballots],
            "count": count, "next_position": count + 1, "error": error,
            "batch_size": election.batch_size, "defects": DEFECT_LABELS}


@login_required
@require_http_methods(["GET", "POST"])
def entry(request: HttpRequest, pk: int) -> HttpResponse:
    """The keying screen. POST: one ballot, saved in its own transaction, idempotent."""
    ent = get_entry_for_user(request, pk)
    error = ""
    status = 200
    if request.method == "POST":
        try:
            actions.do_key_ballot(ent, acting_user=acting(request),
                                  position=_int(request.POST.get("position"), 0) or 0,
                                  text=request.POST.get("content", ""),
                                  key=request.POST.get("key", ""))
        except actions.CongressError as exc:
            error = " ".join(exc.messages)
            status = 409 if "không khớp" in error else 400
        if not request.headers.get("HX-Request"):
            if error:
                messages.error(request, error)
            return redirect("congress:entry", pk=ent.pk)
        return render(request, "congress/_entry_state.html", _entry_context(ent, error),
                      status=status)
    return render(request, "congress/entry.html", _entry_context(ent))


@login_required
@require_POST
def entry_undo(request: HttpRequest, pk: int) -> HttpResponse:
    ent = get_entry_for_user(request, pk)
    error = ""
    try:
        actions.do_undo_ballot(ent, acting_user=acting(request))
    except actions.CongressError as exc:
        error = " ".join(exc.messages)
    if request.headers.get("HX-Request"):
        return render(request, "congress/_entry_state.html", _entry_context(ent, error))
    return redirect("congress:entry", pk=ent.pk)


@login_required
@require_POST
def entry_submit(request: HttpRequest, pk: int) -> HttpResponse:
    ent = get_entry_for_user(request, pk)
    try:
        batch = actions.do_submit_entry(ent, acting_user=acting(request))
    except actions.CongressError as exc:
        _fail(request, exc)
        return redirect("congress:entry", pk=ent.pk)
    messages.success(request, _("Entry of batch %(n)s submitted.") % {"n": batch.number})
    return redirect("congress:election", pk=batch.election_id)


@login_required
@require_http_methods(["GET", "POST"])
def batch(request: HttpRequest, pk: int) -> HttpResponse:
    """A batch: once both entries are in, the differing ballots side by side; the board's
    ruling after looking at the paper."""
    the_batch = get_batch_for_user(request, pk)
    election = the_batch.election
    user = acting(request)
    may_rule = election.counters.filter(pk=user.pk).exists()
    if request.method == "POST":
        if not may_rule:
            raise PermissionDenied
        decisions = {}
        for key in request.POST:
            if key.startswith("pos_") and key[4:].isdigit():
                decisions[int(key[4:])] = request.POST.get(key, "")
        try:
            actions.do_resolve_batch(the_batch, acting_user=user, decisions=decisions,
                                     note=request.POST.get("note", ""))
        except actions.CongressError as exc:
            _fail(request, exc)
            return redirect("congress:batch", pk=the_batch.pk)
        return redirect("congress:election", pk=election.pk)
    form = counting.form_of(election) or "strike_out"
    both_in = the_batch.status != BatchStatus.OPEN
    # Pages of a scanned entry (daihoi.scanning), for the board to look at the image of a
    # differing ballot: their screen is the counting board's only.
    scans: dict[int, int] = {}
    if may_rule and both_in:
        for scan_set in the_batch.scan_sets.exclude(entry=None).prefetch_related("ballots"):
            scans.update({b.position: b.pk for b in scan_set.ballots.all()})
    diffs = [(p, a, b, describe(a, form) if a is not None else "—",
              describe(b, form) if b is not None else "—", scans.get(p))
             for p, a, b in actions.differences(the_batch)] if both_in else []
    return render(request, "congress/batch.html", {
        "batch": the_batch, "election": election, "diffs": diffs, "may_rule": may_rule,
        "scanned": bool(scans),
        "entries": the_batch.entries.select_related("clerk"),
        "final": the_batch.final_ballots.all() if the_batch.status == BatchStatus.FINAL else [],
    })


# ---------------------------------------------------------------- results and documents


@login_required
@require_GET
def projector(request: HttpRequest, pk: int) -> HttpResponse:
    election = get_election_for_user(request, pk)
    return render(request, "congress/projector.html", _projector_context(election))


def _projector_context(election: Election) -> dict[str, Any]:
    result = counting.result_of(election) if election.status != ElectionStatus.PREPARING else None
    final = election.batches.filter(status=BatchStatus.FINAL).count()
    return {"election": election, "result": result, "final_batches": final,
            "all_batches": election.batches.count(),
            "rows": sorted(result.candidates, key=lambda c: -c.votes) if result else []}


@login_required
@require_GET
def projector_part(request: HttpRequest, pk: int) -> HttpResponse:
    election = get_election_for_user(request, pk)
    return render(request, "congress/_projector.html", _projector_context(election))


def _download(content: bytes, content_type: str, name: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def _counted(request: HttpRequest, pk: int) -> Election:
    election = get_election_for_user(request, pk)
    if counting.form_of(election) is None or election.status == ElectionStatus.PREPARING:
        raise PermissionDenied
    return election


@login_required
@require_GET
def minutes_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    election = _counted(request, pk)
    return _download(documents.minutes_pdf(election), "application/pdf",
                     f"bien-ban-kiem-phieu-{election.pk}.pdf")


@login_required
@require_GET
def minutes_docx(request: HttpRequest, pk: int) -> HttpResponse:
    election = _counted(request, pk)
    return _download(documents.minutes_docx(election), DOCX,
                     f"bien-ban-kiem-phieu-{election.pk}.docx")


@login_required
@require_GET
def entry_log(request: HttpRequest, pk: int) -> HttpResponse:
    election = _counted(request, pk)
    return _download(documents.entry_log_pdf(election), "application/pdf",
                     f"nhat-ky-nhap-phieu-{election.pk}.pdf")


@login_required
@require_GET
def export_json(request: HttpRequest, pk: int) -> HttpResponse:
    election = _counted(request, pk)
    text = json.dumps(counting.election_document(election), ensure_ascii=False, indent=2)
    return _download(text.encode("utf-8"), "application/json",
                     f"bau-cu-{election.pk}.json")


@login_required
@require_GET
def result_json(request: HttpRequest, pk: int) -> HttpResponse:
    election = _counted(request, pk)
    result = counting.result_of(election)
    if result is None:
        raise PermissionDenied
    if request.GET.get("pretty"):
        return HttpResponse(dump_result(result), content_type="application/json")
    return JsonResponse(result_document(result), json_dumps_params={"ensure_ascii": False})
