"""Taking a page out of a scan set: a stray ballot of another election, a sheet fed twice, a
cover sheet. The pages after it move up, so the scanned entry lines up with a keyed entry
that skipped the sheet; the removal is audited and the image kept."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from daihoi.audit.models import AuditEntry
from daihoi.congress.models import BatchStatus, Election
from daihoi.scanning import actions
from daihoi.scanning.models import JobStatus, ScannedBallot, ScanSet
from tests.ballots.conftest import Ballot
from tests.ballots.conftest import election as election_doc
from tests.conftest import Cast
from tests.congress.conftest import key_batch
from tests.scanning.conftest import client_for, paper, png, upload

pytestmark = pytest.mark.django_db


def _stack_with_a_stray_ballot(election: Election, cast: Cast) -> ScanSet:
    stray = Ballot(election_doc(["Một", "Hai", "Ba", "Bốn"], 3))
    upload(client_for(cast.counter), election,
           [("1.png", paper(election, "2")), ("khac.png", png(stray.image)),
            ("2.png", paper(election)), ("3.png", paper(election, "1 4"))])
    scan_set = ScanSet.objects.get()
    assert [b.status for b in scan_set.ballots.order_by("position")] == [
        "read", "rejected", "read", "read"]
    return scan_set


def test_a_stray_ballot_taken_out_lets_the_scans_match_the_keyed_entry(
        election: Election, cast: Cast, settings: Any) -> None:
    scan_set = _stack_with_a_stray_ballot(election, cast)
    stray = scan_set.ballots.get(position=2)
    client = client_for(cast.counter)
    response = client.post(f"/quet-phieu/to/{stray.pk}/bo-khoi-bo-anh/",
                           {"reason": "other_election"})
    assert response["Location"] == f"/quet-phieu/bo-anh/{scan_set.pk}/"
    assert not ScannedBallot.objects.filter(pk=stray.pk).exists()
    assert (Path(settings.MEDIA_ROOT) / stray.image.name).exists()  # the image is kept
    pages = list(scan_set.ballots.order_by("position"))
    assert [p.position for p in pages] == [1, 2, 3]
    assert [p.reading["kept"] for p in pages] == [["1", "3", "4"], ["1", "2", "3", "4"],
                                                 ["2", "3"]]
    row = AuditEntry.objects.get(action="scanning.remove_page")
    assert row.changes["position"] == 2
    assert row.changes["sha256"] == stray.sha256
    assert row.changes["reason"] == "other_election"
    assert row.changes["reasons"] == ["wrong_election"]
    # the keyer, at the paper stack, skipped the stray sheet
    client.post(f"/quet-phieu/bo-anh/{scan_set.pk}/thanh-lan-nhap/")
    batch = key_batch(election, cast.counter2, ["2", "", "1 4"], batch=scan_set.batch)
    assert batch.status == BatchStatus.FINAL


def test_a_page_read_twice_can_be_taken_out_too(election: Election, cast: Cast) -> None:
    image = paper(election, "3")
    upload(client_for(cast.counter), election, [("a.png", image), ("a-again.png", image)])
    twice = ScannedBallot.objects.get(position=2)
    assert twice.status == "read"
    page = client_for(cast.counter2).get(f"/quet-phieu/to/{twice.pk}/").content.decode()
    assert "bo-khoi-bo-anh" in page
    assert 'value="duplicate"' in page
    client_for(cast.counter2).post(f"/quet-phieu/to/{twice.pk}/bo-khoi-bo-anh/",
                                   {"reason": "duplicate"})
    assert list(ScannedBallot.objects.values_list("position", flat=True)) == [1]


def test_a_page_is_not_taken_out_without_a_reason_or_by_anyone_else(
        election: Election, cast: Cast) -> None:
    scan_set = _stack_with_a_stray_ballot(election, cast)
    stray = scan_set.ballots.get(position=2)
    response = client_for(cast.counter).post(f"/quet-phieu/to/{stray.pk}/bo-khoi-bo-anh/",
                                             {"reason": "because"}, follow=True)
    assert "Chọn lý do bỏ tờ này khỏi bộ ảnh." in response.content.decode()
    assert client_for(cast.observer).post(f"/quet-phieu/to/{stray.pk}/bo-khoi-bo-anh/",
                                          {"reason": "duplicate"}).status_code in (403, 404)
    assert scan_set.ballots.count() == 4
    assert not AuditEntry.objects.filter(action="scanning.remove_page").exists()


def test_no_page_is_taken_out_while_an_upload_is_being_read_or_once_an_entry(
        election: Election, cast: Cast) -> None:
    scan_set = _stack_with_a_stray_ballot(election, cast)
    stray = scan_set.ballots.get(position=2)
    job = scan_set.jobs.get()
    job.status = JobStatus.QUEUED
    job.save(update_fields=["status"])
    with pytest.raises(actions.ScanError, match="đang đọc hoặc bị dừng"):
        actions.do_remove_page(stray, acting_user=cast.counter, reason="other_election")
    job.status = JobStatus.DONE
    job.save(update_fields=["status"])
    actions.do_remove_page(stray, acting_user=cast.counter, reason="other_election")
    actions.do_scan_to_entry(scan_set, acting_user=cast.counter)
    first = scan_set.ballots.get(position=1)
    with pytest.raises(actions.ScanError, match="đã thành một lần nhập"):
        actions.do_remove_page(first, acting_user=cast.counter, reason="duplicate")
    assert scan_set.ballots.count() == 3


def test_the_same_image_twice_keeps_the_set_from_becoming_an_entry_until_one_is_taken_out(
        election: Election, cast: Cast) -> None:
    image = paper(election, "3")
    upload(client_for(cast.counter), election, [("a.png", image), ("b.png", paper(election)),
                                                ("a-lai.png", image)])
    scan_set = ScanSet.objects.get()
    with pytest.raises(actions.ScanError, match="Tờ số 1, 3 là cùng một ảnh"):
        actions.do_scan_to_entry(scan_set, acting_user=cast.counter)
    page = client_for(cast.counter).get(f"/quet-phieu/bo-anh/{scan_set.pk}/").content.decode()
    assert "Tờ số 1, 3 là cùng một ảnh" in page
    actions.do_remove_page(scan_set.ballots.get(position=3), acting_user=cast.counter,
                           reason="duplicate")
    batch = actions.do_scan_to_entry(scan_set, acting_user=cast.counter)
    assert list(batch.entries.get().ballots.values_list("content", flat=True)) == ["3", ""]


def test_an_upload_after_a_page_was_taken_out_takes_the_next_position(
        election: Election, cast: Cast) -> None:
    scan_set = _stack_with_a_stray_ballot(election, cast)
    actions.do_remove_page(scan_set.ballots.get(position=2), acting_user=cast.counter,
                           reason="other_election")
    upload(client_for(cast.counter), election, [("4.png", paper(election, "3"))],
           batch=scan_set.batch_id)
    pages = list(scan_set.ballots.order_by("position"))
    assert [p.position for p in pages] == [1, 2, 3, 4]
    assert pages[-1].reading["kept"] == ["1", "2", "4"]


def test_the_reasons_to_take_a_page_out_are_offered_in_the_users_language(
        election: Election, cast: Cast) -> None:
    upload(client_for(cast.counter), election, [("a.png", paper(election, "3"))])
    page = ScannedBallot.objects.get()
    client = client_for(cast.counter)
    assert "Tờ bị quét hai lần" in client.get(f"/quet-phieu/to/{page.pk}/").content.decode()
    client.post("/ngon-ngu/", {"language": "en"})
    assert "A sheet scanned twice" in client.get(f"/quet-phieu/to/{page.pk}/").content.decode()
