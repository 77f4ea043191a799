"""Uploads read in the background: the upload stores the files and queues a job; a worker
(a thread of the web process, or the process_scans command) reads it page by page; a job left
running by a stopped process is queued again and finished without a second record of any
page; a page that cannot be read is kept as rejected and named; an error that stops a job is
named and the reading goes on after it was put right."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.utils import timezone

from daihoi.audit.models import AuditEntry
from daihoi.congress.models import Election
from daihoi.scanning import actions, jobs
from daihoi.scanning.models import JobStatus, ScanFile, ScanJob, ScannedBallot, ScanSet
from tests.ballots.conftest import Ballot
from tests.ballots.conftest import election as election_doc
from tests.conftest import Cast
from tests.scanning.conftest import client_for, paper, png, upload

WAIT = 120  # seconds: a few pages on a slow machine


@pytest.fixture
def queued(settings: Any, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Uploads stay queued: no inline reading, and no thread is started (each start is
    recorded instead)."""
    settings.DAIHOI_SCAN_JOBS_INLINE = False
    started: list[str] = []
    monkeypatch.setattr(jobs, "wake", lambda: started.append("wake"))
    return started


def _files(election: Election) -> list[tuple[str, bytes]]:
    return [("a.png", paper(election, "2")), ("b.png", paper(election, underline="3")),
            ("c.png", paper(election, "1 4"))]


@pytest.mark.django_db
def test_the_upload_stores_the_files_and_the_page_shows_the_progress_until_read(
        election: Election, cast: Cast, queued: list[str]) -> None:
    client = client_for(cast.counter)
    response = upload(client, election, _files(election))
    job = ScanJob.objects.get()
    assert response["Location"] == f"/quet-phieu/bo-anh/{job.scan_set_id}/"
    assert (job.status, job.pages_total, job.pages_done) == (JobStatus.QUEUED, 3, 0)
    assert job.started_by == cast.counter
    assert not ScannedBallot.objects.exists()  # nothing read in the request
    files = list(job.files.order_by("order"))
    assert [f.name for f in files] == ["a.png", "b.png", "c.png"]
    for f, (_name, data) in zip(files, _files(election), strict=True):
        with f.file.open("rb") as handle:
            assert handle.read() == data
        assert f.sha256 in f.file.name
    queue = AuditEntry.objects.get(action="scanning.queue")
    assert queue.changes["positions"] == [1, 3]
    assert queue.changes["files"] == [[f.sha256, 1] for f in files]

    page = client.get(f"/quet-phieu/bo-anh/{job.scan_set_id}/").content.decode()
    progress = f"/quet-phieu/bo-anh/{job.scan_set_id}/tien-do/"
    assert f'hx-get="{progress}" hx-trigger="every 2s"' in page
    assert '<noscript><meta http-equiv="refresh" content="5"></noscript>' in page
    assert "chờ đọc" in page
    assert "0/3 trang" in page
    assert queued  # the page made sure a worker will get to the job
    part = client.get(progress, headers={"HX-Request": "true"})
    assert "hx-trigger" in part.content.decode()
    assert "HX-Refresh" not in part

    assert jobs.run_pending() == [job.pk]
    job.refresh_from_db()
    assert (job.status, job.pages_done) == (JobStatus.DONE, 3)
    assert job.finished_at is not None
    part = client.get(progress, headers={"HX-Request": "true"})
    assert part["HX-Refresh"] == "true"  # htmx reloads the page, which shows the pages read
    assert "hx-trigger" not in part.content.decode()
    page = client.get(f"/quet-phieu/bo-anh/{job.scan_set_id}/").content.decode()
    assert "hx-trigger" not in page
    assert "http-equiv=\"refresh\"" not in page
    assert "đã đọc xong" in page
    assert "3/3 trang" in page


