"""The review queue: the image served only to the election's counting board, the reader's
guess and reasons, the board's decision audited, the screen usable at the keyboard."""

from __future__ import annotations

import hashlib

import pytest
from django.test import Client

from daihoi.audit.models import AuditEntry
from daihoi.congress.models import Election
from daihoi.scanning.models import ScannedBallot, ScanSet
from tests.conftest import Cast
from tests.scanning.conftest import client_for, not_a_ballot, paper, upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def pages(election: Election, cast: Cast) -> list[ScannedBallot]:
    upload(client_for(cast.counter), election,
           [("a.png", paper(election, "2")), ("b.png", paper(election, "1", underline="3")),
            ("c.png", not_a_ballot())])
    return list(ScannedBallot.objects.order_by("position"))


def test_the_decision_screen_asks_for_each_flagged_name_and_fills_in_nothing(
        pages: list[ScannedBallot], cast: Cast) -> None:
    response = client_for(cast.counter2).get(f"/quet-phieu/to/{pages[1].pk}/")
    text = response.content.decode()
    assert "3. " in text
    assert "gạch dưới tên" in text
    assert "Phần mềm đọc được: giữ" in text  # the reader's guess beside the name ...
    assert 'name="name-3" value="kept"' in text
    assert 'name="name-3" value="struck"' in text
    assert "checked" not in text  # ... but nothing chosen for the person
    assert 'name="text" value=""' in text  # and no answer typed in advance
    assert 'name="name-1"' not in text  # the reader was sure of the clean strike
    assert 'data-key="1"' in text
    assert "scanning/scanning.js" in text
    assert "<script>" not in text  # CSP: no inline scripts


def test_a_flagged_name_left_undecided_is_refused(
        pages: list[ScannedBallot], cast: Cast) -> None:
    client = client_for(cast.counter2)
    response = client.post(f"/quet-phieu/to/{pages[1].pk}/", {}, follow=True)
    assert "Chưa quyết định tên số 3" in response.content.decode()
    assert ScannedBallot.objects.get(pk=pages[1].pk).decided_at is None


@pytest.mark.parametrize(("choice", "content"), [("kept", "1"), ("struck", "1 3")])
def test_the_decision_on_a_flagged_name_joins_the_names_the_reader_was_sure_of(
        pages: list[ScannedBallot], cast: Cast, choice: str, content: str) -> None:
    client_for(cast.counter2).post(f"/quet-phieu/to/{pages[1].pk}/", {"name-3": choice})
    decided = ScannedBallot.objects.get(pk=pages[1].pk)
    assert decided.decision == content
    row = AuditEntry.objects.filter(action="scanning.decide").get()
    assert row.changes["names"] == {"3": choice}


def test_an_empty_answer_counts_only_when_the_person_says_no_name_is_struck(
        pages: list[ScannedBallot], cast: Cast) -> None:
    client = client_for(cast.counter)
    response = client.post(f"/quet-phieu/to/{pages[2].pk}/", {"text": ""}, follow=True)
    assert "Không gạch tên nào" in response.content.decode()
    assert ScannedBallot.objects.get(pk=pages[2].pk).decided_at is None
    client.post(f"/quet-phieu/to/{pages[2].pk}/", {"text": "", "nothing": "1"})
    assert ScannedBallot.objects.get(pk=pages[2].pk).decision == ""


def test_a_set_with_more_pages_than_a_batch_holds_says_so(
        pages: list[ScannedBallot], election: Election, cast: Cast) -> None:
    election.batch_size = 2
    election.save(update_fields=["batch_size"])
    text = client_for(cast.counter).get(f"/quet-phieu/bo-anh/{pages[0].scan_set_id}/")
    assert "Bộ ảnh có 3 tờ, nhiều hơn số phiếu của một lô (2 tờ)" in text.content.decode()


def test_a_decision_is_recorded_audited_and_moves_to_the_next_page_waiting(
        pages: list[ScannedBallot], cast: Cast) -> None:
    response = client_for(cast.counter2).post(f"/quet-phieu/to/{pages[1].pk}/",
                                              {"text": "1, 3"})
    assert response["Location"] == f"/quet-phieu/to/{pages[2].pk}/"
    decided = ScannedBallot.objects.get(pk=pages[1].pk)
    assert decided.decision == "1 3"
    assert decided.decided_by == cast.counter2
    assert decided.status == "decided"
    row = AuditEntry.objects.filter(action="scanning.decide").get()
    assert row.changes["reader"] == "1"
    assert row.changes["decision"] == [None, "1 3"]
    assert row.changes["sha256"] == decided.sha256


