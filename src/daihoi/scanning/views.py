"""Scanning pages: print the ballots, upload scans of a batch (read in the background; the
set's page shows the progress), the review queue and the decision screen, the image
(access-checked), a scan set becoming an entry of its batch."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

import cv2
import numpy as np
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import UploadedFile
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from daihoi.ballots import close_up, layout_for, render_ballots_pdf
from daihoi.congress.access import acting, can_manage_election, get_election_for_user
from daihoi.congress.keying import DEFECT_LABELS, describe
from daihoi.congress.models import BatchStatus
from daihoi.congress.views import _fail, _int
from daihoi.scanning import actions, jobs
from daihoi.scanning.access import get_scan_set_for_user, get_scanned_ballot_for_user
from daihoi.scanning.models import JobStatus, Paper, ScanJob, ScannedBallot, ScanSet

MAX_COPIES = 2000
# A page that could not be read is shown as the file uploaded, which may be a PDF.
CONTENT_TYPES = {"png": "image/png", "jpg": "image/jpeg", "tif": "image/tiff",
                 "pdf": "application/pdf"}

REASONS = {
    "markers_not_found": gettext_lazy("the corner markers were not found"),
    "code_unreadable": gettext_lazy("the election code printed on the ballot cannot be read"),
    "wrong_election": gettext_lazy("a ballot of another election"),
    "blurred": gettext_lazy("the image is blurred"),
    "soft_image": gettext_lazy("the image is soft"),
    "marginal_stroke": gettext_lazy("a stroke that may or may not strike the name"),
    "hidden_stroke": gettext_lazy("a stroke hidden in the printed letters"),
    "faint_stroke": gettext_lazy("a faint stroke"),
    "mixed_marks": gettext_lazy("a strike with other marks beside it"),
    "partial_stroke": gettext_lazy("a stroke over part of the name only"),
    "scribble": gettext_lazy("a scribble over the name"),
    "circle": gettext_lazy("a circle round the name"),
    "underline": gettext_lazy("an underline"),
    "mark_near": gettext_lazy("a mark near the name"),
    "marginal_mark": gettext_lazy("a mark that may or may not be in the box"),
    "mark_outside": gettext_lazy("a mark outside the list"),
    "possible_other_mark": gettext_lazy("possibly marked or written on"),
    "possible_write_in": gettext_lazy("possibly a name written in"),
    "marginal_stamp": gettext_lazy("the stamp is unclear"),
    "stamp_unchecked": gettext_lazy("the stamp could not be checked"),
    "unreadable_page": gettext_lazy("the page could not be opened as an image"),
}
STATUS = {
    "read": gettext_lazy("read"),
    "review": gettext_lazy("to review"),
    "rejected": gettext_lazy("not readable"),
    "decided": gettext_lazy("decided by the board"),
}


# How a struck name was struck, as the reader saw it.
STRIKE_KINDS = {
    "line": gettext_lazy("a line"),
    "double": gettext_lazy("two lines"),
    "cross": gettext_lazy("a cross"),
}


def reason_text(reason: str, names: dict[str, tuple[int, str]] | None = None) -> str:
    """A reason for doubt in words, naming the candidate (by number and name when known)."""
    code, _sep, rest = reason.partition(":")
    label = str(REASONS.get(code, code))
    if rest:
        cid = rest.split(":")[0]
        if names and cid in names:
            return _("%(n)s. %(name)s: %(reason)s") % {
                "n": names[cid][0], "name": names[cid][1], "reason": label}
        return _("%(reason)s (name %(n)s)") % {"reason": label, "n": cid}
    return label


def _numbered(info: actions.Ballot) -> dict[str, tuple[int, str]]:
    names = {c["id"]: c["name"] for c in info.doc["candidates"]}
    return {cid: (n, names[cid]) for n, cid in enumerate(info.ids, 1)}


def _flag_rows(the_ballot: ScannedBallot, info: actions.Ballot) -> list[dict[str, Any]]:
    """Per flagged name: its number and name, why, and the reader's guess in words (shown
    beside the decision, never taken for it)."""
    names = {c["id"]: c["name"] for c in info.doc["candidates"]}
    reading = the_ballot.reading
    kept = reading.get("kept") if isinstance(reading.get("kept"), list) else None
    kinds = reading.get("strikes") if isinstance(reading.get("strikes"), dict) else {}
    rows = []
    for cid in actions.flagged_names(the_ballot, info):
        why = [str(REASONS.get(r.split(":")[0], r.split(":")[0]))
               for r in the_ballot.reasons if r.count(":") and r.split(":")[1] == cid]
        if kept is None:
            guess = "—"
        elif cid in kept:
            guess = str(_("kept"))
        else:
            kind = STRIKE_KINDS.get(str(kinds.get(cid, "")))
            guess = (_("struck (%(how)s)") % {"how": kind}) if kind else str(_("struck"))
        rows.append({"cid": cid, "number": info.ids.index(cid) + 1, "name": names[cid],
                     "why": why, "guess": guess})
    return rows


def _files(request: HttpRequest) -> list[tuple[str, bytes]]:
    uploads: list[UploadedFile] = request.FILES.getlist("files")
    return [(u.name or "scan", u.read()) for u in uploads]


@login_required
@require_GET
def print_ballots(request: HttpRequest, pk: int) -> HttpResponse:
    """The ballots of an election whose list is approved, as a PDF to print."""
    election = get_election_for_user(request, pk)
    user = acting(request)
    if not (can_manage_election(user, election)
            or election.counters.filter(pk=user.pk).exists()):
        raise PermissionDenied
    try:
        info = actions.ballot_of(election)
    except actions.ScanError:
        raise Http404 from None
    paper = request.GET.get("paper", Paper.A4)
    paper = paper if paper in Paper.values else Paper.A4
    copies = _int(request.GET.get("copies")) or election.ballots_issued or 1
    copies = max(1, min(copies, MAX_COPIES))
    pdf = render_ballots_pdf(info.doc, paper=paper, copies=copies,
                             convener=election.congress.organization.name,
                             title=election.title.upper())
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = (
        f'attachment; filename="phieu-bau-{election.pk}-{paper.lower()}.pdf"')
    return response


MAX_KIT_PAGES = 200


def _board_election(request: HttpRequest, pk: int) -> Any:
    """The election, for its managers and its counting board only."""
    election = get_election_for_user(request, pk)
    user = acting(request)
    if not (can_manage_election(user, election)
            or election.counters.filter(pk=user.pk).exists()):
        raise PermissionDenied
    return election


@login_required
@require_GET
def calibration_kit(request: HttpRequest, pk: int) -> HttpResponse:
    """The calibration kit of an election whose list is approved, as a PDF to print."""
    from daihoi.ballots.calibrate import render_kit_pdf

    election = _board_election(request, pk)
    try:
        info = actions.ballot_of(election)
    except actions.ScanError:
        raise Http404 from None
    paper = request.GET.get("paper", Paper.A4)
    paper = paper if paper in Paper.values else Paper.A4
    pdf = render_kit_pdf(info.doc, paper=paper, convener=election.congress.organization.name)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = (
        f'attachment; filename="bo-hieu-chinh-{election.pk}-{paper.lower()}.pdf"')
    return response


@login_required
@require_POST
def calibration_report(request: HttpRequest, pk: int) -> HttpResponse:
    """Scans of a marked kit read against what each kit ballot asks: the report, as an HTML
    file to download (its close-ups embedded). Nothing is stored."""
    from daihoi.ballots import BallotInputError
    from daihoi.ballots.calibrate import calibrate, report_html
    from daihoi.ballots.scan import load_unit, units

    election = _board_election(request, pk)
    try:
        info = actions.ballot_of(election)
    except actions.ScanError:
        raise Http404 from None
    files = _files(request)
    pages: list[tuple[str, Any]] = []
    try:
        with tempfile.TemporaryDirectory() as folder:
            paths = []
            for i, (name, data) in enumerate(files):
                suffix = Path(name).suffix.lower()
                path = Path(folder) / f"{i:04d}{suffix}"
                path.write_bytes(data)
                paths.append(path)
            found = units(paths)
            if not found or len(found) > MAX_KIT_PAGES:
                raise BallotInputError([str(_("Choose the scans of the kit (at most %(n)d pages).")
                                            % {"n": MAX_KIT_PAGES})])
            for unit in found:
                original = files[int(Path(unit[0]).stem)][0]
                label = original if unit[1] == 1 else f"{original} p.{unit[1]}"
                pages.append((label, load_unit(unit)))
    except BallotInputError as exc:
        messages.error(request, str(exc))
        return redirect(reverse("scanning:election", args=[election.pk]) + "#calibrate")
    report = calibrate(pages, info.doc)
    response = HttpResponse(report_html(report, info.doc), content_type="text/html; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="hieu-chinh-may-doc-{election.pk}.html"')
    return response


def _set_rows(scan_set: ScanSet, info: actions.Ballot) -> list[dict[str, Any]]:
    rows = []
    numbered = _numbered(info)
    for b in scan_set.ballots.all():
        guess = actions.guess_of(b, info)
        counted = actions.content_of_page(b, info)
        rows.append({
            "ballot": b, "status": b.status, "status_label": STATUS[b.status],
            "guess": describe(guess, info.form) if guess is not None else "—",
            "counted": describe(counted, info.form) if counted is not None else "—",
            "reasons": [reason_text(r, numbered) for r in b.reasons],
        })
    return rows


@login_required
@require_http_methods(["GET", "POST"])
def election_scans(request: HttpRequest, pk: int) -> HttpResponse:
    """The election's scan sets, and the upload of scans for a new or an open batch."""
    election = get_election_for_user(request, pk, count=True)
    user = acting(request)
    if request.method == "POST":
        batch = None
        batch_pk = _int(request.POST.get("batch"))
        if batch_pk:
            batch = election.batches.filter(pk=batch_pk).first()
            if batch is None:
                raise Http404
        try:
            job = actions.do_upload_scans(
                election, acting_user=user, files=_files(request), batch=batch,
                paper=request.POST.get("paper", Paper.A4))
        except actions.ScanError as exc:
            _fail(request, exc)
            mine = ScanSet.objects.filter(batch=batch, scanned_by=user).first() if batch else None
            if mine is not None:
                return redirect("scanning:set", pk=mine.pk)
            return redirect("scanning:election", pk=election.pk)
        if job.status == JobStatus.DONE:
            messages.success(request, _("Scans saved and read."))
        else:
            messages.success(request, _("Scans saved: %(n)d pages are being read.")
                             % {"n": job.pages_total})
        return redirect("scanning:set", pk=job.scan_set_id)
    sets = [(s, _summary(s)) for s in ScanSet.objects.filter(batch__election=election)
            .select_related("batch", "scanned_by", "entry").prefetch_related("ballots", "jobs")
            .order_by("batch__number", "id")]
    if any(n["reading"] for _s, n in sets):
        jobs.ensure_running()  # queued before the app restarted: read now
    return render(request, "scanning/election.html", {
        "election": election, "sets": sets,
        "open_batches": election.batches.filter(status=BatchStatus.OPEN),
        "papers": Paper.values,
    })


