"""The two entries of a batch stay independent with scans too: the holder of the other entry
neither sees nor changes a scan set, its pages or what they count as, until both entries are
submitted. Issue #13, break 8."""

from __future__ import annotations

import pytest

from daihoi.congress import actions as congress_actions
from daihoi.congress.models import Election
from daihoi.scanning import actions
from daihoi.scanning.models import ScanSet
from tests.conftest import Cast
from tests.congress.conftest import key_batch
from tests.scanning.conftest import client_for, paper, upload

pytestmark = pytest.mark.django_db


def _scanned(election: Election, cast: Cast) -> ScanSet:
    upload(client_for(cast.counter), election,
           [("1.png", paper(election, "2")), ("2.png", paper(election)),
            ("3.png", paper(election, "1", underline="4"))])
    return ScanSet.objects.get()


def test_the_holder_of_the_other_entry_can_neither_see_nor_change_the_scans(
        election: Election, cast: Cast) -> None:
    scan_set = _scanned(election, cast)
    congress_actions.do_open_entry(election, acting_user=cast.counter2, batch=scan_set.batch)
    other = client_for(cast.counter2)
    review, first = scan_set.ballots.get(position=3), scan_set.ballots.get(position=1)
    assert other.get(f"/quet-phieu/bo-anh/{scan_set.pk}/").status_code == 403
    assert other.get(f"/quet-phieu/bo-anh/{scan_set.pk}/tien-do/").status_code == 403
    assert other.get(f"/quet-phieu/to/{review.pk}/").status_code == 403
    assert other.get(f"/quet-phieu/to/{review.pk}/anh").status_code == 403
    assert other.post(f"/quet-phieu/to/{review.pk}/", {"text": "1"}).status_code == 403
    assert other.post(f"/quet-phieu/to/{first.pk}/bo-khoi-bo-anh/",
                      {"reason": "duplicate"}).status_code == 403
    assert scan_set.ballots.count() == 3
    review.refresh_from_db()
    assert review.decided_at is None
    with pytest.raises(actions.ScanError, match="hai lần nhập độc lập"):
        actions.do_remove_page(first, acting_user=cast.counter2, reason="duplicate")
    with pytest.raises(actions.ScanError, match="hai lần nhập độc lập"):
        actions.do_decide_ballot(review, acting_user=cast.counter2, text="1")


def test_once_both_entries_are_in_the_other_may_look(election: Election, cast: Cast) -> None:
    scan_set = _scanned(election, cast)
    review = scan_set.ballots.get(position=3)
    actions.do_decide_ballot(review, acting_user=cast.counter, text="1")
    actions.do_scan_to_entry(scan_set, acting_user=cast.counter)
    key_batch(election, cast.counter2, ["2", "", "3"], batch=scan_set.batch)
    assert client_for(cast.counter2).get(f"/quet-phieu/bo-anh/{scan_set.pk}/").status_code == 200


def test_who_decided_a_page_of_the_scans_may_not_make_the_other_entry(
        election: Election, cast: Cast) -> None:
    scan_set = _scanned(election, cast)
    review = scan_set.ballots.get(position=3)
    actions.do_decide_ballot(review, acting_user=cast.counter2, text="1")
    with pytest.raises(congress_actions.CongressError, match="quyết định trang quét"):
        congress_actions.do_open_entry(election, acting_user=cast.counter2, batch=scan_set.batch)
    with pytest.raises(actions.ScanError, match="quyết định trang quét"):
        actions.do_upload_scans(election, acting_user=cast.counter2, batch=scan_set.batch,
                                files=[("1.png", paper(election, "2"))])
