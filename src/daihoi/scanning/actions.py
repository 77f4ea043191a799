"""Writes of the scanning app: one transactional function each, each writing its audit row.

An upload is checked and stored while the request waits: the files' headers, each PDF's page
count, and the first page read, so that a stack of another election's ballots (or of the
other paper size) is refused before anything is saved. Its pages are read afterwards by the
worker (:mod:`daihoi.scanning.jobs`), which keeps each page with :func:`store_page` and closes
the job with :func:`finish_job` or :func:`fail_job`. A bad upload saves nothing of that
upload and leaves what was saved before as it was; a page of a stored upload that cannot be
read becomes a page the reader rejected, with its reason, and the others are read.
"""

from __future__ import annotations

import hashlib
import io
import os
import re
import warnings
from dataclasses import dataclass
from typing import Any

from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy
from PIL import Image, UnidentifiedImageError

from daihoi.accounts.models import User
from daihoi.audit.log import record
from daihoi.ballots import BallotInputError, election_code, layout_for, read_image
from daihoi.congress import actions as congress_actions
from daihoi.congress import counting
from daihoi.congress.keying import KeyingError, canonical
from daihoi.congress.models import Batch, BatchStatus, Election, ElectionStatus
from daihoi.election.model import BallotForm
from daihoi.lib import limits
from daihoi.scanning.access import decided_in_batch, holds_other_entry
from daihoi.scanning.models import (
    JobStatus,
    Paper,
    ScanFile,
    ScanJob,
    ScannedBallot,
    ScanSet,
)
from daihoi.scanning.pages import (
    IMAGE_SUFFIXES,
    MAX_PAGES,
    PDF_DPI,
    READING,
    FilePages,
    Page,
    ScanFileError,
    check_files,
    is_pdf,
    reading_content,
    split_files,
    suffix_of,
)


class ScanError(congress_actions.CongressError):
    """A write the rules refuse; the message is Vietnamese, shown as is."""


@dataclass(frozen=True)
class Ballot:
    """What the scanning screens need to know of an election's ballot."""

    doc: dict[str, Any]
    form: BallotForm
    ids: list[str]


def ballot_of(election: Election) -> Ballot:
    form = counting.form_of(election)
    if form is None or election.status == ElectionStatus.PREPARING:
        raise ScanError("Danh sách bầu cử chưa được đại hội thông qua: chưa có phiếu bầu.")
    doc = counting.election_document(election)
    doc["ballots"] = []  # what the ballot looks like does not depend on the counted ballots
    return Ballot(doc, form, [c["id"] for c in doc["candidates"]])


def guess_of(ballot: ScannedBallot, info: Ballot) -> str | None:
    """The reader's content for a page (its best guess under review); None when rejected."""
    return reading_content(ballot.reading, info.form, info.ids)


def content_of_page(ballot: ScannedBallot, info: Ballot) -> str | None:
    """What counts for this page: the board's decision, or a sure reading; None otherwise."""
    if ballot.decided_at is not None:
        return ballot.decision
    if ballot.reading.get("status") == "read":
        return guess_of(ballot, info)
    return None


_PAST_PILLOWS_LIMIT = (limits.IMAGE_MAX_SIDE + 1, limits.IMAGE_MAX_SIDE + 1)