def _summary(scan_set: ScanSet) -> dict[str, int]:
    counts = {"read": 0, "review": 0, "rejected": 0, "decided": 0}
    for b in scan_set.ballots.all():
        counts[b.status] += 1
    counts["total"] = sum(counts.values())
    jobs_of_set = list(scan_set.jobs.all())
    counts["reading"] = sum(1 for j in jobs_of_set if j.pending)
    counts["failed"] = sum(1 for j in jobs_of_set if j.status == JobStatus.FAILED)
    return counts


def _progress(request: HttpRequest, the_set: ScanSet) -> dict[str, Any]:
    """The set's uploads and how far their reading is; a worker is made sure of while one is
    not finished (it may have been queued before the app restarted)."""
    uploads: list[ScanJob] = list(the_set.jobs.select_related("started_by"))
    pending = any(j.pending for j in uploads)
    if pending:
        jobs.ensure_running()
    failed = any(j.status == JobStatus.FAILED for j in uploads)
    return {"scan_set": the_set, "jobs": uploads, "pending": pending, "failed": failed,
            "can_retry": failed and the_set.scanned_by_id == acting(request).pk
            and the_set.entry_id is None}


@login_required
@require_GET
def scan_set(request: HttpRequest, pk: int) -> HttpResponse:
    the_set = get_scan_set_for_user(request, pk)
    election = the_set.batch.election
    info = actions.ballot_of(election)
    return render(request, "scanning/set.html", {
        **_progress(request, the_set),
        "election": election, "rows": _set_rows(the_set, info),
        "problems": actions.page_problems(the_set, info),
        "blocked": bool(actions.set_problems(the_set, info)), "summary": _summary(the_set),
        "mine": the_set.scanned_by_id == acting(request).pk,
        "open": the_set.entry_id is None and election.status == "counting",
    })


