"""Every final action asks first, naming its consequence, and changes nothing until it is
confirmed; then it says what happened (issue #11, point 3)."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.messages import get_messages
from django.test import Client
from django.urls import reverse

from daihoi.congress import actions
from daihoi.congress.models import Batch, BatchStatus, Election, Entry
from tests.conftest import PASSWORD, Cast
from tests.congress.conftest import Hall, key_batch, voting_election
from tests.congress.test_sealed import snapshot

BALLOTS = ["4", "3", "", "1 2", "!not_issued", "4", "2", "3", "4", "1"]


def _counted(hall: Hall, cast: Cast) -> Election:
    election = voting_election(hall, cast)
    actions.do_assign_counters(election, acting_user=cast.ward_office,
                               users=[cast.counter, cast.counter2], head=cast.counter)
    batch = key_batch(election, cast.counter, BALLOTS)
    key_batch(election, cast.counter2, BALLOTS, batch=batch)
    return election


def _mismatched(hall: Hall, cast: Cast) -> Batch:
    election = voting_election(hall, cast)
    batch = key_batch(election, cast.counter, BALLOTS)
    batch = key_batch(election, cast.counter2, ["1", *BALLOTS[1:]], batch=batch)
    actions.do_propose_decision(batch, acting_user=cast.counter, decisions={1: "4"},
                                note="xem phiếu giấy")
    return batch


def _open_entry(hall: Hall, cast: Cast) -> Entry:
    election = voting_election(hall, cast)
    entry = actions.do_open_entry(election, acting_user=cast.counter)
    actions.do_key_ballot(entry, acting_user=cast.counter, position=1, text="1", key="a")
    return entry


# name: (who, how to set up the object, the URL's kwargs, the form, words of the consequence)
FINAL: dict[str, tuple[str, Any, Any, dict[str, str], str]] = {
    "congress:entry_submit": ("counter", _open_entry, lambda o: {"pk": o.pk}, {},
                              "Bạn đã nhập 1 phiếu"),
    "congress:certify": ("ward_office", _counted, lambda o: {"pk": o.pk}, {},
                         "không thể thay đổi"),
    "congress:list_approve": (
        "ward_office",
        lambda h, c: actions.do_create_election(
            h.congress, acting_user=c.ward_office, title="Bầu", seats=3,
            names=[m.full_name for m in h.members[:4]]),
        lambda o: {"pk": o.pk}, {}, "không thể sửa nữa"),
    "congress:candidate_withdraw": (
        "ward_office",
        lambda h, c: actions.do_create_election(
            h.congress, acting_user=c.ward_office, title="Bầu", seats=3,
            names=[m.full_name for m in h.members[:4]]),
        lambda o: {"pk": o.pk, "cand_pk": o.candidates.order_by("pk")[0].pk},
        {"decision": "Đại hội đồng ý 10/10"}, "sẽ không có tên trên phiếu bầu"),
    "congress:counters": ("ward_office", lambda h, c: voting_election(h, c),
                          lambda o: {"pk": o.pk}, {"counters": "COUNTER"},
                          "Trưởng Ban kiểm phiếu"),
    "congress:reopen": ("counter", lambda h, c: actions.do_certify_election(
        _counted(h, c), acting_user=c.ward_office), lambda o: {"pk": o.pk}, {},
        "Lý do của bạn được ghi"),
    "congress:batch": ("counter2", _mismatched, lambda o: {"pk": o.pk}, {"op": "confirm"},
                       "Lô phiếu được chốt"),
    "congress:report": ("ward_office", lambda h, c: h.congress, lambda o: {"pk": o.pk}, {},
                        "Cấp ủy cấp trên nhận kết quả"),
}


@pytest.mark.parametrize("name", sorted(FINAL))
def test_a_final_action_asks_first_and_changes_nothing_until_confirmed(
        hall: Hall, cast: Cast, name: str) -> None:
    who, make, kwargs, form, consequence = FINAL[name]
    obj = make(hall, cast)
    data = {k: str(cast.counter.pk) if v == "COUNTER" else v for k, v in form.items()}
    client = Client()
    assert client.login(username=who, password=PASSWORD)
    before = snapshot()
    response = client.post(reverse(name, kwargs=kwargs(obj)), data)
    page = response.content.decode()
    assert response.status_code == 200
    assert consequence in page
    assert 'name="confirmed" value="1"' in page
    assert snapshot() == before


def test_a_confirmed_ruling_says_what_happened(hall: Hall, cast: Cast) -> None:
    batch = _mismatched(hall, cast)
    client = Client()
    client.login(username="counter2", password=PASSWORD)
    response = client.post(reverse("congress:batch", kwargs={"pk": batch.pk}),
                           {"op": "confirm", "confirmed": "1"})
    said = [str(m) for m in get_messages(response.wsgi_request)]
    assert said == ["Lô 1 đã chốt."]
    assert Batch.objects.get(pk=batch.pk).status == BatchStatus.FINAL


def test_the_member_who_proposed_a_ruling_cannot_confirm_it(hall: Hall, cast: Cast) -> None:
    batch = _mismatched(hall, cast)
    with pytest.raises(actions.CongressError, match="thành viên Ban kiểm phiếu thứ hai"):
        actions.do_confirm_decision(batch, acting_user=cast.counter)
    assert Batch.objects.get(pk=batch.pk).status == BatchStatus.MISMATCH


def test_no_new_batch_starts_while_a_mismatch_waits(hall: Hall, cast: Cast) -> None:
    batch = _mismatched(hall, cast)
    with pytest.raises(actions.CongressError, match="trước khi bắt đầu lô mới"):
        actions.do_open_entry(batch.election, acting_user=cast.counter2)
    assert batch.election.batches.count() == 1


def test_the_ruling_form_starts_empty(hall: Hall, cast: Cast) -> None:
    election = voting_election(hall, cast)
    batch = key_batch(election, cast.counter, BALLOTS)
    batch = key_batch(election, cast.counter2, ["1", *BALLOTS[1:]], batch=batch)
    client = Client()
    client.login(username="counter", password=PASSWORD)
    page = client.get(reverse("congress:batch", kwargs={"pk": batch.pk})).content.decode()
    assert 'name="pos_1" value=""' in page
    assert "checked" not in page
