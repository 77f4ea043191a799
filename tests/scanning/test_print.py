"""Printing the ballots from the election page."""

from __future__ import annotations

import pypdfium2 as pdfium
import pytest

from daihoi.congress.models import Election
from tests.conftest import Cast
from tests.scanning.conftest import client_for

pytestmark = pytest.mark.django_db


def test_the_election_page_links_to_the_printable_ballots(election: Election, cast: Cast) -> None:
    text = client_for(cast.ward_office).get(f"/dai-hoi/bau-cu/{election.pk}/").content.decode()
    assert f'action="/quet-phieu/bau-cu/{election.pk}/phieu-bau.pdf"' in text
    assert "In phiếu bầu (PDF)" in text
    counter_page = client_for(cast.counter).get(f"/dai-hoi/bau-cu/{election.pk}/")
    assert f"/quet-phieu/bau-cu/{election.pk}/" in counter_page.content.decode()


def test_one_ballot_per_ballot_to_issue_on_the_paper_chosen(
        election: Election, cast: Cast) -> None:
    response = client_for(cast.ward_office).get(
        f"/quet-phieu/bau-cu/{election.pk}/phieu-bau.pdf", {"paper": "A5"})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    pdf = pdfium.PdfDocument(response.content)
    assert len(pdf) == election.ballots_issued == 10
    width, height = pdf[0].get_size()
    assert round(width) == 420
    assert round(height) == 595
    text = pdf[0].get_textpage().get_text_range()
    assert "ĐẢNG BỘ PHƯỜNG MỘT" in text
    assert election.title.upper() in text


def test_an_observer_does_not_print_ballots(election: Election, cast: Cast) -> None:
    response = client_for(cast.observer).get(f"/quet-phieu/bau-cu/{election.pk}/phieu-bau.pdf")
    assert response.status_code == 403