@login_required
@require_GET
def progress(request: HttpRequest, pk: int) -> HttpResponse:
    """The uploads of a set and their progress (polled by htmx every 2 s while one is being
    read); once none is, htmx is told to reload the page, which then shows the pages read."""
    the_set = get_scan_set_for_user(request, pk)
    context = _progress(request, the_set)
    response = render(request, "scanning/_progress.html", context)
    if request.headers.get("HX-Request") and not context["pending"]:
        response["HX-Refresh"] = "true"
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_POST
def retry(request: HttpRequest, pk: int) -> HttpResponse:
    """Uploads stopped by an error read on from where they stopped."""
    the_set = get_scan_set_for_user(request, pk)
    try:
        actions.do_retry_scan_jobs(the_set, acting_user=acting(request))
    except actions.ScanError as exc:
        _fail(request, exc)
    else:
        messages.success(request, _("The reading goes on from where it stopped."))
    return redirect("scanning:set", pk=the_set.pk)


@login_required
@require_POST
def to_entry(request: HttpRequest, pk: int) -> HttpResponse:
    the_set = get_scan_set_for_user(request, pk)
    try:
        batch = actions.do_scan_to_entry(the_set, acting_user=acting(request))
    except actions.ScanError as exc:
        _fail(request, exc)
        return redirect("scanning:set", pk=the_set.pk)
    messages.success(request, _("The scans are your entry of batch %(n)s.") % {"n": batch.number})
    return redirect("congress:batch", pk=batch.pk)