@pytest.mark.django_db
def test_the_worker_stores_what_the_reading_in_the_request_did(
        election: Election, cast: Cast, queued: list[str]) -> None:
    client = client_for(cast.counter)
    upload(client, election, _files(election))
    jobs.run_pending()
    scan_set = ScanSet.objects.get()
    pages = list(scan_set.ballots.order_by("position"))
    assert [p.status for p in pages] == ["read", "review", "read"]
    assert [p.reading.get("kept") for p in (pages[0], pages[2])] == [["1", "3", "4"], ["2", "3"]]
    for page, stored in zip(pages, ScanFile.objects.order_by("order"), strict=True):
        assert page.sha256 == stored.sha256
        assert page.image.name == stored.file.name  # an image page is the stored file itself
    row = AuditEntry.objects.get(action="scanning.upload")
    assert row.actor_id == cast.counter.pk
    assert row.changes["pages"] == [[p.position, p.sha256, p.status] for p in pages]
    assert row.changes["batch"] == scan_set.batch_id


@pytest.mark.django_db(transaction=True)
def test_a_thread_reads_the_upload_once_it_is_committed(
        election: Election, cast: Cast, settings: Any) -> None:
    settings.DAIHOI_SCAN_JOBS_INLINE = False
    job = actions.do_upload_scans(election, acting_user=cast.counter, files=_files(election)[:2])
    assert jobs.wait_idle(WAIT)
    job.refresh_from_db()
    assert job.status == JobStatus.DONE, job.error
    assert list(job.scan_set.ballots.values_list("position", flat=True)) == [1, 2]
    assert AuditEntry.objects.filter(action="scanning.upload").count() == 1
    assert not jobs.running()


class _Killed(BaseException):
    """The process stops in the middle of a job (not an error the worker would catch)."""


def _stop_after_first_page(monkeypatch: pytest.MonkeyPatch) -> None:
    real = actions.store_page
    calls: list[int] = []

    def store_then_die(*args: Any, **kwargs: Any) -> bool:
        if calls:
            raise _Killed
        calls.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(actions, "store_page", store_then_die)


def _upload_killed_after_first_page(election: Election, cast: Cast, settings: Any,
                                    monkeypatch: pytest.MonkeyPatch) -> ScanJob:
    """An upload whose process stops after storing its first page: the job still running."""
    settings.DAIHOI_SCAN_JOBS_INLINE = True
    with monkeypatch.context() as patch:
        _stop_after_first_page(patch)
        with pytest.raises(_Killed):
            actions.do_upload_scans(election, acting_user=cast.counter, files=_files(election))
    return ScanJob.objects.get()