def _image_size(data: bytes) -> tuple[int, int] | None:
    """Width and height from the image's header, nothing decoded (None: not an image Pillow
    knows, which the page checks judge)."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as image:
                return image.size
    except Image.DecompressionBombError:
        # Pillow refuses past twice its own limit, far above ours: too large in any case.
        return _PAST_PILLOWS_LIMIT
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError):
        return None


def refuse_huge_pages(files: list[tuple[str, bytes]]) -> None:
    """Refuse, before any page is decoded, an image or a PDF page larger than
    ``limits.IMAGE_MAX_PIXELS`` (or wider or taller than ``limits.IMAGE_MAX_SIDE``) once
    made into pixels: a few megabytes of PNG can unpack to gigabytes."""
    problems = []
    for name, data in files:
        if is_pdf(name, data):
            sizes = _pdf_page_pixels(data)
        else:
            size = _image_size(data)
            sizes = [size] if size is not None else []
        for number, (width, height) in enumerate(sizes, 1):
            if (width * height > limits.IMAGE_MAX_PIXELS
                    or max(width, height) > limits.IMAGE_MAX_SIDE):
                where = f"{name} (trang {number})" if is_pdf(name, data) else name
                shown = ("" if (width, height) == _PAST_PILLOWS_LIMIT
                         else f" {width} × {height} điểm ảnh")
                problems.append(
                    f"{where}: ảnh{shown} lớn hơn giới hạn "
                    f"{limits.IMAGE_MAX_PIXELS // 1_000_000} triệu điểm ảnh (cạnh dài nhất "
                    f"{limits.IMAGE_MAX_SIDE}); hãy quét ở 200–300 dpi.")
                break
    if problems:
        raise ScanError(problems)


def _pdf_page_pixels(data: bytes) -> list[tuple[int, int]]:
    """Each PDF page's size in pixels as it would be rasterised (PDF_DPI), from its box."""
    import pypdfium2 as pdfium

    sizes = []
    with READING:
        try:
            pdf = pdfium.PdfDocument(data)
        except pdfium.PdfiumError:
            return []  # the page checks say it cannot be read
        try:
            for index in range(min(len(pdf), MAX_PAGES)):
                width, height = pdf.get_page_size(index)
                sizes.append((round(width / 72 * PDF_DPI), round(height / 72 * PDF_DPI)))
        finally:
            pdf.close()
    return sizes


def _counter(election: Election, user: User) -> None:
    try:
        congress_actions.ensure_unsealed(election)
    except congress_actions.CongressError as exc:
        raise ScanError(exc.messages) from None
    if election.status != ElectionStatus.COUNTING:
        raise ScanError("Cuộc bầu cử không ở giai đoạn kiểm phiếu.")
    if not election.counters.filter(pk=user.pk).exists():
        raise ScanError("Bạn không được phân công kiểm phiếu cuộc bầu cử này.")


def _independent(scan_set: ScanSet, user: User) -> None:
    """The holder of the batch's other entry does not touch this set while the batch is open."""
    if scan_set.batch.status == BatchStatus.OPEN and holds_other_entry(user, scan_set):
        raise ScanError("Bạn đang nhập lần nhập kia của lô phiếu này: hai lần nhập độc lập, "
                        "không xem hay sửa bộ ảnh của người kia cho đến khi cả hai đã nộp.")


def _open(scan_set: ScanSet) -> None:
    if scan_set.entry_id is not None:
        raise ScanError("Bộ ảnh quét này đã thành một lần nhập của lô phiếu, không sửa được nữa.")


def wrong_election(info: Ballot, paper: str, where: list[str]) -> str:
    """The message for pages that are another election's ballots (or of the other paper)."""
    code = election_code(info.doc).upper()
    return ("Không phải phiếu bầu của cuộc bầu cử này (mã trên phiếu khác mã "
            f"{code[:4]}-{code[4:8]}-{code[8:]}, hoặc khổ giấy khác khổ {paper} đã chọn): "
            + ", ".join(where))


def read_page(page: Page, info: Ballot, layout: dict[str, Any]) -> dict[str, Any]:
    """The reader's reading of one page (one reading at a time in this process: the reader
    uses PDFium, which is not thread-safe)."""
    with READING:
        return read_image(page.image, info.doc, layout)


