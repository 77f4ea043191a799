"""The calibration kit in the web app: printed from the election's scans page, its scans read
back into a report to download; nothing stored, for the election's board only."""

from __future__ import annotations

import random

import pypdfium2 as pdfium
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from daihoi.ballots import calibrate, layout_for, pen
from daihoi.ballots.raster import page_to_bgr
from daihoi.congress.models import Election
from daihoi.scanning.actions import ballot_of
from daihoi.scanning.models import ScannedBallot
from tests.conftest import Cast
from tests.scanning.conftest import client_for, png

pytestmark = pytest.mark.django_db


def test_the_scans_page_offers_the_kit_and_the_kit_is_a_pdf_of_twelve_ballots(
        election: Election, cast: Cast) -> None:
    client = client_for(cast.counter)
    page = client.get(f"/quet-phieu/bau-cu/{election.pk}/").content.decode()
    assert f"/quet-phieu/bau-cu/{election.pk}/bo-hieu-chinh.pdf" in page
    assert f'action="/quet-phieu/bau-cu/{election.pk}/hieu-chinh/"' in page
    response = client.get(f"/quet-phieu/bau-cu/{election.pk}/bo-hieu-chinh.pdf")
    assert response["Content-Type"] == "application/pdf"
    assert len(pdfium.PdfDocument(response.content)) == 12


def test_the_scans_of_a_marked_kit_come_back_as_a_report_and_nothing_is_stored(
        election: Election, cast: Cast) -> None:
    client = client_for(cast.counter)
    kit = client.get(f"/quet-phieu/bau-cu/{election.pk}/bo-hieu-chinh.pdf").content
    doc = ballot_of(election).doc
    layout = layout_for(doc)
    marks = calibrate.plan(doc, 12)[0]
    image = page_to_bgr(pdfium.PdfDocument(kit)[0], 200)
    rng = random.Random(4)
    pen.stamp(image, layout, 200, rng)
    hand = pen.Hand(image, 200, rng, pen.Pen("ballpoint", "blue", 1.0, 0.0, 0.1))
    for entry in layout["candidates"]:
        if entry["id"] in marks:
            pen.mark(hand, entry, float(layout["font_size_pt"]), marks[entry["id"]])
    response = client.post(f"/quet-phieu/bau-cu/{election.pk}/hieu-chinh/",
                           {"files": [SimpleUploadedFile("kit-1.png", png(image))]})
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    report = response.content.decode()
    assert "Kết quả hiệu chỉnh máy đọc phiếu" in report
    assert "Không tên nào bị đọc sai" in report
    assert not ScannedBallot.objects.exists()


def test_no_scan_chosen_is_said_on_the_scans_page(election: Election, cast: Cast) -> None:
    response = client_for(cast.counter).post(f"/quet-phieu/bau-cu/{election.pk}/hieu-chinh/",
                                             {}, follow=True)
    assert "Chọn ảnh quét của bộ phiếu hiệu chỉnh" in response.content.decode()


def test_the_kit_is_not_for_an_outsider(election: Election, cast: Cast) -> None:
    url = f"/quet-phieu/bau-cu/{election.pk}/bo-hieu-chinh.pdf"
    assert client_for(cast.outsider).get(url).status_code == 404
    assert client_for(cast.observer).get(url).status_code == 403
