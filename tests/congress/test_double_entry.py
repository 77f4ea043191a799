"""Counting by double keyed entry: only matching entries become final."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from daihoi.congress import actions, counting
from daihoi.congress.models import Batch, BatchStatus, KeyedBallot
from tests.conftest import PASSWORD, Cast
from tests.congress.conftest import Hall, key_batch, voting_election

BALLOTS = ["4", "3", "", "1 2", "!not_issued", "4", "2", "3", "4", "1"]


def test_matching_entries_make_the_batch_final_and_count(hall: Hall, cast: Cast) -> None:
    election = voting_election(hall, cast)
    batch = key_batch(election, cast.counter, BALLOTS)
    assert isinstance(batch, Batch)
    assert batch.status == BatchStatus.OPEN
    batch = key_batch(election, cast.counter2, BALLOTS, batch=batch)
    assert batch.status == BatchStatus.FINAL
    result = counting.result_of(election)
    assert result is not None
    assert (result.collected, result.valid, result.invalid) == (10, 8, 2)
    # Base 10, six votes needed (QĐ 190-QĐ/TW art. 30): names 1, 2 and 3 have six.
    votes = {c.id: c.votes for c in result.candidates}
    assert votes == {"1": 6, "2": 6, "3": 6, "4": 5}
    assert set(result.elected) == {"1", "2", "3"}


def test_only_final_batches_count(hall: Hall, cast: Cast) -> None:
    election = voting_election(hall, cast)
    key_batch(election, cast.counter, BALLOTS)
    result = counting.result_of(election)
    assert result is not None
    assert result.collected == 0


def test_a_mismatch_shows_both_and_the_board_decides(hall: Hall, cast: Cast) -> None:
    election = voting_election(hall, cast)
    batch = key_batch(election, cast.counter, BALLOTS)
    other = list(BALLOTS)
    other[3] = "1"  # the second clerk missed a strike
    batch = key_batch(election, cast.counter2, other, batch=batch)
    assert batch.status == BatchStatus.MISMATCH
    assert actions.differences(batch) == [(4, "1 2", "1")]
    client = Client()
    client.login(username="counter", password=PASSWORD)
    page = client.get(reverse("congress:batch", kwargs={"pk": batch.pk}))
    assert "gạch: 1 2" in page.content.decode()
    assert "gạch: 1<" in page.content.decode()
    client.post(reverse("congress:batch", kwargs={"pk": batch.pk}),
                {"op": "propose", "choice_4": "first", "note": "Xem lại phiếu giấy: gạch hai tên"})
    # One member's reading is not yet a decision: a second member confirms it.
    assert Batch.objects.get(pk=batch.pk).status == BatchStatus.MISMATCH
    second = Client()
    second.login(username="counter2", password=PASSWORD)
    second.post(reverse("congress:batch", kwargs={"pk": batch.pk}),
                {"op": "confirm", "confirmed": "1"})
    batch = Batch.objects.get(pk=batch.pk)
    assert batch.status == BatchStatus.FINAL
    assert (batch.decided_by, batch.confirmed_by) == (cast.counter, cast.counter2)
    assert batch.final_ballots.get(position=4).decided
    result = counting.result_of(election)
    assert result is not None
    assert result.collected == 10


def test_the_same_clerk_cannot_key_both_entries(hall: Hall, cast: Cast) -> None:
    election = voting_election(hall, cast)
    entry = actions.do_open_entry(election, acting_user=cast.counter)
    again = actions.do_open_entry(election, acting_user=cast.counter, batch=entry.batch)
    assert again.pk == entry.pk
    assert entry.batch.entries.count() == 1


def test_a_clerk_does_not_see_the_other_entry(hall: Hall, cast: Cast) -> None:
    election = voting_election(hall, cast)
    batch = key_batch(election, cast.counter, BALLOTS)
    client = Client()
    client.login(username="counter2", password=PASSWORD)
    page = client.get(reverse("congress:batch", kwargs={"pk": batch.pk}))
    assert page.status_code == 200
    assert "gạch" not in page.content.decode()
    mine = batch.entries.get()
    assert client.get(reverse("congress:entry", kwargs={"pk": mine.pk})).status_code == 404


def test_ballot_post_is_idempotent(hall: Hall, cast: Cast) -> None:
    election = voting_election(hall, cast)
    entry = actions.do_open_entry(election, acting_user=cast.counter)
    client = Client()
    client.login(username="counter", password=PASSWORD)
    url = reverse("congress:entry", kwargs={"pk": entry.pk})
    data = {"position": "1", "content": "2 3", "key": "k-0001"}
    assert client.post(url, data, HTTP_HX_REQUEST="true").status_code == 200
    assert client.post(url, data, HTTP_HX_REQUEST="true").status_code == 200  # a retry
    assert KeyedBallot.objects.filter(entry=entry).count() == 1
    # A new ballot with a stale position is refused, not stored twice.
    stale = client.post(url, {"position": "1", "content": "4", "key": "k-0002"},
                        HTTP_HX_REQUEST="true")
    assert stale.status_code == 409
    assert KeyedBallot.objects.filter(entry=entry).count() == 1


def test_undo_removes_the_last_ballot(hall: Hall, cast: Cast) -> None:
    election = voting_election(hall, cast)
    entry = actions.do_open_entry(election, acting_user=cast.counter)
    for i, text in enumerate(["1", "2"], 1):
        actions.do_key_ballot(entry, acting_user=cast.counter, position=i, text=text, key=str(i))
    assert actions.do_undo_ballot(entry, acting_user=cast.counter) == 2
    assert list(entry.ballots.values_list("content", flat=True)) == ["1"]


def test_typing_errors_are_refused_in_vietnamese(hall: Hall, cast: Cast) -> None:
    election = voting_election(hall, cast)
    entry = actions.do_open_entry(election, acting_user=cast.counter)
    for text, words in [("9", "không có trong danh sách"), ("1 1", "hai lần"),
                        ("x", "Không hiểu")]:
        with pytest.raises(actions.CongressError, match=words):
            actions.do_key_ballot(entry, acting_user=cast.counter, position=1, text=text,
                                  key=text)


def test_certification_blocked_when_more_collected_than_issued(hall: Hall, cast: Cast) -> None:
    election = voting_election(hall, cast)
    actions.do_set_ballot_totals(election, acting_user=cast.ward_office, issued=9)
    batch = key_batch(election, cast.counter, BALLOTS)
    key_batch(election, cast.counter2, BALLOTS, batch=batch)
    with pytest.raises(actions.CongressError, match="nhiều hơn số phiếu phát ra"):
        actions.do_certify_election(election, acting_user=cast.ward_office)
    actions.do_set_ballot_totals(election, acting_user=cast.ward_office, issued=9,
                                 note="Một phiếu không có dấu bị bỏ vào hòm")
    actions.do_certify_election(election, acting_user=cast.ward_office)


def test_certification_blocked_by_an_unresolved_batch(hall: Hall, cast: Cast) -> None:
    election = voting_election(hall, cast)
    key_batch(election, cast.counter, BALLOTS)
    with pytest.raises(actions.CongressError, match="chưa thống nhất"):
        actions.do_certify_election(election, acting_user=cast.ward_office)


def test_tie_opens_a_revote_among_the_tied(hall: Hall, cast: Cast) -> None:
    election = voting_election(hall, cast, seats=3, names=4)
    # Votes 9, 9, 6, 6: names 3 and 4 tie at the last seat (QĐ 190-QĐ/TW art. 30).
    ballots = ["1", "2", "3", "3", "3", "3", "4", "4", "4", "4"]
    batch = key_batch(election, cast.counter, ballots)
    key_batch(election, cast.counter2, ballots, batch=batch)
    actions.do_certify_election(election, acting_user=cast.ward_office)
    result = counting.result_of(election)
    assert result is not None
    assert result.tied is not None
    client = Client()
    client.login(username="ward_office", password=PASSWORD)
    page = client.get(reverse("congress:election", kwargs={"pk": election.pk}))
    assert reverse("congress:new_round", kwargs={"pk": election.pk}) in page.content.decode()
    projector = client.get(reverse("congress:projector_part", kwargs={"pk": election.pk}))
    assert "Hoàng Văn Bình" in projector.content.decode()
    revote = actions.do_open_round(election, acting_user=cast.ward_office, kind="tie_revote")
    assert revote.round == "tie_revote"
    assert revote.seats == result.tied.seats
    assert revote.candidates.count() == len(result.tied.ids) == 2
    assert revote.seats == 1


def test_unfilled_seats_open_a_further_round(hall: Hall, cast: Cast) -> None:
    election = voting_election(hall, cast, seats=3, names=4)
    # Name 1 kept by all; the others split: only one reaches six votes.
    ballots = ["2 3", "3 4", "2 4", "2 3", "3 4", "2 4", "2 3", "3 4", "2 4", "4"]
    batch = key_batch(election, cast.counter, ballots)
    key_batch(election, cast.counter2, ballots, batch=batch)
    actions.do_certify_election(election, acting_user=cast.ward_office)
    result = counting.result_of(election)
    assert result is not None
    assert result.unfilled > 0
    # A committee's further round is the congress's decision (the rulebook's
    # further_round_committee), recorded by the presidium.
    further = actions.do_open_round(election, acting_user=cast.ward_office, kind="further",
                                    decision="Đại hội biểu quyết bầu tiếp.")
    assert further.round == "further"
    assert further.seats == result.unfilled
    assert set(further.candidates.values_list("full_name", flat=True)).isdisjoint(
        {c.name for c in result.candidates if c.elected})


def test_keying_screen_renders_the_list_and_the_running_count(hall: Hall, cast: Cast) -> None:
    election = voting_election(hall, cast)
    entry = actions.do_open_entry(election, acting_user=cast.counter)
    actions.do_key_ballot(entry, acting_user=cast.counter, position=1, text="!write_in", key="a")
    client = Client()
    client.login(username="counter", password=PASSWORD)
    page = client.get(reverse("congress:entry", kwargs={"pk": entry.pk})).content.decode()
    assert "Hoàng Văn Bình" in page
    assert 'data-next-position="2"' in page
    assert "congress/congress.js" in page
    assert "<script>" not in page  # no inline script (CSP)


def test_certification_stores_the_engines_result_document(hall: Hall, cast: Cast) -> None:
    election = voting_election(hall, cast)
    actions.do_set_ballot_totals(election, acting_user=cast.ward_office, issued=len(BALLOTS))
    batch = key_batch(election, cast.counter, BALLOTS)
    key_batch(election, cast.counter2, BALLOTS, batch=batch)
    actions.do_certify_election(election, acting_user=cast.ward_office)
    election.refresh_from_db()
    result = counting.result_of(election)
    assert result is not None
    assert election.result is not None
    assert election.result["format"] == "daihoi-result/1"
    assert election.result["elected"] == list(result.elected)
    assert election.result["ballots"]["collected"] == len(BALLOTS)


def test_a_submitted_entry_shows_no_keying_field(hall: Hall, cast: Cast) -> None:
    election = voting_election(hall, cast)
    batch = key_batch(election, cast.counter, BALLOTS)
    entry = batch.entries.get(clerk=cast.counter)
    client = Client()
    client.login(username="counter", password=PASSWORD)
    page = client.get(reverse("congress:entry", kwargs={"pk": entry.pk})).content.decode()
    assert 'id="key-form"' not in page
    assert "đã nộp lúc" in page