def read_pages(election: Election, files: list[tuple[str, bytes]],
               paper: str) -> list[tuple[Page, dict[str, Any]]]:
    """Every page of the files with its reading, read now (for a rescan: one page);
    :class:`ScanError` (nothing saved) when a file is not a scan or a page is another
    election's ballot."""
    info = ballot_of(election)
    if paper not in Paper.values:
        raise ScanError("Khổ giấy không hợp lệ.")
    try:
        pages = split_files(files)
    except ScanFileError as exc:
        raise ScanError(exc.problems) from None
    try:
        layout = layout_for(info.doc, paper)
        readings = [(page, read_page(page, info, layout)) for page in pages]
    except BallotInputError as exc:
        raise ScanError(exc.problems) from None
    wrong = [p.where for p, r in readings if "wrong_election" in (r.get("reasons") or [])]
    if wrong:
        raise ScanError(wrong_election(info, paper, wrong)
                        + ". Không lưu tệp nào của lần tải lên này.")
    return readings


def _stamp(path: str, scan_set: ScanSet) -> None:
    # The file's own times say no more than the set's.
    stamp = scan_set.created_at.timestamp()
    os.utime(path, (stamp, stamp))


def _keep(ballot: ScannedBallot, data: bytes, suffix: str, scan_set: ScanSet) -> None:
    ballot.image.save(f"page.{suffix}", ContentFile(data), save=False)
    _stamp(ballot.image.path, scan_set)


def _stored_suffix(name: str, data: bytes) -> str:
    """The suffix an uploaded file is stored under: ``pdf``, an image page's own suffix (so
    the page is the stored file itself), or a safe rendering of what it was called."""
    if is_pdf(name, data):
        return "pdf"
    suffix = suffix_of(name)
    if suffix in IMAGE_SUFFIXES:
        return IMAGE_SUFFIXES[suffix]
    return suffix if re.fullmatch(r"[a-z0-9]{1,5}", suffix) else "bin"


def _check_first_page(info: Ballot, file: tuple[str, bytes], paper: str) -> None:
    """The upload's first page read at once: a stack of another election's ballots, or of
    the other paper size, is refused before anything is saved (the worker reads it again)."""
    name, data = file
    try:
        with FilePages(name, data) as pages:
            page = pages.page(1)
    except ScanFileError:
        return  # the worker keeps it as a page it could not read, naming it
    try:
        reading = read_page(page, info, layout_for(info.doc, paper))
    except BallotInputError as exc:
        raise ScanError(exc.problems) from None
    if "wrong_election" in (reading.get("reasons") or []):
        raise ScanError(wrong_election(info, paper, [page.where])
                        + ". Không lưu tệp nào của lần tải lên này.")


def _next_position(scan_set: ScanSet) -> int:
    """After the pages stored and the positions reserved by the uploads of the set not yet
    read to the end (a finished upload has stored all its pages, which may since have been
    renumbered by taking a page out)."""
    last_page = scan_set.ballots.aggregate(last=Max("position"))["last"] or 0
    last_job = max((j.last_position for j in scan_set.jobs.all() if j.status != JobStatus.DONE),
                   default=0)
    return max(last_page, last_job) + 1


def _read_after_commit() -> None:
    from daihoi.scanning import jobs

    jobs.after_upload()