@pytest.mark.django_db(transaction=True)
def test_a_job_left_running_by_a_stopped_process_is_queued_again_and_read_once(
        election: Election, cast: Cast, settings: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    job = _upload_killed_after_first_page(election, cast, settings, monkeypatch)
    assert (job.status, job.pages_done, job.attempts) == (JobStatus.RUNNING, 1, 1)
    first = ScannedBallot.objects.get()
    # The process is gone: no heartbeat for longer than a worker ever takes on a page.
    ScanJob.objects.filter(pk=job.pk).update(
        heartbeat_at=timezone.now() - jobs.STALE_AFTER - dt.timedelta(seconds=1))

    settings.DAIHOI_SCAN_JOBS_INLINE = False
    jobs.wake()  # the web process's thread: at its start it queues the job again
    assert jobs.wait_idle(WAIT)
    job.refresh_from_db()
    assert (job.status, job.pages_done, job.attempts) == (JobStatus.DONE, 3, 2)
    pages = list(job.scan_set.ballots.order_by("position"))
    assert [p.position for p in pages] == [1, 2, 3]  # no second record of page 1
    assert pages[0].pk == first.pk
    assert [p.status for p in pages] == ["read", "review", "read"]
    assert AuditEntry.objects.filter(action="scanning.requeue").get().changes["pages_done"] == 1
    assert AuditEntry.objects.filter(action="scanning.upload").count() == 1


@pytest.mark.django_db(transaction=True)
def test_a_thread_watches_a_job_another_worker_holds_and_reads_it_on_once_stale(
        election: Election, cast: Cast, settings: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    """The web process restarts right after a crash: the dead worker's job still looks alive.
    The thread started with the server waits, and reads the job on once its heartbeat is old,
    without anyone opening a page."""
    job = _upload_killed_after_first_page(election, cast, settings, monkeypatch)
    assert job.status == JobStatus.RUNNING  # its heartbeat is fresh: not stale yet
    monkeypatch.setattr(jobs, "STALE_AFTER", dt.timedelta(seconds=1))
    monkeypatch.setattr(jobs, "WATCH_EVERY", dt.timedelta(seconds=0.2))
    settings.DAIHOI_SCAN_JOBS_INLINE = False
    jobs.wake()  # as `daihoi serve` does when it starts
    assert jobs.wait_idle(WAIT)
    job.refresh_from_db()
    assert (job.status, job.pages_done) == (JobStatus.DONE, 3)
    assert list(job.scan_set.ballots.values_list("position", flat=True)) == [1, 2, 3]


@pytest.mark.django_db
def test_a_job_another_worker_is_reading_is_left_to_it(
        election: Election, cast: Cast, queued: list[str]) -> None:
    upload(client_for(cast.counter), election, _files(election)[:1])
    job = actions.claim_next_job()
    assert job is not None
    assert jobs.run_pending() == []  # its heartbeat is fresh: not queued again
    assert not actions.store_page(job, claim=job.attempts + 1, position=1, data=b"x",
                                  suffix="png", reading={})  # a stale claim writes nothing
    job.refresh_from_db()
    assert job.status == JobStatus.RUNNING
    assert not ScannedBallot.objects.exists()


@pytest.mark.django_db
def test_the_process_scans_command_reads_the_queued_uploads(
        election: Election, cast: Cast, queued: list[str]) -> None:
    upload(client_for(cast.counter), election, _files(election)[:2])
    out = io.StringIO()
    call_command("process_scans", stdout=out)
    job = ScanJob.objects.get()
    assert job.status == JobStatus.DONE
    assert f"job {job.pk}:" in out.getvalue()
    assert "2/2 pages" in out.getvalue()
    out = io.StringIO()
    call_command("process_scans", stdout=out)
    assert "no queued upload" in out.getvalue()


@pytest.mark.django_db
def test_a_page_that_cannot_be_read_is_kept_as_rejected_and_the_others_are_read(
        election: Election, cast: Cast) -> None:
    broken = paper(election)[:300]  # a PNG header, the image cut off
    client = client_for(cast.counter)
    upload(client, election, [("a.png", paper(election, "2")), ("hong.png", broken),
                              ("c.png", paper(election, "1"))])
    job = ScanJob.objects.get()
    assert job.status == JobStatus.DONE
    pages = list(job.scan_set.ballots.order_by("position"))
    assert [p.status for p in pages] == ["read", "rejected", "read"]
    assert pages[1].reasons == ["unreadable_page"]
    assert len(job.problems) == 1
    assert job.problems[0].startswith("hong.png: không đọc được trang này")
    text = client.get(f"/quet-phieu/bo-anh/{job.scan_set_id}/").content.decode()
    assert "hong.png: không đọc được trang này" in text
    assert "không mở được trang này thành ảnh" in text
    assert "Không đọc được tờ số 2" in text


@pytest.mark.django_db
def test_another_elections_ballot_inside_a_stack_is_rejected_and_named(
        election: Election, cast: Cast) -> None:
    other = Ballot(election_doc(["Một", "Hai", "Ba", "Bốn"], 3))
    upload(client_for(cast.counter), election,
           [("a.png", paper(election, "2")), ("khac.png", png(other.image))])
    job = ScanJob.objects.get()
    assert job.status == JobStatus.DONE
    assert job.scan_set.ballots.get(position=2).reasons == ["wrong_election"]
    assert "Không phải phiếu bầu của cuộc bầu cử này" in job.problems[0]
    assert "khac.png" in job.problems[0]


@pytest.mark.django_db
def test_an_error_that_stops_a_job_is_named_and_the_reading_goes_on_after_it(
        election: Election, cast: Cast, settings: Any, queued: list[str]) -> None:
    client = client_for(cast.counter)
    upload(client, election, _files(election))
    job = ScanJob.objects.get()
    lost = job.files.get(name="b.png")
    path = Path(lost.file.path)
    data = path.read_bytes()
    path.unlink()  # the stored file is gone (a disk put right later)
    jobs.run_pending()
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED
    assert "b.png" in job.error
    assert "không còn trên đĩa" in job.error
    assert list(job.scan_set.ballots.values_list("position", flat=True)) == [1]
    assert AuditEntry.objects.filter(action="scanning.read_failed").exists()
    page = client.get(f"/quet-phieu/bo-anh/{job.scan_set_id}/").content.decode()
    assert "b.png" in page
    assert "Đọc tiếp" in page
    assert "hx-trigger" not in page  # nothing to wait for
    response = client.post(f"/quet-phieu/bo-anh/{job.scan_set_id}/thanh-lan-nhap/", follow=True)
    assert "bị dừng" in response.content.decode()  # not an entry with pages missing
    assert job.scan_set.ballots.count() == 1

    path.write_bytes(data)
    settings.DAIHOI_SCAN_JOBS_INLINE = True
    client.post(f"/quet-phieu/bo-anh/{job.scan_set_id}/doc-tiep/")
    job.refresh_from_db()
    assert (job.status, job.error) == (JobStatus.DONE, "")
    assert list(job.scan_set.ballots.values_list("position", flat=True)) == [1, 2, 3]
    assert AuditEntry.objects.filter(action="scanning.retry").get().actor_id == cast.counter.pk


@pytest.mark.django_db
def test_only_the_member_who_scanned_reads_on(
        election: Election, cast: Cast, queued: list[str]) -> None:
    upload(client_for(cast.counter), election, _files(election)[:1])
    ScanJob.objects.update(status=JobStatus.FAILED, error="lỗi thử")
    scan_set = ScanSet.objects.get()
    response = client_for(cast.counter2).post(f"/quet-phieu/bo-anh/{scan_set.pk}/doc-tiep/",
                                              follow=True)
    assert "Chỉ người đã quét lô phiếu này" in response.content.decode()
    assert ScanJob.objects.get().status == JobStatus.FAILED


@pytest.mark.django_db
def test_the_set_is_no_entry_while_its_pages_are_being_read(
        election: Election, cast: Cast, queued: list[str]) -> None:
    client = client_for(cast.counter)
    upload(client, election, _files(election)[:1])
    scan_set = ScanSet.objects.get()
    response = client.post(f"/quet-phieu/bo-anh/{scan_set.pk}/thanh-lan-nhap/", follow=True)
    assert "Đang đọc tờ số 1 (0/1 trang)" in response.content.decode()
    scan_set.refresh_from_db()
    assert scan_set.entry is None


@pytest.mark.django_db
def test_uploads_take_the_next_positions_whatever_order_they_are_read_in(
        election: Election, cast: Cast, queued: list[str]) -> None:
    client = client_for(cast.counter)
    upload(client, election, _files(election)[:2])
    batch = ScanSet.objects.get().batch_id
    upload(client, election, _files(election)[2:], batch=batch)
    first, second = ScanJob.objects.order_by("pk")
    assert (second.first_position, second.last_position) == (3, 3)
    ScanJob.objects.filter(pk=first.pk).update(status=JobStatus.FAILED)  # read last
    jobs.run_pending()
    ScanJob.objects.filter(pk=first.pk).update(status=JobStatus.QUEUED)
    jobs.run_pending()
    pages = ScannedBallot.objects.order_by("position")
    assert [p.reading.get("kept") for p in pages] == [["1", "3", "4"], ["1", "2", "3", "4"],
                                                      ["2", "3"]]


@pytest.mark.django_db
def test_only_the_elections_counting_board_sees_the_progress(
        election: Election, cast: Cast, queued: list[str]) -> None:
    upload(client_for(cast.counter), election, _files(election)[:1])
    url = f"/quet-phieu/bo-anh/{ScanSet.objects.get().pk}/tien-do/"
    assert client_for(cast.counter2).get(url).status_code == 200
    for user in (cast.ward_office, cast.city_staff, cast.observer):
        assert client_for(user).get(url).status_code == 403
    assert client_for(cast.outsider).get(url).status_code == 404