def test_a_rejected_page_can_be_decided_as_a_defect(
        pages: list[ScannedBallot], cast: Cast) -> None:
    client_for(cast.counter).post(f"/quet-phieu/to/{pages[2].pk}/", {"text": "!other_mark"})
    assert ScannedBallot.objects.get(pk=pages[2].pk).decision == "!other_mark"


def test_a_typing_mistake_is_refused_with_a_message(
        pages: list[ScannedBallot], cast: Cast) -> None:
    client = client_for(cast.counter)
    response = client.post(f"/quet-phieu/to/{pages[1].pk}/", {"text": "9"}, follow=True)
    assert "Số 9 không có trong danh sách" in response.content.decode()
    assert ScannedBallot.objects.get(pk=pages[1].pk).decided_at is None


def test_a_sure_reading_needs_no_decision(pages: list[ScannedBallot], cast: Cast) -> None:
    client_for(cast.counter).post(f"/quet-phieu/to/{pages[0].pk}/", {"text": "3"})
    assert ScannedBallot.objects.get(pk=pages[0].pk).decided_at is None


def test_a_rescan_replaces_the_unreadable_image(
        pages: list[ScannedBallot], election: Election, cast: Cast) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    again = paper(election, "4")
    client_for(cast.counter).post(f"/quet-phieu/to/{pages[2].pk}/quet-lai/",
                                  {"files": SimpleUploadedFile("again.png", again)})
    page = ScannedBallot.objects.get(pk=pages[2].pk)
    assert page.status == "read"
    assert page.reading["kept"] == ["1", "2", "3"]
    assert page.sha256 == hashlib.sha256(again).hexdigest()
    assert AuditEntry.objects.filter(action="scanning.rescan").exists()


def test_the_image_is_served_only_to_the_elections_counting_board(
        pages: list[ScannedBallot], cast: Cast) -> None:
    url = f"/quet-phieu/to/{pages[0].pk}/anh"
    response = client_for(cast.counter2).get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert "no-store" in response["Cache-Control"]
    body = b"".join(response.streaming_content)  # type: ignore[attr-defined]
    assert hashlib.sha256(body).hexdigest() == pages[0].sha256
    for user in (cast.ward_office, cast.city_staff, cast.observer):
        assert client_for(user).get(url).status_code == 403
    assert client_for(cast.outsider).get(url).status_code == 404
    assert Client().get(url).status_code == 302
    assert not pages[0].image.url.startswith("/quet-phieu/")  # no view serves MEDIA_URL


def test_a_ballot_carries_nothing_that_identifies_a_voter_or_a_time() -> None:
    fields = {f.name for f in ScannedBallot._meta.get_fields()}
    assert fields == {"id", "scan_set", "position", "image", "sha256", "reading", "decision",
                      "decided_by", "decided_at"}
    assert "created_at" in {f.name for f in ScanSet._meta.get_fields()}


def test_the_flagged_names_are_shown_close_up_aligned(
        pages: list[ScannedBallot], cast: Cast) -> None:
    import cv2
    import numpy as np

    client = client_for(cast.counter2)
    text = client.get(f"/quet-phieu/to/{pages[1].pk}/").content.decode()
    assert f'src="/quet-phieu/to/{pages[1].pk}/dong/3.png"' in text  # the underlined name
    assert "/dong/1.png" not in text  # a clean strike needs no close-up
    response = client.get(f"/quet-phieu/to/{pages[1].pk}/dong/3.png")
    assert response["Content-Type"] == "image/png"
    assert response["Cache-Control"] == "private, no-store"
    row = cv2.imdecode(np.frombuffer(response.content, np.uint8), cv2.IMREAD_COLOR)
    assert row is not None
    assert row.shape[1] > 2 * row.shape[0]  # a row: wider than tall
    blue_pen = (row[..., 0].astype(int) - row[..., 2].astype(int)) > 60
    assert blue_pen.sum() > 50  # the underline, in the pen's colour
    assert client.get(f"/quet-phieu/to/{pages[1].pk}/dong/99.png").status_code == 404
    assert client.get(f"/quet-phieu/to/{pages[2].pk}/dong/1.png").status_code == 404  # no markers