def do_upload_scans(election: Election, *, acting_user: User, files: list[tuple[str, bytes]],
                    batch: Batch | None = None, paper: str = Paper.A4) -> ScanJob:
    """Scans of a batch (a new batch when ``batch`` is None), stored and queued to be read,
    appended to the user's scan set of that batch in the order uploaded: the order of the
    paper stack. The pages are read in the background once this is committed."""
    _counter(election, acting_user)
    if batch is not None and (batch.election_id != election.pk
                              or batch.status != BatchStatus.OPEN):
        raise ScanError("Lô phiếu này không còn mở để nhập.")
    if batch is not None:
        existing = ScanSet.objects.filter(batch=batch, scanned_by=acting_user).first()
        if existing is not None:
            _open(existing)
            paper = existing.paper
        if decided_in_batch(acting_user, batch):
            raise ScanError("Bạn đã quyết định trang quét của người khác trong lô phiếu này: "
                            "lần nhập kia phải do người chưa xem lô này làm.")
        mine = batch.entries.filter(clerk=acting_user).first()
        if mine is not None and (mine.submitted_at or mine.ballots.exists()):
            raise ScanError("Bạn đã nhập lô phiếu này bằng bàn phím: mỗi người chỉ một lần "
                            "nhập cho một lô.")
    info = ballot_of(election)
    if paper not in Paper.values:
        raise ScanError("Khổ giấy không hợp lệ.")
    refuse_huge_pages(files)
    try:
        counts = check_files(files)
    except ScanFileError as exc:
        raise ScanError(exc.problems) from None
    _check_first_page(info, files[0], paper)
    with transaction.atomic():
        if batch is None:
            batch = congress_actions.do_open_entry(election, acting_user=acting_user).batch
        else:
            congress_actions.do_open_entry(election, acting_user=acting_user, batch=batch)
        scan_set, _ = ScanSet.objects.get_or_create(batch=batch, scanned_by=acting_user,
                                                    defaults={"paper": paper})
        scan_set = ScanSet.objects.select_for_update().get(pk=scan_set.pk)
        _open(scan_set)
        job = ScanJob.objects.create(scan_set=scan_set, started_by=acting_user,
                                     first_position=_next_position(scan_set),
                                     pages_total=sum(counts))
        stored = []
        for order, ((name, data), count) in enumerate(zip(files, counts, strict=True), 1):
            file = ScanFile(job=job, order=order, name=name[:255], pages=count,
                            sha256=hashlib.sha256(data).hexdigest())
            file.file.save(f"upload.{_stored_suffix(name, data)}", ContentFile(data), save=False)
            _stamp(file.file.path, scan_set)
            file.save()
            stored.append(file)
        record(acting_user=acting_user, action="scanning.queue", obj=scan_set,
               changes={"batch": batch.pk, "paper": scan_set.paper, "job": job.pk,
                        "positions": [job.first_position, job.last_position],
                        "files": [[f.sha256, f.pages] for f in stored]})
    _read_after_commit()
    return job


# --- the worker's writes (daihoi.scanning.jobs) ----------------------------------------

def _claimed(job: ScanJob, claim: int) -> ScanJob | None:
    """The job, locked, if it is still running under this claim (another worker may have
    taken it over after this one was thought dead)."""
    current = ScanJob.objects.select_for_update().get(pk=job.pk)
    if current.status != JobStatus.RUNNING or current.attempts != claim:
        return None
    return current


def claim_next_job() -> ScanJob | None:
    """The oldest queued job, now running under a new claim (``attempts``); None when none is
    queued. A conditional update: two workers never claim the same job."""
    while True:
        candidate = ScanJob.objects.filter(status=JobStatus.QUEUED).order_by("id").first()
        if candidate is None:
            return None
        now = timezone.now()
        won = ScanJob.objects.filter(pk=candidate.pk, status=JobStatus.QUEUED).update(
            status=JobStatus.RUNNING, attempts=candidate.attempts + 1, heartbeat_at=now,
            started_at=candidate.started_at or now)
        if won:
            candidate.refresh_from_db()
            return candidate


def requeue_stale_jobs(stale_before: Any) -> list[ScanJob]:
    """Jobs left running by a process that stopped (no heartbeat since ``stale_before``),
    queued again: the pages already stored stay, the others are read on the next claim."""
    requeued = []
    stale = ScanJob.objects.filter(Q(heartbeat_at__lt=stale_before) | Q(heartbeat_at=None),
                                   status=JobStatus.RUNNING).select_related("scan_set")
    for job in stale:
        with transaction.atomic():
            won = ScanJob.objects.filter(
                Q(heartbeat_at__lt=stale_before) | Q(heartbeat_at=None), pk=job.pk,
                status=JobStatus.RUNNING, attempts=job.attempts).update(status=JobStatus.QUEUED)
            if won:
                record(acting_user=None, action="scanning.requeue", obj=job.scan_set,
                       changes={"job": job.pk, "pages_done": job.pages_done,
                                "heartbeat_at": job.heartbeat_at.isoformat()
                                if job.heartbeat_at else None})
                requeued.append(job)
    return requeued


