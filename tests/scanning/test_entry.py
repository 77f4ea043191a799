"""A scanned batch as one of the two entries: matching the keyed entry makes the batch final; a
disagreement between eye and machine surfaces on the batch's mismatch screen."""

from __future__ import annotations

import pytest

from daihoi.audit.models import AuditEntry
from daihoi.congress.models import BatchStatus, Election
from daihoi.scanning.models import ScanSet
from tests.conftest import Cast
from tests.congress.conftest import key_batch
from tests.scanning.conftest import client_for, not_a_ballot, paper, upload

pytestmark = pytest.mark.django_db


def _scanned(election: Election, cast: Cast) -> ScanSet:
    client = client_for(cast.counter)
    upload(client, election, [("1.png", paper(election, "2")), ("2.png", paper(election)),
                              ("3.png", paper(election, "1", underline="4"))])
    scan_set = ScanSet.objects.get()
    review = scan_set.ballots.get(position=3)
    client.post(f"/quet-phieu/to/{review.pk}/", {"text": "1"})
    return scan_set


def test_a_scanned_entry_matching_a_keyed_entry_makes_the_batch_final(
        election: Election, cast: Cast) -> None:
    scan_set = _scanned(election, cast)
    response = client_for(cast.counter).post(f"/quet-phieu/bo-anh/{scan_set.pk}/thanh-lan-nhap/")
    assert response["Location"] == f"/dai-hoi/lo/{scan_set.batch_id}/"
    scan_set.refresh_from_db()
    assert scan_set.entry is not None
    assert scan_set.entry.clerk == cast.counter
    assert list(scan_set.entry.ballots.values_list("content", flat=True)) == ["2", "", "1"]
    batch = key_batch(election, cast.counter2, ["2", "", "1"], batch=scan_set.batch)
    assert batch.status == BatchStatus.FINAL
    assert list(batch.final_ballots.values_list("content", flat=True)) == ["2", "", "1"]
    assert AuditEntry.objects.filter(action="scanning.to_entry").exists()


def test_a_disagreement_between_eye_and_machine_is_a_mismatch(
        election: Election, cast: Cast) -> None:
    scan_set = _scanned(election, cast)
    batch = key_batch(election, cast.counter2, ["2", "3", "1"], batch=scan_set.batch)
    client = client_for(cast.counter)
    client.post(f"/quet-phieu/bo-anh/{scan_set.pk}/thanh-lan-nhap/")
    batch.refresh_from_db()
    assert batch.status == BatchStatus.MISMATCH
    page = client.get(f"/dai-hoi/lo/{scan_set.batch_id}/").content.decode()
    assert 'name="pos_2"' in page
    assert "gạch: 3" in page
    # the board sees the image of the differing ballot from the mismatch screen
    scanned = scan_set.ballots.get(position=2)
    assert f'href="/quet-phieu/to/{scanned.pk}/">Xem ảnh quét' in page
    office = client_for(cast.ward_office).get(f"/dai-hoi/lo/{scan_set.batch_id}/")
    assert office.status_code == 200
    assert "Xem ảnh quét" not in office.content.decode()  # the images are the board's only


def test_pages_not_read_or_decided_keep_the_set_from_becoming_an_entry(
        election: Election, cast: Cast) -> None:
    client = client_for(cast.counter)
    upload(client, election, [("1.png", paper(election, "2")), ("2.png", not_a_ballot())])
    scan_set = ScanSet.objects.get()
    response = client.post(f"/quet-phieu/bo-anh/{scan_set.pk}/thanh-lan-nhap/", follow=True)
    assert "Không đọc được tờ số 2" in response.content.decode()
    scan_set.refresh_from_db()
    assert scan_set.entry is None
    assert not scan_set.batch.entries.get().ballots.exists()


def test_the_scanner_cannot_also_key_the_same_batch(election: Election, cast: Cast) -> None:
    scan_set = _scanned(election, cast)
    client_for(cast.counter).post(f"/quet-phieu/bo-anh/{scan_set.pk}/thanh-lan-nhap/")
    from daihoi.congress import actions

    with pytest.raises(actions.CongressError):
        key_batch(election, cast.counter, ["2", "", "1"], batch=scan_set.batch)


def test_only_the_scanning_member_turns_the_set_into_their_entry(
        election: Election, cast: Cast) -> None:
    scan_set = _scanned(election, cast)
    client_for(cast.counter2).post(f"/quet-phieu/bo-anh/{scan_set.pk}/thanh-lan-nhap/")
    scan_set.refresh_from_db()
    assert scan_set.entry is None
