"""Reading uploaded scans in the background, one job at a time.

An upload stores its files and queues a :class:`~daihoi.scanning.models.ScanJob`
(``actions.do_upload_scans``); the pages are read here. Three ways in, all the same loop
(:func:`run_pending`):

- the web process: :func:`after_upload` starts a daemon thread once the upload is committed
  (``transaction.on_commit``); the thread reads every queued job, then ends, unless a job is
  still running in another worker: it then looks again every :data:`WATCH_EVERY`, so the job
  of a process that stopped is read on once stale. ``daihoi serve`` starts it at start-up,
  and the scan set's page (:func:`ensure_running`) while a job of the set is not finished;
- ``python -m django process_scans`` (``--watch`` to keep going): for a server that reads in
  a process of its own, or after a crash with nobody on the page;
- tests: with ``settings.DAIHOI_SCAN_JOBS_INLINE = True`` the job is read in the upload's own
  call, before it returns.

Several workers (a thread in each web process, the command) may run at once: a job is
claimed by a conditional update, and every write of the worker checks the claim. Each page
is stored in its own transaction with the job's progress and a heartbeat; a job still
``running`` without a heartbeat for :data:`STALE_AFTER` was left by a process that stopped
(killed, power cut) and is queued again at the start of every loop. Reading is idempotent per
page: a position already stored is skipped, so a resumed job adds no second record.
"""

from __future__ import annotations

import datetime as dt
import errno
import hashlib
import logging
import threading
from typing import Any

from django.conf import settings
from django.db import (
    DatabaseError,
    close_old_connections,
    connection,
    connections,
    transaction,
)
from django.utils import timezone

from daihoi.ballots import BallotInputError, layout_for
from daihoi.scanning import actions
from daihoi.scanning.models import JobStatus, ScanFile, ScanJob
from daihoi.scanning.pages import FilePages, ScanFileError

log = logging.getLogger(__name__)

# A page takes well under a few seconds; a minute without progress means the process is gone.
STALE_AFTER = dt.timedelta(seconds=60)
WATCH_EVERY = dt.timedelta(seconds=20)  # how often a thread looks at a job another one holds

_lock = threading.Lock()
_wake = threading.Event()
_thread: threading.Thread | None = None


def inline() -> bool:
    return bool(getattr(settings, "DAIHOI_SCAN_JOBS_INLINE", False))


def after_upload() -> None:
    """Read what was just queued: inline in tests, else in the background after commit."""
    if inline():
        run_pending()
    else:
        transaction.on_commit(wake)


def wake() -> None:
    """Start this process's worker thread, or tell the running one there is more to read."""
    global _thread
    with _lock:
        _wake.set()
        if _thread is None or not _thread.is_alive():
            _thread = threading.Thread(target=_thread_main, name="daihoi-scan-reader",
                                       daemon=True)
            _thread.start()


def ensure_running() -> None:
    """A page shows a job not finished: make sure a worker will get to it (never in the
    inline mode of the tests, where nothing runs behind the test's back)."""
    if not inline():
        wake()


def running() -> bool:
    with _lock:
        return _thread is not None and _thread.is_alive()


def _thread_main() -> None:
    global _thread
    try:
        while True:
            _wake.clear()
            run_pending()
            # A job some other worker holds: if that worker was a process that stopped, its
            # job becomes stale and this thread reads it on, without anyone opening a page.
            watching = _running_elsewhere()
            with _lock:
                if not _wake.is_set() and not watching:  # nothing left to read or to watch
                    _thread = None
                    return
            if watching:
                _wake.wait(timeout=WATCH_EVERY.total_seconds())
    except Exception:  # the thread must not die silently: the next wake starts another
        log.exception("scan reader thread stopped")
        with _lock:
            _thread = None
    finally:
        connections.close_all()  # this thread's connections only


def _running_elsewhere() -> bool:
    _fresh_connection()
    return ScanJob.objects.filter(status=JobStatus.RUNNING).exists()


def run_pending(*, limit: int | None = None) -> list[int]:
    """Queue again the jobs of a stopped process, then read queued jobs one at a time until
    none is left (or ``limit`` jobs were read); the ids of the jobs read."""
    done: list[int] = []
    _fresh_connection()
    actions.requeue_stale_jobs(timezone.now() - STALE_AFTER)
    while limit is None or len(done) < limit:
        job = actions.claim_next_job()
        if job is None:
            break
        run_job(job)
        done.append(job.pk)
        _fresh_connection()
    return done


def _fresh_connection() -> None:
    """Drop a connection that broke or outlived DAIHOI_DB_CONN_MAX_AGE, as Django does
    between requests; not inside a transaction (the caller's, or a test's), which that
    would end."""
    if not connection.in_atomic_block:
        close_old_connections()


class _Stopped(Exception):
    """An error that stops the job (not the page's fault), with the file and page it hit."""

    def __init__(self, where: str, cause: BaseException) -> None:
        super().__init__(where)
        self.where, self.cause = where, cause