def store_page(job: ScanJob, *, claim: int, position: int, data: bytes, suffix: str,
               reading: dict[str, Any], problem: str = "", stored: ScanFile | None = None
               ) -> bool:
    """One page of a claimed job kept with its reading, and the job's progress. Nothing is
    added when the position is already stored (a job resumed after a crash). ``stored``: the
    uploaded file, when the page is that file itself. False when the job is no longer this
    claim's: the worker stops."""
    sha256 = hashlib.sha256(data).hexdigest()
    with transaction.atomic():
        current = _claimed(job, claim)
        if current is None:
            return False
        scan_set = ScanSet.objects.get(pk=current.scan_set_id)
        if not scan_set.ballots.filter(position=position).exists():
            ballot = ScannedBallot(scan_set=scan_set, position=position, sha256=sha256,
                                   reading=reading)
            if stored is not None and stored.sha256 == sha256:
                ballot.image.name = stored.file.name
            else:
                _keep(ballot, data, suffix, scan_set)
            ballot.save()
            if problem:
                current.problems = [*current.problems, problem]
        current.pages_done = max(current.pages_done, position - current.first_position + 1)
        current.heartbeat_at = timezone.now()
        current.save(update_fields=["pages_done", "problems", "heartbeat_at"])
    return True


def finish_job(job: ScanJob, *, claim: int) -> bool:
    """Every page of the job stored: the job is done, and the upload's audit row lists its
    pages with their hashes and what the reader made of them (as the upload did when it read
    the pages itself)."""
    with transaction.atomic():
        current = _claimed(job, claim)
        if current is None:
            return False
        scan_set = ScanSet.objects.select_related("batch", "scanned_by").get(
            pk=current.scan_set_id)
        pages = scan_set.ballots.filter(position__gte=current.first_position,
                                        position__lte=current.last_position).order_by("position")
        now = timezone.now()
        current.status, current.finished_at, current.heartbeat_at = JobStatus.DONE, now, now
        current.pages_done = current.pages_total
        current.save(update_fields=["status", "finished_at", "heartbeat_at", "pages_done"])
        record(acting_user=current.started_by, action="scanning.upload", obj=scan_set,
               changes={"batch": scan_set.batch_id, "paper": scan_set.paper, "job": current.pk,
                        "pages": [[b.position, b.sha256, str(b.reading.get("status"))]
                                  for b in pages]})
    return True


def fail_job(job: ScanJob, *, claim: int, error: str) -> bool:
    """The job stopped on ``error`` (Vietnamese, naming the file and page); the pages stored
    stay, and :func:`do_retry_scan_jobs` reads the rest."""
    with transaction.atomic():
        current = _claimed(job, claim)
        if current is None:
            return False
        current.status, current.error, current.finished_at = (JobStatus.FAILED, error,
                                                               timezone.now())
        current.save(update_fields=["status", "error", "finished_at"])
        scan_set = ScanSet.objects.select_related("batch", "scanned_by").get(
            pk=current.scan_set_id)
        record(acting_user=None, action="scanning.read_failed", obj=scan_set,
               changes={"job": current.pk, "pages_done": current.pages_done, "error": error})
    return True


@transaction.atomic
def do_retry_scan_jobs(scan_set: ScanSet, *, acting_user: User) -> list[ScanJob]:
    """The set's uploads stopped by an error queued again: the pages already stored stay, the
    others are read (after the cause, such as a full disk, was put right)."""
    scan_set = ScanSet.objects.select_for_update().select_related("batch__election").get(
        pk=scan_set.pk)
    _counter(scan_set.batch.election, acting_user)
    _open(scan_set)
    if scan_set.scanned_by_id != acting_user.pk:
        raise ScanError("Chỉ người đã quét lô phiếu này mới cho đọc tiếp được.")
    failed = list(scan_set.jobs.filter(status=JobStatus.FAILED))
    if not failed:
        raise ScanError("Không có lần tải lên nào bị dừng vì lỗi.")
    record(acting_user=acting_user, action="scanning.retry", obj=scan_set,
           changes={"jobs": [[j.pk, j.pages_done, j.error] for j in failed]})
    for job in failed:
        job.status, job.error, job.finished_at = JobStatus.QUEUED, "", None
        job.save(update_fields=["status", "error", "finished_at"])
    _read_after_commit()
    return failed


