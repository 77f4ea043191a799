"""Uploading scans of a batch: every page read, kept with its hash, sorted into read, review
and rejected; bad files refused with a Vietnamese message and nothing saved lost."""

from __future__ import annotations

import hashlib
import io

import cv2
import numpy as np
import pytest
from django.contrib.messages import get_messages
from fpdf import FPDF

from daihoi.congress.models import Election
from daihoi.scanning.models import ScannedBallot, ScanSet
from tests.ballots.conftest import Ballot
from tests.ballots.conftest import election as election_doc
from tests.conftest import Cast
from tests.scanning.conftest import client_for, not_a_ballot, paper, png, upload

pytestmark = pytest.mark.django_db


def _messages(response: object) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]  # type: ignore[attr-defined]


def test_pages_are_read_kept_with_their_hash_and_sorted(election: Election, cast: Cast) -> None:
    client = client_for(cast.counter)
    files = [("a.png", paper(election, "2")), ("b.png", paper(election, underline="3")),
             ("c.png", not_a_ballot())]
    response = upload(client, election, files)
    scan_set = ScanSet.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/quet-phieu/bo-anh/{scan_set.pk}/"
    assert scan_set.scanned_by == cast.counter
    assert scan_set.batch.number == 1  # a new batch, through the congress app's actions
    pages = list(scan_set.ballots.order_by("position"))
    assert [p.status for p in pages] == ["read", "review", "rejected"]
    assert pages[0].reading["kept"] == ["1", "3", "4"]
    assert "underline:3" in pages[1].reasons
    assert pages[2].reasons == ["markers_not_found"]
    for page, (_name, data) in zip(pages, files, strict=True):
        assert page.sha256 == hashlib.sha256(data).hexdigest()
        with page.image.open("rb") as handle:
            assert handle.read() == data
        assert page.sha256 in page.image.name
        assert "a.png" not in page.image.name


def test_rejected_pages_are_listed_with_the_reason(election: Election, cast: Cast) -> None:
    client = client_for(cast.counter)
    upload(client, election, [("a.png", paper(election)), ("b.png", not_a_ballot())])
    page = client.get(f"/quet-phieu/bo-anh/{ScanSet.objects.get().pk}/")
    text = page.content.decode()
    assert "Không đọc được tờ số 2" in text
    assert "không tìm thấy các dấu định vị" in text.lower()


def test_a_pdf_is_read_page_by_page_and_the_red_stamp_stays_red(
        election: Election, cast: Cast) -> None:
    pdf = FPDF(unit="pt", format="A4")
    for struck in ("1", "4"):
        pdf.add_page()
        image = cv2.imdecode(np.frombuffer(paper(election, struck), np.uint8), cv2.IMREAD_COLOR)
        assert image is not None
        _ok, jpg = cv2.imencode(".jpg", image, [cv2.IMWRITE_JPEG_QUALITY, 92])
        pdf.image(io.BytesIO(jpg.tobytes()), x=0, y=0, w=595.28, h=841.89)
    upload(client_for(cast.counter), election, [("stack.pdf", bytes(pdf.output()))])
    pages = list(ScannedBallot.objects.order_by("position"))
    assert [p.reading.get("kept") for p in pages] == [["2", "3", "4"], ["1", "2", "3"]]
    assert all(p.image.name.endswith(".png") for p in pages)


def test_a_file_that_is_not_an_image_saves_nothing_and_loses_nothing(
        election: Election, cast: Cast) -> None:
    client = client_for(cast.counter)
    upload(client, election, [("a.png", paper(election, "1"))])
    scan_set = ScanSet.objects.get()
    response = upload(client, election, [("b.png", paper(election, "2")),
                                         ("notes.txt", b"hello")], batch=scan_set.batch_id)
    assert any("notes.txt: không phải ảnh" in m for m in _messages(response))
    assert response["Location"] == f"/quet-phieu/bo-anh/{scan_set.pk}/"
    assert list(scan_set.ballots.values_list("position", flat=True)) == [1]
    assert scan_set.ballots.get().image.storage.exists(scan_set.ballots.get().image.name)


def test_another_elections_ballots_are_refused_by_name(election: Election, cast: Cast) -> None:
    client = client_for(cast.counter)
    upload(client, election, [("a.png", paper(election, "1"))])
    other = Ballot(election_doc(["Một", "Hai", "Ba", "Bốn"], 3))
    response = upload(client, election, [("khac.png", png(other.image))],
                      batch=ScanSet.objects.get().batch_id)
    assert any("Không phải phiếu bầu của cuộc bầu cử này" in m and "khac.png" in m
               for m in _messages(response))
    assert ScannedBallot.objects.count() == 1


def test_more_scans_are_added_after_the_pages_already_saved(
        election: Election, cast: Cast) -> None:
    client = client_for(cast.counter)
    upload(client, election, [("a.png", paper(election, "1"))])
    scan_set = ScanSet.objects.get()
    upload(client, election, [("b.png", paper(election, "2"))], batch=scan_set.batch_id)
    assert [p.reading["kept"] for p in scan_set.ballots.order_by("position")] == [
        ["2", "3", "4"], ["1", "3", "4"]]


def test_only_the_elections_counting_board_uploads(election: Election, cast: Cast) -> None:
    for user in (cast.ward_office, cast.observer):
        response = upload(client_for(user), election, [("a.png", paper(election))])
        assert response.status_code == 403
    assert not ScanSet.objects.exists()


def test_a_list_not_yet_approved_has_nothing_to_scan(hall: object, cast: Cast) -> None:
    from daihoi.congress import actions

    draft = actions.do_create_election(hall.congress, acting_user=cast.ward_office,  # type: ignore[attr-defined]
                                       title="Nháp", seats=2, names=["Một", "Hai"])
    response = client_for(cast.ward_office).get(f"/quet-phieu/bau-cu/{draft.pk}/phieu-bau.pdf")
    assert response.status_code == 404