def _detail(exc: BaseException) -> str:
    if isinstance(exc, FileNotFoundError):
        return "tệp đã lưu không còn trên đĩa"
    if isinstance(exc, OSError) and exc.errno == errno.ENOSPC:
        return "ổ đĩa đã đầy"
    if isinstance(exc, DatabaseError):
        return f"lỗi cơ sở dữ liệu ({str(exc).strip() or type(exc).__name__})"
    messages = getattr(exc, "messages", None) or getattr(exc, "problems", None)
    if messages:
        return "; ".join(str(m) for m in messages)
    return str(exc).strip() or type(exc).__name__


def _failure(where: str, exc: BaseException) -> str:
    return (f"lỗi khi đọc {where}: {_detail(exc)}. Các trang đã đọc trước đó vẫn được giữ; "
            "bấm “Đọc tiếp” để đọc nốt.")


def run_job(job: ScanJob) -> None:
    """Read and store every page of a claimed job not stored yet, then close the job. A page
    that cannot be read is stored as rejected (with its reason) and the others continue; an
    error that is not the page's (the stored file gone or changed, a full disk, the database)
    stops the job, marked failed with a Vietnamese message naming the file and page."""
    claim = job.attempts
    try:
        scan_set = job.scan_set
        try:
            info = actions.ballot_of(scan_set.batch.election)
            layout = layout_for(info.doc, scan_set.paper)
        except (actions.ScanError, BallotInputError) as exc:
            raise _Stopped("lần tải lên", exc) from exc
        stored = set(scan_set.ballots.filter(
            position__gte=job.first_position, position__lte=job.last_position,
        ).values_list("position", flat=True))
        position = job.first_position
        for file in job.files.order_by("order"):
            positions = range(position, position + file.pages)
            position += file.pages
            if all(p in stored for p in positions):
                continue
            if not _read_file(job, claim, file, positions, stored, info, layout):
                return  # another worker holds the job now
        actions.finish_job(job, claim=claim)
    except _Stopped as stop:
        log.warning("scan job %s stopped at %s: %s", job.pk, stop.where, stop.cause)
        _fail(job, claim, _failure(stop.where, stop.cause))
    except Exception as exc:
        log.exception("scan job %s stopped", job.pk)
        _fail(job, claim, _failure("lần tải lên", exc))


def _fail(job: ScanJob, claim: int, error: str) -> None:
    try:
        actions.fail_job(job, claim=claim, error=error)
    except DatabaseError:  # the database is gone too: the job is queued again later
        log.exception("scan job %s could not be marked failed", job.pk)


def _read_file(job: ScanJob, claim: int, file: ScanFile, positions: range, stored: set[int],
               info: actions.Ballot, layout: dict[str, Any]) -> bool:
    try:
        with file.file.open("rb") as handle:
            data = handle.read()
    except OSError as exc:
        raise _Stopped(file.name, exc) from exc
    if hashlib.sha256(data).hexdigest() != file.sha256:
        raise _Stopped(file.name, ValueError("tệp đã lưu bị thay đổi (mã băm SHA-256 khác "
                                             "lúc tải lên)"))
    try:
        pages = FilePages(file.name, data)
    except ScanFileError as exc:
        raise _Stopped(file.name, exc) from exc
    with pages:
        for number, position in enumerate(positions, 1):
            if position in stored:
                continue
            try:
                ok = _read_one(job, claim, file, data, pages, number, position, info, layout)
            except (DatabaseError, OSError) as exc:
                raise _Stopped(pages.where(number), exc) from exc
            if not ok:
                return False
    return True


def _read_one(job: ScanJob, claim: int, file: ScanFile, data: bytes, pages: FilePages,
              number: int, position: int, info: actions.Ballot, layout: dict[str, Any]) -> bool:
    try:
        page = pages.page(number)
        reading = actions.read_page(page, info, layout)
    except (DatabaseError, OSError):
        raise
    except Exception as exc:  # anything the page itself makes the decoder or reader raise
        # Kept as a page the reader rejected, its image the file as uploaded.
        log.warning("scan job %s: %s unreadable: %s", job.pk, pages.where(number), exc)
        problem = (f"{pages.where(number)}: không đọc được trang này ({_detail(exc)}); đã ghi "
                   "là tờ không đọc được.")
        return actions.store_page(
            job, claim=claim, position=position, data=data, stored=file, problem=problem,
            suffix=file.file.name.rsplit(".", 1)[-1],
            reading={"status": "rejected", "reasons": ["unreadable_page"]})
    problem = ""
    if "wrong_election" in (reading.get("reasons") or []):
        problem = actions.wrong_election(info, job.scan_set.paper, [page.where])
    return actions.store_page(job, claim=claim, position=position, data=page.data,
                              suffix=page.suffix, reading=reading, problem=problem, stored=file)


def wait_idle(timeout: float) -> bool:
    """For tests and the command: wait until this process's thread has stopped."""
    with _lock:
        thread = _thread
    if thread is not None:
        thread.join(timeout)
        return not thread.is_alive()
    return True