def _neighbours(b: ScannedBallot) -> tuple[int | None, int | None, int | None]:
    """Previous and next page of the set, and the next page waiting for the board."""
    siblings = list(b.scan_set.ballots.order_by("position"))
    i = next(n for n, s in enumerate(siblings) if s.pk == b.pk)
    prev = siblings[i - 1].pk if i > 0 else None
    nxt = siblings[i + 1].pk if i + 1 < len(siblings) else None
    waiting = [s for s in siblings[i + 1:] + siblings[:i] if s.status in ("review", "rejected")]
    return prev, nxt, waiting[0].pk if waiting else None


@login_required
@require_http_methods(["GET", "POST"])
def ballot(request: HttpRequest, pk: int) -> HttpResponse:
    """One page: the image, the reader's guess and reasons; the board's decision."""
    the_ballot = get_scanned_ballot_for_user(request, pk)
    election = the_ballot.scan_set.batch.election
    prev, nxt, waiting = _neighbours(the_ballot)
    if request.method == "POST":
        info = actions.ballot_of(election)
        flagged = actions.flagged_names(the_ballot, info)
        names = ({cid: request.POST.get(f"name-{cid}", "") for cid in flagged}
                 if flagged and info.form == "strike_out" else None)
        try:
            actions.do_decide_ballot(the_ballot, acting_user=acting(request),
                                     text=request.POST.get("text", ""), names=names,
                                     nothing=request.POST.get("nothing") == "1")
        except actions.ScanError as exc:
            _fail(request, exc)
            return redirect("scanning:ballot", pk=the_ballot.pk)
        if waiting is not None:
            return redirect("scanning:ballot", pk=waiting)
        return redirect("scanning:set", pk=the_ballot.scan_set_id)
    info = actions.ballot_of(election)
    guess = actions.guess_of(the_ballot, info)
    open_set = the_ballot.scan_set.entry_id is None and election.status == "counting"
    decidable = open_set and the_ballot.status != "read"
    numbered = _numbered(info)
    flags = _flag_rows(the_ballot, info)
    reading = the_ballot.reading
    per_name = (bool(flags) and info.form == "strike_out"
                and isinstance(reading.get("kept"), list) and not reading.get("defect"))
    return render(request, "scanning/ballot.html", {
        "ballot": the_ballot, "election": election, "scan_set": the_ballot.scan_set,
        "flags": flags, "per_name": per_name,
        "status_label": STATUS[the_ballot.status],
        "guess": describe(guess, info.form) if guess is not None else None,
        "decision": describe(the_ballot.decision, info.form) if the_ballot.decided_at else None,
        "reasons": [reason_text(r, numbered) for r in the_ballot.reasons
                    if not r.count(":")],
        "form": info.form, "listed": info.doc["candidates"],
        "defects": DEFECT_LABELS, "decidable": decidable, "removable": open_set,
        "removal_reasons": actions.REMOVAL_REASONS,
        "prev": prev, "next": nxt, "waiting": waiting,
    })