@transaction.atomic
def flagged_names(ballot: ScannedBallot, info: Ballot) -> list[str]:
    """The candidates the reader named in its reasons for doubt, in the ballot's order: each
    needs a person's decision (struck or kept) before the page counts."""
    named = {r.split(":")[1] for r in ballot.reasons if r.count(":")}
    return [cid for cid in info.ids if cid in named]


def do_decide_ballot(ballot: ScannedBallot, *, acting_user: User, text: str = "",
                     names: dict[str, str] | None = None, nothing: bool = False
                     ) -> ScannedBallot:
    """The board's decision on a page the reader was unsure of (or could not read), after
    looking at the image or the paper: typed as at the keying screen (``!other_mark``...), or,
    on the strike-out form, one decision per flagged name (``names``: candidate id to
    ``struck`` or ``kept``), the names the reader was sure of taken from its reading. Every
    flagged name needs its decision: the reader's guess is never taken for one. An empty typed
    ballot (nothing struck, or agree with all) counts only when ``nothing`` says so."""
    ballot = ScannedBallot.objects.select_for_update().select_related(
        "scan_set__batch__election").get(pk=ballot.pk)
    election = ballot.scan_set.batch.election
    _counter(election, acting_user)
    _independent(ballot.scan_set, acting_user)
    _open(ballot.scan_set)
    if ballot.reading.get("status") == "read" and ballot.decided_at is None:
        raise ScanError("Phiếu này đã đọc chắc chắn, không cần quyết định.")
    info = ballot_of(election)
    text = text.strip()
    if not text and names is not None and not nothing:
        text = _from_names(ballot, info, names)
    elif not text and not nothing:
        raise ScanError("Gõ số thứ tự các tên bị gạch, hoặc chọn “Không gạch tên nào” "
                        "nếu tờ phiếu không gạch tên nào.")
    try:
        content = canonical(text, info.form, len(info.ids))
    except KeyingError as exc:
        raise ScanError(str(exc)) from None
    old = ballot.decision if ballot.decided_at is not None else None
    ballot.decision = content
    ballot.decided_by = acting_user
    ballot.decided_at = timezone.now()
    ballot.save(update_fields=["decision", "decided_by", "decided_at"])
    record(acting_user=acting_user, action="scanning.decide", obj=ballot,
           changes={"scan_set": ballot.scan_set_id, "position": ballot.position,
                    "status": ballot.reading.get("status"),
                    "reasons": ballot.reasons, "reader": guess_of(ballot, info),
                    "names": names or {},
                    "decision": [old, content], "sha256": ballot.sha256})
    return ballot


def _from_names(ballot: ScannedBallot, info: Ballot, names: dict[str, str]) -> str:
    """The typed content of a strike-out ballot from a decision per flagged name and the
    reader's sure reading of the others."""
    kept = ballot.reading.get("kept")
    if info.form != "strike_out" or not isinstance(kept, list) or ballot.reading.get("defect"):
        raise ScanError("Gõ nội dung tờ phiếu: máy không đọc được tên nào chắc chắn.")
    flagged = flagged_names(ballot, info)
    undecided = [info.ids.index(c) + 1 for c in flagged if names.get(c) not in ("struck", "kept")]
    if undecided:
        raise ScanError("Chưa quyết định tên số " + ", ".join(map(str, undecided))
                        + ": gạch hay giữ? (phím X: gạch, K: giữ)")
    struck = [n for n, cid in enumerate(info.ids, 1)
              if (names[cid] == "struck" if cid in flagged else cid not in kept)]
    return " ".join(map(str, struck))


# Why a page is taken out of a scan set.
REMOVAL_REASONS = {
    "other_election": gettext_lazy("A ballot of another election, in the stack by mistake"),
    "duplicate": gettext_lazy("A sheet scanned twice (already in the scans)"),
    "not_a_ballot": gettext_lazy("Not a ballot (a cover, blank or separator sheet)"),
}


