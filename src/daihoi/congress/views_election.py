"""Election pages: the list, keying ballots twice, the board's rulings, the result, the
projector, the minutes and the interchange file. The engine decides who is elected."""

from __future__ import annotations

import json
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
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
from daihoi.congress.views import _fail, _int, ask_first
from daihoi.election import FormatError, dump_result, result_document
from daihoi.election.model import BODIES
from daihoi.lib import jsonlimits, limits
from daihoi.web.widgets import ordered_choice, picker_context

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

@login_required
@require_POST
def election_create(request: HttpRequest, pk: int) -> HttpResponse:
    congress = get_congress_for_user(request, pk, write=True)
    body = request.POST.get("body", "committee")
    body = body if body in BODIES else "other"
    title = request.POST.get("title", "").strip() or _("Committee election")
    seats = _int(request.POST.get("seats"), 0) or 0
    plan = superior.plan_names(congress) if request.POST.get("from_plan") else []
    # The names chosen on the fix page: a part of the plan's names, never others.
    names = ([n for n in plan if n in request.POST.getlist("names")]
             if request.POST.get("chosen") else plan)
    problems = actions.too_many_problems(congress, body=body, seats=seats, n_names=len(names))
    if problems and names:
        # The plan breaks a list rule: offer the fix instead of creating a broken election.
        return render(request, "congress/election_new.html", {
            "congress": congress, "title": title, "body": body, "seats": seats,
            "plan": plan, "chosen": set(names), "problems": problems,
            "batch_size": _int(request.POST.get("batch_size"), 50) or 50,
            "seats_that_fit": actions.seats_that_fit(congress, body=body, n_names=len(names)),
        }, status=200)
    try:
        election = actions.do_create_election(
            congress, acting_user=request.user, body=body, title=title, seats=seats,
            names=names, batch_size=_int(request.POST.get("batch_size"), 50) or 50)
    except actions.CongressError as exc:
        _fail(request, exc)
        return redirect("congress:detail", pk=congress.pk)
    messages.success(request, _("Election “%(title)s” created with %(n)s names on its list.")
                     % {"title": election.title, "n": len(names)})
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
    can_manage = can_manage_election(user, election)
    cert_problems = (counting.certification_problems(election, result)
                     if result is not None else [])
    is_counter = election.counters.filter(pk=user.pk).exists()
    return {
        # Nothing counted yet: the page says so instead of "no one elected".
        "counted": bool(result is not None and result.collected),
        "can_certify": can_manage and election.status == ElectionStatus.COUNTING
        and result is not None and not cert_problems,
        "may_reopen": election.is_certified and actions.may_reopen(election, user),
        "certifications": list(election.certifications.select_related(
            "certified_by", "reopened_by")),
        "mismatches": _mismatches(election) if (can_manage or is_counter) else [],
        "may_edit_seats": can_manage and election.status == ElectionStatus.PREPARING,
        "election": election,
        "congress": election.congress,
        "candidates": election.candidates.all(),
        "listed": counting.listed(election),
        "form": counting.form_of(election),
        "problems": actions.list_problems(election)
        if election.status == ElectionStatus.PREPARING else [],
        "can_manage": can_manage,
        "is_counter": is_counter,
        "counters": election.counters.all(),
        "counters_picker": picker_context(
            name="counters", label=_("Counting board users"),
            options=[(u.pk, str(u)) for u in User.objects.filter(
                role=Role.COUNTING_BOARD, is_active=True,
                organization__in=election.congress.organization.ancestor_ids())
                .order_by("full_name", "username")],
            chosen=[u.pk for u in election.counters.all()],
            head_name="head",
            head=getattr(election, "board_head_id", None), head_label=_("head"),
            field_id="counters"),
        "batches": election.batches.prefetch_related("entries__clerk"),
        "result": result,
        "rows": rows,
        "elected_names": [c.name for c in result.candidates if c.elected] if result else [],
        "further_step": counting.step_for(election, result, "further")
        if result is not None and result.unfilled else None,
        "cert_problems": cert_problems,
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


def _back(election: Election) -> str:
    return reverse("congress:election", args=[election.pk])


@login_required
@require_POST
def candidate_withdraw(request: HttpRequest, pk: int, cand_pk: int) -> HttpResponse:
    election = get_election_for_user(request, pk, write=True)
    cand = get_object_or_404(Candidate, election=election, pk=cand_pk)
    if not request.POST.get("decision", "").strip():
        messages.error(request, _("Write the congress's decision on the withdrawal."))
        return redirect("congress:election", pk=election.pk)
    asked = ask_first(
        request, question=_("Withdraw %(name)s from the list?") % {"name": cand.full_name},
        consequence=_("%(name)s will not be on the ballot. The congress's decision is recorded: "
                      "“%(decision)s”.") % {"name": cand.full_name,
                                             "decision": request.POST["decision"].strip()},
        button=_("Withdraw from the list"), back=_back(election))
    if asked is not None:
        return asked
    try:
        actions.do_withdraw_candidate(cand, acting_user=request.user,
                                      decision=request.POST.get("decision", ""))
        messages.success(request, _("%(name)s withdrawn from the list.") % {"name": cand.full_name})
    except actions.CongressError as exc:
        _fail(request, exc)
    return redirect("congress:election", pk=election.pk)


@login_required
@require_POST
def seats(request: HttpRequest, pk: int) -> HttpResponse:
    election = get_election_for_user(request, pk, write=True)
    number = _int(request.POST.get("seats"))
    try:
        actions.do_set_seats(election, acting_user=request.user, seats=number or 0)
        messages.success(request, _("Number to elect set to %(n)s.") % {"n": number})
    except actions.CongressError as exc:
        _fail(request, exc)
    return redirect("congress:election", pk=election.pk)


@login_required
@require_POST
def list_approve(request: HttpRequest, pk: int) -> HttpResponse:
    election = get_election_for_user(request, pk, write=True)
    asked = ask_first(
        request, question=_("The congress approves the list of %(title)s?")
        % {"title": election.title},
        consequence=_("The names are numbered in ballot order and the list can no longer be "
                      "changed; voting and counting begin."),
        button=_("Approve the list"), back=_back(election))
    if asked is not None:
        return asked
    try:
        actions.do_approve_list(election, acting_user=request.user)
        messages.success(request, _("List approved: the ballot is numbered."))
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
    head = users[0] if users else None  # the picker puts the head first
    names = ", ".join(str(u) for u in users) or "—"
    asked = ask_first(
        request, question=_("Assign the counting board of %(title)s?") % {"title": election.title},
        consequence=_("These users key and rule on the ballots of this election: %(names)s. "
                      "Head of the counting board: %(head)s.")
        % {"names": names, "head": head or "—"},
        button=_("Assign"), back=_back(election))
    if asked is not None:
        return asked
    try:
        actions.do_assign_counters(election, acting_user=request.user, users=users, head=head)
        messages.success(request, _("Counting board assigned: %(names)s.") % {"names": names})
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
        return redirect("congress:election", pk=election.pk)
    try:
        actions.do_set_ballot_totals(election, acting_user=user, issued=issued,
                                     note=request.POST.get("note", ""))
        messages.success(request, _("Ballots issued: %(n)s.") % {"n": issued})
    except actions.CongressError as exc:
        _fail(request, exc)
    return redirect("congress:election", pk=election.pk)


@login_required
@require_POST
def certify(request: HttpRequest, pk: int) -> HttpResponse:
    election = get_election_for_user(request, pk, write=True)
    replaces = election.last_certification()
    consequence = _("The result becomes final: it is sealed against any change, the minutes "
                    "are no longer a draft, and it can be reported to the superior.")
    if replaces is not None and not election.is_certified:
        consequence += " " + _("These minutes replace those of certification %(n)s.") % {
            "n": replaces.number}
    asked = ask_first(
        request, question=_("Certify the result of %(title)s?") % {"title": election.title},
        consequence=consequence, button=_("Certify the result"), back=_back(election))
    if asked is not None:
        return asked
    try:
        actions.do_certify_election(election, acting_user=request.user)
        messages.success(request, _("Result certified. It can no longer be changed."))
    except actions.CongressError as exc:
        _fail(request, exc)
    return redirect("congress:election", pk=election.pk)


@login_required
@require_POST
def reopen(request: HttpRequest, pk: int) -> HttpResponse:
    election = get_election_for_user(request, pk)
    user = acting(request)
    if not actions.may_reopen(election, user):
        raise PermissionDenied
    asked = ask_first(
        request, question=_("Reopen the certified result of %(title)s?")
        % {"title": election.title},
        consequence=_("The result goes back to uncertified so that the counting board can "
                      "correct it; the superior keeps seeing the certified version until the "
                      "result is certified again, and the new minutes will say which minutes "
                      "they replace. Your reason is recorded in the audit log."),
        button=_("Reopen the result"), back=_back(election),
        reason=_("Reason for reopening (required)"))
    if asked is not None:
        return asked
    try:
        actions.do_reopen_election(election, acting_user=user,
                                   reason=request.POST.get("reason", ""))
        messages.warning(request, _("Result reopened: it is no longer certified."))
    except actions.CongressError as exc:
        _fail(request, exc)
    return redirect("congress:election", pk=election.pk)


@login_required
@require_POST
def new_round(request: HttpRequest, pk: int) -> HttpResponse:
    election = get_election_for_user(request, pk, write=True)
    numbers = [n for n in (_int(v) for v in request.POST.getlist("numbers")) if n]
    kind = request.POST.get("kind", "")
    asked = ask_first(
        request, question=_("Open a new round after %(title)s?") % {"title": election.title},
        consequence=_("A new election is created with the names for the new round; this "
                      "certified result stays as it is."),
        button=_("Open the new round"), back=_back(election))
    if asked is not None:
        return asked
    try:
        new = actions.do_open_round(election, acting_user=request.user,
                                    kind=kind, numbers=numbers or None,
                                    decision=request.POST.get("decision", ""))
    except actions.CongressError as exc:
        _fail(request, exc)
        return redirect("congress:election", pk=election.pk)
    messages.success(request, _("New round opened: %(title)s.") % {"title": new.title})
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
    return render(request, "congress/entry.html", {
        **_entry_context(ent), "mismatches": _mismatches(ent.batch.election)})


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
    if error:
        messages.error(request, error)
    return redirect("congress:entry", pk=ent.pk)


@login_required
@require_POST
def entry_submit(request: HttpRequest, pk: int) -> HttpResponse:
    ent = get_entry_for_user(request, pk)
    count = ent.ballots.count()
    asked = ask_first(
        request, question=_("Submit your entry of batch %(n)s?") % {"n": ent.batch.number},
        consequence=_("You have keyed %(count)s ballots. Once submitted your entry can no longer "
                      "be changed; when both entries are in, they are compared ballot by "
                      "ballot.") % {"count": count},
        button=_("Submit my entry"), back=reverse("congress:entry", args=[ent.pk]))
    if asked is not None:
        return asked
    try:
        batch = actions.do_submit_entry(ent, acting_user=acting(request))
    except actions.CongressError as exc:
        _fail(request, exc)
        return redirect("congress:entry", pk=ent.pk)
    if batch.status == BatchStatus.MISMATCH:
        messages.warning(request, _("Entry of batch %(n)s submitted, but the two entries differ: "
                                    "the counting board must look at the paper ballots and "
                                    "decide.") % {"n": batch.number})
        return redirect("congress:batch", pk=batch.pk)
    if batch.status == BatchStatus.FINAL:
        messages.success(request, _("Entry of batch %(n)s submitted: both entries agree, the "
                                    "batch is final.") % {"n": batch.number})
    else:
        messages.success(request, _("Entry of batch %(n)s submitted: waiting for the second "
                                    "entry.") % {"n": batch.number})
    return redirect("congress:election", pk=batch.election_id)


def _mismatches(election: Election) -> list[dict[str, Any]]:
    """Batches whose two entries differ, each with the differing ballot numbers: shown in a
    panel to the clerks and the board until they are resolved."""
    out = []
    for b in election.batches.filter(status=BatchStatus.MISMATCH).select_related("decided_by"):
        out.append({"batch": b, "positions": [p for p, _, _ in actions.differences(b)],
                    "proposed_by": b.decided_by if b.proposal is not None else None})
    return out


def _choice(request: HttpRequest, p: int, a: str | None, b: str | None) -> str | None:
    """The board member's reading of ballot ``p``: one of the two entries, or what they typed
    (``-``: there is no such ballot; an empty typed reading chosen as such: nothing marked);
    None when they gave none."""
    picked = request.POST.get(f"choice_{p}", "")
    typed = request.POST.get(f"pos_{p}", "").strip()
    if picked == "first":
        return "-" if a is None else a
    if picked == "second":
        return "-" if b is None else b
    if picked == "typed" or typed:
        return typed
    return None


@login_required
@require_http_methods(["GET", "POST"])
def batch(request: HttpRequest, pk: int) -> HttpResponse:
    """A batch: once both entries are in, the differing ballots side by side; a board
    member's reading after looking at the paper, confirmed by a second member; or the batch
    keyed again."""
    the_batch = get_batch_for_user(request, pk)
    election = the_batch.election
    user = acting(request)
    may_rule = election.counters.filter(pk=user.pk).exists()
    back = reverse("congress:batch", args=[the_batch.pk])
    if request.method == "POST":
        if not may_rule:
            raise PermissionDenied
        return _batch_post(request, the_batch, user, back)
    form = counting.form_of(election) or "strike_out"
    both_in = the_batch.status != BatchStatus.OPEN
    # Pages of a scanned entry (daihoi.scanning), for the board to look at the image of a
    # differing ballot: their screen is the counting board's only.
    scans: dict[int, int] = {}
    if may_rule and both_in:
        for scan_set in the_batch.scan_sets.exclude(entry=None).prefetch_related("ballots"):
            scans.update({b.position: b.pk for b in scan_set.ballots.all()})
    proposal = the_batch.proposal or {}
    diffs = [(p, a, b, describe(a, form) if a is not None else "—",
              describe(b, form) if b is not None else "—", scans.get(p),
              (describe(proposal[str(p)], form) if proposal.get(str(p)) is not None
               else _("there is no such ballot")) if str(p) in proposal else "")
             for p, a, b in actions.differences(the_batch)] if both_in else []
    return render(request, "congress/batch.html", {
        "batch": the_batch, "election": election, "diffs": diffs, "may_rule": may_rule,
        "scanned": bool(scans), "proposal": the_batch.proposal,
        "own_proposal": the_batch.proposal is not None and the_batch.decided_by_id == user.pk,
        "may_rekey": may_rule and not the_batch.imported and election.status == "counting"
        and (the_batch.status == BatchStatus.MISMATCH
             or (the_batch.status == BatchStatus.FINAL and election.certifications.exists())),
        "entries": the_batch.entries.select_related("clerk"),
        "final": the_batch.final_ballots.all() if the_batch.status == BatchStatus.FINAL else [],
    })


def _batch_post(request: HttpRequest, the_batch: Any, user: User, back: str) -> HttpResponse:
    op = request.POST.get("op", "propose")
    try:
        if op == "propose":
            readings = {p: _choice(request, p, a, b)
                        for p, a, b in actions.differences(the_batch)}
            decisions = {p: text for p, text in readings.items() if text is not None}
            actions.do_propose_decision(the_batch, acting_user=user, decisions=decisions,
                                        note=request.POST.get("note", ""))
            messages.success(request, _("Your reading is recorded. It takes effect when a second "
                                        "member of the counting board confirms it."))
        elif op == "confirm":
            asked = ask_first(
                request, question=_("Confirm the reading of batch %(n)s?")
                % {"n": the_batch.number},
                consequence=_("You confirm, after looking at the paper ballots, what %(who)s "
                              "read on them. The batch becomes final and is counted; both "
                              "names go in the entry log.") % {"who": the_batch.decided_by},
                button=_("Confirm: the batch becomes final"), back=back)
            if asked is not None:
                return asked
            actions.do_confirm_decision(the_batch, acting_user=user)
            messages.success(request, _("Batch %(n)s is final.") % {"n": the_batch.number})
            return redirect("congress:election", pk=the_batch.election_id)
        elif op == "discard":
            actions.do_discard_proposal(the_batch, acting_user=user)
            messages.info(request, _("The proposed reading was dropped: look at the paper again."))
        elif op == "rekey":
            asked = ask_first(
                request, question=_("Key batch %(n)s again?") % {"n": the_batch.number},
                consequence=_("Both entries of this batch are set aside (they stay in the audit "
                              "log) and two clerks key the whole batch again from the paper."),
                button=_("Key the batch again"), back=back,
                reason=_("Reason (recorded in the audit log)"))
            if asked is not None:
                return asked
            actions.do_rekey_batch(the_batch, acting_user=user,
                                   reason=request.POST.get("reason", ""))
            messages.success(request, _("Batch %(n)s is open to be keyed again by two clerks.")
                             % {"n": the_batch.number})
            return redirect("congress:election", pk=the_batch.election_id)
        else:
            messages.error(request, _("Unknown action."))
    except actions.CongressError as exc:
        _fail(request, exc)
    return redirect(back)


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
