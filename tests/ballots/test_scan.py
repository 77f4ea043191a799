"""Reading files into the scan document, and turning a reading into election ballots."""

from __future__ import annotations

import contextlib
import json
from pathlib import Path
from typing import Any

import cv2
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from daihoi.ballots import (
    BallotInputError,
    UndecidedBallots,
    read_files,
    reading_to_ballots,
    render_ballots_pdf,
    strip,
)
from daihoi.ballots.document import spec_from_document
from tests.ballots.conftest import Ballot


def test_images_and_pdf_pages_are_read_in_order_on_several_processes(
    tmp_path: Path, ballot: Ballot, strike_doc: dict[str, Any]
) -> None:
    ballot.strike("4")
    cv2.imwrite(str(tmp_path / "a.png"), ballot.image)
    cv2.imwrite(str(tmp_path / "b.jpg"), ballot.image, [cv2.IMWRITE_JPEG_QUALITY, 85])
    cv2.imwrite(str(tmp_path / "c.tif"), ballot.image)
    (tmp_path / "d.pdf").write_bytes(render_ballots_pdf(strike_doc, copies=2))
    paths = [tmp_path / n for n in ("a.png", "b.jpg", "c.tif", "d.pdf")]
    seen: list[int] = []
    reading = read_files(paths, strike_doc, jobs=2, progress=lambda done, _: seen.append(done))
    assert reading["format"] == "daihoi-scan/1"
    assert [(Path(b["source"]).name, b["page"]) for b in reading["ballots"]] == [
        ("a.png", 1),
        ("b.jpg", 1),
        ("c.tif", 1),
        ("d.pdf", 1),
        ("d.pdf", 2),
    ]
    assert [b["status"] for b in reading["ballots"][:3]] == ["read"] * 3
    assert all("4" not in b["kept"] for b in reading["ballots"][:3])
    # the blank PDF pages carry no stamp: nothing where it goes, so they were not issued
    assert [(b["status"], b["defect"]) for b in reading["ballots"][3:]] == [
        ("read", "not_issued"),
        ("read", "not_issued"),
    ]
    assert seen == [1, 2, 3, 4, 5]
    json.dumps(reading)  # plain JSON


def test_a_file_that_is_not_an_image_is_a_clear_error(tmp_path: Path, strike_doc: Any) -> None:
    bad = tmp_path / "scan.png"
    bad.write_text("not an image")
    with pytest.raises(BallotInputError, match="not a readable image"):
        read_files([bad], strike_doc, jobs=1)
    with pytest.raises(BallotInputError, match="no such file"):
        read_files([tmp_path / "missing.png"], strike_doc, jobs=1)


READING = {
    "format": "daihoi-scan/1",
    "election_id": "0123456789ab",
    "ballots": [
        {"source": "1.png", "page": 1, "status": "read", "kept": ["1", "3"], "scores": {}},
        {"source": "2.png", "page": 1, "status": "read", "defect": "not_issued", "scores": {}},
        {
            "source": "3.png",
            "page": 1,
            "status": "review",
            "kept": ["1"],
            "reasons": ["marginal_stroke:2"],
            "decided": {"kept": ["1", "2"], "by": "Tổ kiểm phiếu"},
        },
        {
            "source": "4.png",
            "page": 1,
            "status": "review",
            "reasons": ["mark_outside"],
            "decided": {"defect": "other_mark"},
        },
    ],
}


def test_read_and_decided_ballots_become_election_ballots() -> None:
    assert reading_to_ballots(READING) == [
        {"kept": ["1", "3"]},
        {"defect": "not_issued"},
        {"kept": ["1", "2"]},
        {"defect": "other_mark"},
    ]


def test_undecided_and_rejected_ballots_are_named_by_index() -> None:
    reading = {
        **READING,
        "ballots": [
            *READING["ballots"],
            {"source": "5.png", "page": 1, "status": "review", "reasons": ["underline:2"]},
            {"source": "6.png", "page": 1, "status": "rejected", "reasons": ["blurred"]},
        ],
    }
    with pytest.raises(UndecidedBallots) as caught:
        reading_to_ballots(reading)
    assert caught.value.indices == [4, 5]


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=5),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=12,
)


@settings(max_examples=150, deadline=None)
@given(
    st.dictionaries(
        st.sampled_from(["format", "ballots", "status", "decided", "kept"]), json_values, max_size=4
    )
)
def test_reading_parser_never_fails_in_an_unexpected_way(reading: dict[str, Any]) -> None:
    with contextlib.suppress(BallotInputError, UndecidedBallots):
        reading_to_ballots(reading)


@settings(max_examples=150, deadline=None)
@given(
    json_values
    | st.dictionaries(
        st.sampled_from(["format", "rules", "body", "round", "seats", "candidates"]), json_values
    )
)
def test_election_parser_never_fails_in_an_unexpected_way(doc: Any) -> None:
    problems: list[str] = []
    try:
        spec_from_document(doc)
    except BallotInputError as exc:
        problems = exc.problems
        assert problems is not None
    assert isinstance(problems, list)


@given(st.text("0123456789abcdef", min_size=12, max_size=12), st.sampled_from(["A4", "A5"]))
def test_the_code_strip_round_trips(code: str, paper: str) -> None:
    assert strip.decode(strip.encode(code, paper)) == (code, paper)


@given(st.lists(st.integers(0, 1), min_size=64, max_size=64), st.integers(0, 63))
def test_one_wrong_cell_in_the_code_strip_is_never_accepted(bits: list[int], flip: int) -> None:
    decoded = strip.decode(bits)
    if decoded is not None:
        bits[flip] ^= 1
        assert strip.decode(bits) is None


def test_a_red_stamp_in_a_pdf_of_scans_reads_as_a_stamp(
    tmp_path: Path, ballot: Ballot, strike_doc: dict[str, Any]
) -> None:
    from PIL import Image

    ballot.strike("2")
    rgb = cv2.cvtColor(ballot.image, cv2.COLOR_BGR2RGB)
    Image.fromarray(rgb).save(tmp_path / "scans.pdf", "PDF", resolution=200.0)
    reading = read_files([tmp_path / "scans.pdf"], strike_doc, jobs=1)
    (entry,) = reading["ballots"]
    assert entry["status"] == "read", entry
    assert "defect" not in entry  # a blue stamp would read as missing: "not_issued"
    assert "2" not in entry["kept"]


def test_pdf_bitmaps_of_every_byte_order_become_the_same_bgr_image() -> None:
    import numpy as np

    from daihoi.ballots.raster import bitmap_to_bgr

    red_bgr = np.zeros((2, 3, 3), np.uint8)
    red_bgr[..., 2] = 220
    bgra = np.dstack([red_bgr, np.full((2, 3), 255, np.uint8)])
    rgbx = np.dstack([red_bgr[..., ::-1], np.zeros((2, 3), np.uint8)])
    assert (bitmap_to_bgr(red_bgr, "BGR") == red_bgr).all()
    assert (bitmap_to_bgr(bgra, "BGRA") == red_bgr).all()
    assert (bitmap_to_bgr(rgbx, "RGBX") == red_bgr).all()
    gray = np.full((2, 3), 90, np.uint8)
    assert bitmap_to_bgr(gray, "L").shape == (2, 3, 3)
    with pytest.raises(ValueError, match="unexpected bitmap mode"):
        bitmap_to_bgr(red_bgr, "CMYK")