@transaction.atomic
def do_remove_page(ballot: ScannedBallot, *, acting_user: User, reason: str) -> ScanSet:
    """Take a page that is no ballot of this batch out of the set: a stray ballot of another
    election, a sheet fed twice, a cover or separator sheet. The pages after it move up one
    position, so the set's positions stay those of the paper stack as a keyer counts it (the
    keyer skips such a sheet). The image stays on disk; the audit row names it by its hash."""
    ballot = ScannedBallot.objects.select_related("scan_set__batch__election").get(pk=ballot.pk)
    scan_set = ScanSet.objects.select_for_update().get(pk=ballot.scan_set_id)
    election = scan_set.batch.election
    _counter(election, acting_user)
    _independent(scan_set, acting_user)
    _open(scan_set)
    if reason not in REMOVAL_REASONS:
        raise ScanError("Chọn lý do bỏ tờ này khỏi bộ ảnh.")
    if any(job.pending or job.status == JobStatus.FAILED for job in scan_set.jobs.all()):
        raise ScanError("Bộ ảnh còn lần tải lên đang đọc hoặc bị dừng: đọc xong mới bỏ được "
                        "tờ nào (số thứ tự các tờ sau sẽ thay đổi).")
    ballot = ScannedBallot.objects.select_for_update().get(pk=ballot.pk)
    position = ballot.position
    record(acting_user=acting_user, action="scanning.remove_page", obj=scan_set,
           changes={"position": position, "sha256": ballot.sha256, "image": ballot.image.name,
                    "status": ballot.status, "reasons": ballot.reasons, "reason": reason,
                    "decision": ballot.decision if ballot.decided_at else None})
    ballot.delete()  # the image file itself is kept
    for later in scan_set.ballots.filter(position__gt=position).order_by("position"):
        later.position -= 1
        later.save(update_fields=["position"])
    return scan_set


def do_rescan_ballot(ballot: ScannedBallot, *, acting_user: User,
                     file: tuple[str, bytes]) -> ScannedBallot:
    """A new scan of one paper (the old image could not be read): the page is read again; the
    old image stays on disk, named by its hash in the audit row."""
    ballot = ScannedBallot.objects.select_related("scan_set__batch__election").get(pk=ballot.pk)
    scan_set = ballot.scan_set
    election = scan_set.batch.election
    _counter(election, acting_user)
    _independent(scan_set, acting_user)
    _open(scan_set)
    refuse_huge_pages([file])
    readings = read_pages(election, [file], scan_set.paper)
    if len(readings) != 1:
        raise ScanError("Quét lại một tờ phiếu: chỉ một ảnh (một trang).")
    page, reading = readings[0]
    with transaction.atomic():
        ballot = ScannedBallot.objects.select_for_update().get(pk=ballot.pk)
        _open(ScanSet.objects.get(pk=scan_set.pk))
        old = [ballot.sha256, ballot.status]
        ballot.sha256 = page.sha256
        ballot.reading = reading
        ballot.decision, ballot.decided_by, ballot.decided_at = "", None, None
        _keep(ballot, page.data, page.suffix, scan_set)
        ballot.save()
        record(acting_user=acting_user, action="scanning.rescan", obj=ballot,
               changes={"scan_set": scan_set.pk, "position": ballot.position,
                        "image": [old, [ballot.sha256, ballot.status]]})
    return ballot


def set_problems(scan_set: ScanSet, info: Ballot) -> list[str]:
    """Why the set cannot become an entry yet (Vietnamese); [] when it can."""
    return job_problems(scan_set) + page_problems(scan_set, info)


