"""A certified election is sealed: every write refuses it, in the action itself, so the pages,
the API and the command line refuse alike; only the counting board's head reopens it, with a
written reason, and the next certification records which one it replaces."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.contrib.messages import get_messages
from django.core import serializers
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from daihoi.audit.models import AuditEntry
from daihoi.congress import actions
from daihoi.congress.models import (
    Attendee,
    Batch,
    Candidate,
    Certification,
    Election,
    ElectionStatus,
    Entry,
    FinalBallot,
    KeyedBallot,
    WorkingBodyKind,
    WorkingBodySeat,
)
from daihoi.scanning import jobs
from daihoi.scanning.actions import ballot_of, content_of_page, do_upload_scans
from daihoi.scanning.models import ScanJob, ScannedBallot, ScanSet
from tests.conftest import PASSWORD, Cast
from tests.congress.conftest import Hall, key_batch, voting_election
from tests.scanning.conftest import paper
from tests.test_url_access import _tables, _url_names

BALLOTS = ["4", "3", "", "1 2", "!not_issued", "4", "2", "3", "4", "1"]


@pytest.fixture(autouse=True)
def _media(settings: Any, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = str(tmp_path / "media")
    settings.DAIHOI_READ_SCANS_IN_THREAD = False


def certified(hall: Hall, cast: Cast) -> Election:
    election = voting_election(hall, cast)
    actions.do_assign_counters(election, acting_user=cast.ward_office,
                               users=[cast.counter, cast.counter2], head=cast.counter)
    batch = key_batch(election, cast.counter, BALLOTS)
    key_batch(election, cast.counter2, BALLOTS, batch=batch)
    actions.do_certify_election(election, acting_user=cast.ward_office)
    return election


def snapshot() -> str:
    """Every row an election's count is made of, serialised: equal before and after means
    nothing changed."""
    rows: list[Any] = []
    for model in (Election, Candidate, Batch, Entry, KeyedBallot, FinalBallot, WorkingBodySeat,
                  Certification, ScanSet, ScannedBallot, ScanJob):
        rows.extend(model.objects.order_by("pk"))
    counters = sorted(Election.counters.through.objects.values_list("election_id", "user_id"))
    return str(serializers.serialize("json", rows)) + repr(counters)


# ---------------------------------------------------------------- the actions (CLI, API, pages)


ACTIONS: dict[str, Callable[[Election, Cast], Any]] = {
    "ballots issued": lambda e, c: actions.do_set_ballot_totals(
        e, acting_user=c.ward_office, issued=11, note="thêm một phiếu"),
    "counting board": lambda e, c: actions.do_assign_counters(
        e, acting_user=c.ward_office, users=[c.counter2], head=c.counter2),
    "candidate added": lambda e, c: actions.do_add_candidate(
        e, acting_user=c.ward_office, full_name="Người Thêm Vào"),
    "candidate withdrawn": lambda e, c: actions.do_withdraw_candidate(
        e.candidates.order_by("pk")[0], acting_user=c.ward_office, decision="rút"),
    "seats": lambda e, c: actions.do_set_seats(e, acting_user=c.ward_office, seats=2),
    "list approved": lambda e, c: actions.do_approve_list(e, acting_user=c.ward_office),
    "new batch": lambda e, c: actions.do_open_entry(e, acting_user=c.counter),
    "ballot keyed": lambda e, c: actions.do_key_ballot(
        Entry.objects.get(batch__election=e, clerk=c.counter), acting_user=c.counter, position=11,
        text="1", key="late"),
    "ballot undone": lambda e, c: actions.do_undo_ballot(
        Entry.objects.get(batch__election=e, clerk=c.counter), acting_user=c.counter),
    "entry submitted": lambda e, c: actions.do_submit_entry(
        Entry.objects.get(batch__election=e, clerk=c.counter),
        acting_user=c.counter),
    "decision proposed": lambda e, c: actions.do_propose_decision(
        e.batches.get(), acting_user=c.counter, decisions={4: "1"}, note="x"),
    "decision confirmed": lambda e, c: actions.do_confirm_decision(
        e.batches.get(), acting_user=c.counter2),
    "batch keyed again": lambda e, c: actions.do_rekey_batch(
        e.batches.get(), acting_user=c.counter, reason="đếm lại"),
    "certified again": lambda e, c: actions.do_certify_election(e, acting_user=c.ward_office),
    "counting board of the congress": lambda e, c: actions.do_set_working_body(
        e.congress, acting_user=c.ward_office, body=WorkingBodyKind.COUNTING_BOARD,
        attendees=list(Attendee.objects.filter(congress=e.congress)[:1])),
    "scans uploaded": lambda e, c: do_upload_scans(e, acting_user=c.counter,
                                                   files=[("a.png", b"not an image")]),
}


@pytest.mark.parametrize("change", list(ACTIONS))
def test_every_action_refuses_a_certified_election_and_changes_nothing(
        hall: Hall, cast: Cast, change: str) -> None:
    election = certified(hall, cast)
    before = snapshot()
    with pytest.raises(actions.CongressError, match="đã được xác nhận"):
        ACTIONS[change](election, cast)
    assert snapshot() == before


# ---------------------------------------------------------------- every write endpoint

# POST endpoints of the whole project that do not change an election, each with why.
NOT_ABOUT_AN_ELECTION = {
    "login": "signing in", "logout": "signing out", "set_language": "the interface language",
    "api:tally": "counts a document sent to it and stores nothing",
    "congress:list": "creates a new congress day",
    "congress:check_in": "attendance, which each election freezes at certification",
    "congress:add_attendee": "the roster, which each election freezes at certification",
    "congress:set_status": "attendance, which each election freezes at certification",
    "congress:agenda_add": "the programme", "congress:agenda_vote": "a show of hands",
    "congress:report": "sends the certified results up; changes no election",
    "congress:election_create": "creates another election",
    "congress:election_import": "creates another election from a file",
    "congress:new_round": "creates the next round; the certified one stays as it is",
    "congress:reopen": "the one way to change a certified result (tested below)",
    "congress:rulebook_upload": "stores a rulebook file for an organisation",
    "scanning:calibration_report": "reads a calibration kit's scans into a report; stores "
                                   "nothing",
    "api:packages": "files a result package: the server's own congress day, never an "
                    "existing election",
    "transfer:congress": "issues a kit, or files a result package as api:packages does",
    "transfer:first_run": "loads a congress kit on a fresh laptop",
    "transfer:laptop": "makes the result package of certified elections; changes none",
}
NOT_ABOUT_AN_ELECTION_APPS = ("orgs:", "accounts:", "campaigns:", "audit:", "reports:",
                              "members:")


def _post_endpoints() -> set[str]:
    table, _, _ = _tables()
    return {name for name in _url_names() if table[name].post is not None}


def test_every_write_endpoint_is_either_sealed_or_said_not_to_touch_an_election() -> None:
    unclassified = sorted(
        name for name in _post_endpoints()
        if name not in SEALED_ENDPOINTS and name not in NOT_ABOUT_AN_ELECTION
        and not name.startswith(NOT_ABOUT_AN_ELECTION_APPS))
    assert not unclassified, (
        f"new write endpoints: add each to SEALED_ENDPOINTS or, with a reason, to "
        f"NOT_ABOUT_AN_ELECTION: {unclassified}")


def _scan(election: Election, cast: Cast) -> ScanSet:
    """A scan set of the certified election's batch: made before certification, its page read
    and decided, then the batch certified (so each scanning write has an object to aim at)."""
    return ScanSet.objects.filter(batch__election=election).get()


# name -> (who posts, the URL's kwargs, the form's fields)
SEALED_ENDPOINTS: dict[str, tuple[str, Callable[[Election, ScanSet], dict[str, Any]],
                                  dict[str, Any]]] = {
    "congress:candidate_add": ("ward_office", lambda e, s: {"pk": e.pk},
                               {"full_name": "Người Thêm Vào", "source": "committee"}),
    "congress:candidate_withdraw": (
        "ward_office", lambda e, s: {"pk": e.pk, "cand_pk": e.candidates.order_by("pk")[0].pk},
        {"decision": "rút tên"}),
    "congress:seats": ("ward_office", lambda e, s: {"pk": e.pk}, {"seats": "2"}),
    "congress:list_approve": ("ward_office", lambda e, s: {"pk": e.pk}, {}),
    "congress:counters": ("ward_office", lambda e, s: {"pk": e.pk}, {"counters": ["COUNTER2"]}),
    "congress:totals": ("ward_office", lambda e, s: {"pk": e.pk},
                        {"ballots_issued": "11", "note": "sửa"}),
    "congress:certify": ("ward_office", lambda e, s: {"pk": e.pk}, {}),
    "congress:entry_open": ("counter", lambda e, s: {"pk": e.pk}, {}),
    "congress:entry": ("counter", lambda e, s: {
        "pk": Entry.objects.get(batch__election=e, clerk__username="counter").pk},
        {"position": "11", "content": "1", "key": "late"}),
    "congress:entry_undo": ("counter", lambda e, s: {
        "pk": Entry.objects.get(batch__election=e, clerk__username="counter").pk}, {}),
    "congress:entry_submit": ("counter", lambda e, s: {
        "pk": Entry.objects.get(batch__election=e, clerk__username="counter").pk}, {}),
    "congress:batch": ("counter", lambda e, s: {"pk": e.batches.get().pk},
                       {"op": "rekey", "reason": "đếm lại"}),
    "congress:working_body": ("ward_office", lambda e, s: {"pk": e.congress_id},
                              {"body": "counting_board", "attendees": ["ATTENDEE"]}),
    "scanning:election": ("counter", lambda e, s: {"pk": e.pk},
                          {"paper": "A4", "files": "UPLOAD"}),
    "scanning:retry": ("counter", lambda e, s: {"pk": s.pk}, {}),
    "scanning:to_entry": ("counter", lambda e, s: {"pk": s.pk}, {}),
    "scanning:ballot": ("counter", lambda e, s: {"pk": s.ballots.get().pk}, {"content": "2"}),
    "scanning:rescan": ("counter", lambda e, s: {"pk": s.ballots.get().pk},
                        {"files": "UPLOAD"}),
    "scanning:remove": ("counter", lambda e, s: {"pk": s.ballots.get().pk},
                        {"reason": "thừa"}),
}


@pytest.fixture
def sealed_with_scans(hall: Hall, cast: Cast) -> Election:
    """A certified election whose first batch was keyed once from scans, once by hand."""
    election = voting_election(hall, cast)
    actions.do_assign_counters(election, acting_user=cast.ward_office,
                               users=[cast.counter, cast.counter2], head=cast.counter)
    result = do_upload_scans(election, acting_user=cast.counter,
                             files=[("a.png", paper(election, "2"))])
    jobs.run_pending()
    scan_set = result.scan_set
    page = scan_set.ballots.get()
    text = content_of_page(page, ballot_of(election))
    assert text is not None
    key_batch(election, cast.counter2, [text], batch=scan_set.batch)
    entry = actions.do_open_entry(election, acting_user=cast.counter, batch=scan_set.batch)
    actions.do_key_ballot(entry, acting_user=cast.counter, position=1, text=text, key="k1")
    actions.do_submit_entry(entry, acting_user=cast.counter)
    actions.do_set_ballot_totals(election, acting_user=cast.ward_office, issued=1)
    actions.do_certify_election(election, acting_user=cast.ward_office)
    return election


@pytest.mark.parametrize("name", sorted(SEALED_ENDPOINTS))
def test_every_write_endpoint_refuses_a_certified_election_and_changes_nothing(
        sealed_with_scans: Election, cast: Cast, name: str) -> None:
    election = sealed_with_scans
    assert election.status == ElectionStatus.CERTIFIED
    who, kwargs, fields = SEALED_ENDPOINTS[name]
    data: dict[str, Any] = {"confirmed": "1"}
    for key, value in fields.items():
        if value == "UPLOAD":
            value = SimpleUploadedFile("again.png", paper(election, "2"))
        data[key] = [str(cast.counter2.pk) if v == "COUNTER2"
                     else str(election.congress.attendees.order_by("pk")[0].pk) if v == "ATTENDEE"
                     else v for v in value] if isinstance(value, list) else value
    client = Client()
    assert client.login(username=who, password=PASSWORD)
    before = snapshot()
    response = client.post(reverse(name, kwargs=kwargs(election, _scan(election, cast))), data)
    assert snapshot() == before, f"{name} changed a certified election"
    said = " ".join(str(m) for m in get_messages(response.wsgi_request))
    body = response.content.decode() if response.status_code != 302 else ""
    assert response.status_code in (302, 400, 403, 404, 409), name
    assert "đã được xác nhận" in said + body, f"{name}: {response.status_code} {said!r}"


# ---------------------------------------------------------------- reopening


def test_only_the_head_of_the_board_reopens_and_only_with_a_reason(
        hall: Hall, cast: Cast) -> None:
    election = certified(hall, cast)
    with pytest.raises(actions.CongressError, match="Trưởng Ban kiểm phiếu"):
        actions.do_reopen_election(election, acting_user=cast.counter2, reason="sai")
    with pytest.raises(actions.CongressError, match="Trưởng Ban kiểm phiếu"):
        actions.do_reopen_election(election, acting_user=cast.ward_office, reason="sai")
    with pytest.raises(actions.CongressError, match="lý do"):
        actions.do_reopen_election(election, acting_user=cast.counter, reason="  ")
    assert Election.objects.get(pk=election.pk).status == ElectionStatus.CERTIFIED


def test_a_reopened_result_is_uncertified_audited_and_its_next_certification_replaces_it(
        hall: Hall, cast: Cast) -> None:
    election = certified(hall, cast)
    first = election.current_certification()
    assert first is not None
    assert first.number == 1
    assert first.replaces is None
    snapshot_upward = election.result
    actions.do_reopen_election(election, acting_user=cast.counter,
                               reason="Số phiếu phát ra ghi nhầm: 11, không phải 10")
    election.refresh_from_db()
    assert election.status == ElectionStatus.COUNTING
    assert election.is_draft
    assert election.is_reopened
    # The superior keeps the certified version until the next certification.
    assert election.result == snapshot_upward
    entry = AuditEntry.objects.filter(action="congress.reopen").get()
    assert "ghi nhầm" in str(entry.changes)
    first.refresh_from_db()
    assert first.reopened_by == cast.counter
    assert "ghi nhầm" in first.reopen_reason
    actions.do_set_ballot_totals(election, acting_user=cast.ward_office, issued=11)
    actions.do_certify_election(election, acting_user=cast.ward_office)
    second = election.current_certification()
    assert second is not None
    assert (second.number, second.replaces) == (2, first)
    assert election.result is not None
    assert election.result["ballots"]["issued"] == 11
    assert second.digest != first.digest


def test_the_reopen_page_asks_for_a_reason_and_says_what_happened(
        hall: Hall, cast: Cast) -> None:
    election = certified(hall, cast)
    client = Client()
    client.login(username="counter", password=PASSWORD)
    url = reverse("congress:reopen", kwargs={"pk": election.pk})
    asked = client.post(url).content.decode()
    assert "Lý do mở lại" in asked
    assert Election.objects.get(pk=election.pk).status == ElectionStatus.CERTIFIED
    done = client.post(url, {"confirmed": "1", "reason": "Phiếu số 4 đọc nhầm"}, follow=True)
    assert "không còn được xác nhận" in done.content.decode()
    assert Election.objects.get(pk=election.pk).status == ElectionStatus.COUNTING
    office = Client()
    office.login(username="counter2", password=PASSWORD)
    assert office.post(url, {"confirmed": "1", "reason": "x"}).status_code == 403


def test_the_superior_sees_the_certified_version_while_the_result_is_reopened(
        hall: Hall, cast: Cast) -> None:
    election = certified(hall, cast)
    actions.do_reopen_election(election, acting_user=cast.counter, reason="Đếm lại phiếu phát ra")
    actions.do_set_ballot_totals(election, acting_user=cast.ward_office, issued=12)
    staff = Client()
    staff.login(username="city_staff", password=PASSWORD)
    page = staff.get(reverse("orgs:detail", kwargs={"pk": hall.congress.organization_id}))
    text = page.content.decode()
    assert "phát ra 10," in text  # the certified figure, not the 12 being corrected
    assert "phát ra 12," not in text
