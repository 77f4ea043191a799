"""Scanning fixtures: a ward election being counted, ballots filled in on generated images
(rendered with render_ballots_pdf, rasterised with pypdfium2, strokes drawn with OpenCV)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import cv2
import numpy as np
import pytest
from django.test import Client

from daihoi.ballots import synth
from daihoi.congress.models import Election
from daihoi.scanning.actions import ballot_of
from tests.ballots.conftest import Ballot
from tests.conftest import PASSWORD, Cast
from tests.congress.conftest import Hall, hall, voting_election

__all__ = ["hall"]


@pytest.fixture(autouse=True)
def _media(settings: Any, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = str(tmp_path / "media")
    return tmp_path / "media"


@pytest.fixture
def election(hall: Hall, cast: Cast) -> Election:
    """Three seats, four names: the strike-out form."""
    return voting_election(hall, cast, seats=3, names=4)


def png(image: np.ndarray) -> bytes:
    ok, data = cv2.imencode(".png", image)
    assert ok
    return bytes(data.tobytes())


def paper(election: Election, struck: str = "", *, underline: str = "") -> bytes:
    """A stamped ballot of ``election`` with the names numbered in ``struck`` struck out and
    the one in ``underline`` underlined (which the reader sends to review), as PNG bytes."""
    ballot = Ballot(ballot_of(election).doc)
    for cid in struck.split():
        ballot.strike(cid)
    if underline:
        synth.underline(ballot.pen, ballot.entry(underline), ballot.size)
    return png(ballot.image)


def not_a_ballot() -> bytes:
    page = np.full((1400, 1000, 3), 235, np.uint8)
    cv2.putText(page, "not a ballot", (100, 500), cv2.FONT_HERSHEY_SIMPLEX, 3, (0, 0, 0), 5)
    return png(page)


def client_for(user: Any) -> Client:
    client = Client()
    assert client.login(username=user.username, password=PASSWORD)
    return client


def upload(client: Client, election: Election, files: list[tuple[str, bytes]],
           batch: int | None = None) -> Any:
    from django.core.files.uploadedfile import SimpleUploadedFile

    data: dict[str, Any] = {"paper": "A4",
                            "files": [SimpleUploadedFile(n, b) for n, b in files]}
    if batch is not None:
        data["batch"] = str(batch)
    return client.post(f"/quet-phieu/bau-cu/{election.pk}/", data)


@pytest.fixture(autouse=True)
def _read_in_the_upload(settings: Any) -> None:
    """The worker reads an upload inside the upload's call (tests/scanning/test_jobs.py turns
    this off to drive the background thread and the command)."""
    settings.DAIHOI_SCAN_JOBS_INLINE = True