def job_problems(scan_set: ScanSet) -> list[str]:
    """Uploads of the set still being read, or stopped by an error (Vietnamese)."""
    problems = []
    for job in scan_set.jobs.all():
        pages = (f"tờ số {job.first_position}" if job.pages_total == 1
                 else f"tờ số {job.first_position}–{job.last_position}")
        if job.pending:
            problems.append(f"Đang đọc {pages} ({job.pages_done}/{job.pages_total} trang): "
                            "chờ đọc xong.")
        elif job.status == JobStatus.FAILED:
            problems.append(f"Việc đọc {pages} bị dừng: {job.error}")
    return problems


def page_problems(scan_set: ScanSet, info: Ballot) -> list[str]:
    """Pages stored that the board must still deal with (Vietnamese)."""
    ballots = list(scan_set.ballots.all())
    if not ballots:
        return [] if any(job.pending for job in scan_set.jobs.all()) else [
            "Chưa có ảnh quét nào."]
    problems = []
    rejected = [b.position for b in ballots if b.status == "rejected"]
    review = [b.position for b in ballots if b.status == "review"]
    if rejected:
        problems.append("Không đọc được tờ số " + ", ".join(map(str, rejected))
                        + ": quét lại hoặc quyết định nội dung.")
    if review:
        problems.append("Còn tờ số " + ", ".join(map(str, review))
                        + " chờ Ban kiểm phiếu quyết định.")
    size = scan_set.batch.election.batch_size
    if len(ballots) > size:
        problems.append(f"Bộ ảnh có {len(ballots)} tờ, nhiều hơn số phiếu của một lô ({size} "
                        "tờ): bỏ các tờ thừa khỏi bộ ảnh, hoặc quét chúng thành lô khác.")
    same: dict[str, list[int]] = {}
    for b in ballots:
        same.setdefault(b.sha256, []).append(b.position)
    for positions in same.values():
        if len(positions) > 1:  # one file uploaded twice: one paper would count twice
            problems.append("Tờ số " + ", ".join(map(str, positions)) + " là cùng một ảnh "
                            "(một tệp được tải lên hai lần?): bỏ các tờ thừa khỏi bộ ảnh.")
    if not problems and any(content_of_page(b, info) is None for b in ballots):
        problems.append("Có tờ chưa có nội dung.")
    return problems


@transaction.atomic
def do_scan_to_entry(scan_set: ScanSet, *, acting_user: User) -> Batch:
    """Every page read or decided: the set becomes the scanning user's entry of the batch,
    through the congress app's keying actions, so the usual rules apply (the other entry is
    keyed by a different person; a mismatch waits for the board)."""
    scan_set = ScanSet.objects.select_for_update().select_related("batch__election").get(
        pk=scan_set.pk)
    election = scan_set.batch.election
    _counter(election, acting_user)
    _open(scan_set)
    if scan_set.scanned_by_id != acting_user.pk:
        raise ScanError("Chỉ người đã quét lô phiếu này mới chuyển được thành lần nhập của mình.")
    info = ballot_of(election)
    problems = set_problems(scan_set, info)
    if problems:
        raise ScanError(problems)
    entry = congress_actions.do_open_entry(election, acting_user=acting_user,
                                           batch=scan_set.batch)
    if entry.ballots.exists():
        raise ScanError("Bạn đã bắt đầu nhập lô này bằng bàn phím: không thể dùng ảnh quét.")
    contents = []
    for ballot in scan_set.ballots.order_by("position"):
        content = content_of_page(ballot, info)
        if content is None:  # set_problems said there is none
            raise ScanError(f"Tờ số {ballot.position} chưa có nội dung.")
        congress_actions.do_key_ballot(entry, acting_user=acting_user, position=ballot.position,
                                       text=content, key=f"scan-{scan_set.pk}-{ballot.position}")
        contents.append(content)
    scan_set.entry = entry
    scan_set.save(update_fields=["entry"])
    record(acting_user=acting_user, action="scanning.to_entry", obj=scan_set,
           changes={"batch": scan_set.batch_id, "entry": entry.pk, "ballots": len(contents),
                    "decided": scan_set.ballots.filter(decided_at__isnull=False).count()})
    return congress_actions.do_submit_entry(entry, acting_user=acting_user)