@login_required
@require_GET
def ballot_image(request: HttpRequest, pk: int) -> FileResponse:
    the_ballot = get_scanned_ballot_for_user(request, pk)
    suffix = the_ballot.image.name.rsplit(".", 1)[-1].lower()
    try:
        handle = the_ballot.image.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(handle, content_type=CONTENT_TYPES.get(suffix, "image/png"))
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_POST
def rescan(request: HttpRequest, pk: int) -> HttpResponse:
    the_ballot = get_scanned_ballot_for_user(request, pk)
    files = _files(request)
    try:
        if len(files) != 1:
            raise actions.ScanError("Chọn đúng một ảnh quét lại của tờ phiếu này.")
        actions.do_rescan_ballot(the_ballot, acting_user=acting(request), file=files[0])
    except actions.ScanError as exc:
        _fail(request, exc)
    return redirect("scanning:ballot", pk=the_ballot.pk)


@login_required
@require_POST
def remove(request: HttpRequest, pk: int) -> HttpResponse:
    """Take the page out of its scan set (not a ballot of this batch)."""
    the_ballot = get_scanned_ballot_for_user(request, pk)
    position = the_ballot.position
    try:
        scan_set = actions.do_remove_page(the_ballot, acting_user=acting(request),
                                          reason=request.POST.get("reason", ""))
    except actions.ScanError as exc:
        _fail(request, exc)
        return redirect("scanning:ballot", pk=the_ballot.pk)
    messages.success(request, _("Page %(position)s was taken out of the scans; the pages after "
                                "it moved up one place.") % {"position": position})
    return redirect("scanning:set", pk=scan_set.pk)


@login_required
@require_GET
def ballot_close_up(request: HttpRequest, pk: int, cid: str) -> HttpResponse:
    """One candidate's row of the page, aligned and straightened, as a PNG: what the person
    deciding a ballot under review looks at first."""
    the_ballot = get_scanned_ballot_for_user(request, pk)
    info = actions.ballot_of(the_ballot.scan_set.batch.election)
    if cid not in info.ids:
        raise Http404
    try:
        with the_ballot.image.open("rb") as handle:
            data = np.frombuffer(handle.read(), np.uint8)
    except FileNotFoundError:
        raise Http404 from None
    image = cv2.imdecode(data, cv2.IMREAD_COLOR)
    row = None if image is None else close_up(
        np.asarray(image, np.uint8), info.doc, cid, layout_for(info.doc, the_ballot.scan_set.paper))
    if row is None:
        raise Http404
    ok, png = cv2.imencode(".png", row)
    if not ok:
        raise Http404
    response = HttpResponse(png.tobytes(), content_type="image/png")
    response["Cache-Control"] = "private, no-store"
    return response
