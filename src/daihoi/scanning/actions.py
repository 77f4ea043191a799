"""Writes of the scanning app: one transactional function each, each writing its audit row.

Images are read before the transaction opens (reading takes time; the database is not held).
A bad upload (not an image, another election's ballots) saves nothing of that upload and
leaves what was saved before as it was.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Any

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from daihoi.accounts.models import User
from daihoi.audit.log import record
from daihoi.ballots import BallotInputError, election_code, layout_for, read_image
from daihoi.congress import actions as congress_actions
from daihoi.congress import counting
from daihoi.congress.keying import KeyingError, canonical
from daihoi.congress.models import Batch, BatchStatus, Election, ElectionStatus
from daihoi.election.model import BallotForm
from daihoi.scanning.models import Paper, ScannedBallot, ScanSet
from daihoi.scanning.pages import Page, ScanFileError, reading_content, split_files


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


def _counter(election: Election, user: User) -> None:
    if election.status != ElectionStatus.COUNTING:
        raise ScanError("Cuộc bầu cử không ở giai đoạn kiểm phiếu.")
    if not election.counters.filter(pk=user.pk).exists():
        raise ScanError("Bạn không được phân công kiểm phiếu cuộc bầu cử này.")


def _open(scan_set: ScanSet) -> None:
    if scan_set.entry_id is not None:
        raise ScanError("Bộ ảnh quét này đã thành một lần nhập của lô phiếu, không sửa được nữa.")


def read_pages(election: Election, files: list[tuple[str, bytes]],
               paper: str) -> list[tuple[Page, dict[str, Any]]]:
    """Every page of the files with its reading; :class:`ScanError` (nothing saved) when a
    file is not a scan or a page is another election's ballot."""
    info = ballot_of(election)
    if paper not in Paper.values:
        raise ScanError("Khổ giấy không hợp lệ.")
    try:
        pages = split_files(files)
    except ScanFileError as exc:
        raise ScanError(exc.problems) from None
    try:
        layout = layout_for(info.doc, paper)
        readings = [(page, read_image(page.image, info.doc, layout)) for page in pages]
    except BallotInputError as exc:
        raise ScanError(exc.problems) from None
    wrong = [f"{p.source} (trang {p.page})" if p.source.lower().endswith(".pdf") else p.source
             for p, r in readings if "wrong_election" in (r.get("reasons") or [])]
    if wrong:
        code = election_code(info.doc).upper()
        raise ScanError(
            "Không phải phiếu bầu của cuộc bầu cử này (mã trên phiếu khác mã "
            f"{code[:4]}-{code[4:8]}-{code[8:]}, hoặc khổ giấy khác khổ {paper} đã chọn): "
            + ", ".join(wrong) + ". Không lưu tệp nào của lần tải lên này.")
    return readings


def _keep(ballot: ScannedBallot, page: Page, scan_set: ScanSet) -> None:
    ballot.image.save(f"page.{page.suffix}", ContentFile(page.data), save=False)
    # The file's own times say no more than the set's.
    stamp = scan_set.created_at.timestamp()
    os.utime(ballot.image.path, (stamp, stamp))


def do_upload_scans(election: Election, *, acting_user: User, files: list[tuple[str, bytes]],
                    batch: Batch | None = None, paper: str = Paper.A4) -> ScanSet:
    """Scans of a batch (a new batch when ``batch`` is None), appended to the user's scan set
    of that batch in the order uploaded: the order of the paper stack."""
    _counter(election, acting_user)
    if batch is not None and (batch.election_id != election.pk
                              or batch.status != BatchStatus.OPEN):
        raise ScanError("Lô phiếu này không còn mở để nhập.")
    if batch is not None:
        existing = ScanSet.objects.filter(batch=batch, scanned_by=acting_user).first()
        if existing is not None:
            _open(existing)
            paper = existing.paper
        mine = batch.entries.filter(clerk=acting_user).first()
        if mine is not None and (mine.submitted_at or mine.ballots.exists()):
            raise ScanError("Bạn đã nhập lô phiếu này bằng bàn phím: mỗi người chỉ một lần "
                            "nhập cho một lô.")
    readings = read_pages(election, files, paper)
    with transaction.atomic():
        if batch is None:
            batch = congress_actions.do_open_entry(election, acting_user=acting_user).batch
        else:
            congress_actions.do_open_entry(election, acting_user=acting_user, batch=batch)
        scan_set, _ = ScanSet.objects.get_or_create(batch=batch, scanned_by=acting_user,
                                                    defaults={"paper": paper})
        scan_set = ScanSet.objects.select_for_update().get(pk=scan_set.pk)
        _open(scan_set)
        last = scan_set.ballots.order_by("-position").first()
        start = last.position if last else 0
        added = []
        for offset, (page, reading) in enumerate(readings, 1):
            ballot = ScannedBallot(scan_set=scan_set, position=start + offset,
                                   sha256=page.sha256, reading=reading)
            _keep(ballot, page, scan_set)
            ballot.save()
            added.append(ballot)
        record(acting_user=acting_user, action="scanning.upload", obj=scan_set,
               changes={"batch": batch.pk, "paper": scan_set.paper,
                        "pages": [[b.position, b.sha256, b.status] for b in added]})
    return scan_set


@transaction.atomic
def do_decide_ballot(ballot: ScannedBallot, *, acting_user: User, text: str) -> ScannedBallot:
    """The board's decision on a page the reader was unsure of (or could not read), after
    looking at the image or the paper: typed as at the keying screen (``!other_mark``...)."""
    ballot = ScannedBallot.objects.select_for_update().select_related(
        "scan_set__batch__election").get(pk=ballot.pk)
    election = ballot.scan_set.batch.election
    _counter(election, acting_user)
    _open(ballot.scan_set)
    if ballot.reading.get("status") == "read" and ballot.decided_at is None:
        raise ScanError("Phiếu này đã đọc chắc chắn, không cần quyết định.")
    info = ballot_of(election)
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
                    "decision": [old, content], "sha256": ballot.sha256})
    return ballot


def do_rescan_ballot(ballot: ScannedBallot, *, acting_user: User,
                     file: tuple[str, bytes]) -> ScannedBallot:
    """A new scan of one paper (the old image could not be read): the page is read again; the
    old image stays on disk, named by its hash in the audit row."""
    ballot = ScannedBallot.objects.select_related("scan_set__batch__election").get(pk=ballot.pk)
    scan_set = ballot.scan_set
    election = scan_set.batch.election
    _counter(election, acting_user)
    _open(scan_set)
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
        _keep(ballot, page, scan_set)
        ballot.save()
        record(acting_user=acting_user, action="scanning.rescan", obj=ballot,
               changes={"scan_set": scan_set.pk, "position": ballot.position,
                        "image": [old, [ballot.sha256, ballot.status]]})
    return ballot


def set_problems(scan_set: ScanSet, info: Ballot) -> list[str]:
    """Why the set cannot become an entry yet (Vietnamese); [] when it can."""
    ballots = list(scan_set.ballots.all())
    if not ballots:
        return ["Chưa có ảnh quét nào."]
    rejected = [b.position for b in ballots if b.status == "rejected"]
    review = [b.position for b in ballots if b.status == "review"]
    problems = []
    if rejected:
        problems.append("Không đọc được tờ số " + ", ".join(map(str, rejected))
                        + ": quét lại hoặc quyết định nội dung.")
    if review:
        problems.append("Còn tờ số " + ", ".join(map(str, review))
                        + " chờ Ban kiểm phiếu quyết định.")
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
