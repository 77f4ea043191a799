"""Reading one ballot image: every class of mark, and what scanners and phones do to a page."""

from __future__ import annotations

import random
from typing import Any

import cv2
import numpy as np
import pytest

from daihoi.ballots import read_image, synth
from tests.ballots.conftest import NAMES, Ballot, election


def _read(image: np.ndarray, doc: dict[str, Any]) -> dict[str, Any]:
    return read_image(image, doc)


def test_clean_strikes_are_read_as_the_names_kept(ballot: Ballot) -> None:
    ballot.strike("2")
    ballot.strike("5", angle_deg=1.5)
    result = _read(ballot.image, ballot.doc)
    assert result["status"] == "read"
    assert result["kept"] == ["1", "3", "4", "6", "7"]
    assert result["scores"]["2"] > 0.8
    assert result["scores"]["1"] < 0.05


def test_a_ballot_with_no_mark_keeps_every_name(ballot: Ballot) -> None:
    result = _read(ballot.image, ballot.doc)
    assert result == {**result, "status": "read", "kept": [str(i) for i in range(1, 8)]}


def test_more_names_kept_than_seats_is_still_reported_as_it_says(ballot: Ballot) -> None:
    ballot.strike("7")
    result = _read(ballot.image, ballot.doc)
    assert result["status"] == "read"
    assert len(result["kept"]) == 6  # the engine judges it too_many_kept


def test_every_name_struck_is_reported_with_nothing_kept(ballot: Ballot) -> None:
    for cid in "1234567":
        ballot.strike(cid)
    result = _read(ballot.image, ballot.doc)
    assert result["status"] == "read"
    assert result["kept"] == []


def test_an_underline_goes_to_review(ballot: Ballot) -> None:
    synth.underline(ballot.pen, ballot.entry("3"), ballot.size)
    result = _read(ballot.image, ballot.doc)
    assert result["status"] == "review"
    assert "underline:3" in result["reasons"]


def test_a_circled_name_goes_to_review(ballot: Ballot) -> None:
    synth.circle(ballot.pen, ballot.entry("4"), ballot.size)
    result = _read(ballot.image, ballot.doc)
    assert result["status"] == "review"
    assert any(r.endswith(":4") for r in result["reasons"])


def test_a_partial_stroke_goes_to_review(ballot: Ballot) -> None:
    ballot.strike("7", 0.3, 0.65)
    result = _read(ballot.image, ballot.doc)
    assert result["status"] == "review"
    assert "partial_stroke:7" in result["reasons"]
    assert 0.1 < result["scores"]["7"] < 0.55


def test_a_small_mark_outside_the_names_goes_to_review(ballot: Ballot) -> None:
    _, _, x1, y1 = ballot.layout["marks_zone_pt"]
    ballot.pen.line(x1 - 120, y1 - 60, x1 - 110, y1 - 56)
    result = _read(ballot.image, ballot.doc)
    assert result["status"] == "review"
    assert "mark_outside" in result["reasons"]


def test_a_large_mark_outside_the_names_is_other_mark(ballot: Ballot) -> None:
    _, _, x1, y1 = ballot.layout["marks_zone_pt"]
    ballot.pen.line(x1 - 200, y1 - 120, x1 - 60, y1 - 20)
    ballot.pen.line(x1 - 200, y1 - 20, x1 - 60, y1 - 120)
    result = _read(ballot.image, ballot.doc)
    assert result["status"] == "read"
    assert result["defect"] == "other_mark"


def test_a_name_written_in_is_write_in(ballot: Ballot) -> None:
    x0, _, _, y1 = ballot.layout["marks_zone_pt"]
    ballot.pen.text("Nguyen Van Binh", x0 + 60, y1 - 60, 16)
    result = _read(ballot.image, ballot.doc)
    assert result["status"] == "read"
    assert result["defect"] == "write_in"


def test_a_ballot_without_the_red_stamp_is_not_issued(strike_doc: dict[str, Any]) -> None:
    unstamped = Ballot(strike_doc, stamped=False)
    unstamped.strike("2")  # blue ink: the scan is in colour, so the stamp would show
    result = _read(unstamped.image, strike_doc)
    assert result["status"] == "read"
    assert result["defect"] == "not_issued"


def test_a_grey_scan_cannot_check_the_stamp_and_goes_to_review(ballot: Ballot) -> None:
    grey = cv2.cvtColor(ballot.image, cv2.COLOR_BGR2GRAY)
    result = _read(grey, ballot.doc)
    assert result["status"] == "review"
    assert "stamp_unchecked" in result["reasons"]


def test_a_grey_scan_of_a_ballot_with_nothing_where_the_stamp_goes_is_not_issued(
    strike_doc: dict[str, Any],
) -> None:
    """No mark at all in the stamp's box: no stamp, whether the scan has colour or not."""
    unstamped = Ballot(strike_doc, stamped=False)
    unstamped.pen.color = (40, 40, 40)  # a black pen: no colour anywhere on the page
    unstamped.strike("2")
    for image in (unstamped.image, cv2.cvtColor(unstamped.image, cv2.COLOR_BGR2GRAY)):
        result = _read(image, strike_doc)
        assert (result["status"], result["defect"]) == ("read", "not_issued")


def test_a_light_stroke_in_a_coloured_pen_is_read_as_a_strike(strike_doc: dict[str, Any]) -> None:
    """Pressed lightly, a light-blue pen leaves no definite ink once blurred; its colour along
    the whole name still reads as a strike (and a light partial stroke still goes to review)."""
    light = Ballot(strike_doc)
    light.pen.color = (170, 90, 60)  # the voter's light-blue pen, pressed normally once
    light.strike("1")
    light.pen.color = (208, 164, 148)  # the same pen at light pressure
    light.pen.width_pt = 0.8
    light.strike("2")
    light.strike("6", start=0.1, end=0.4)
    image = cv2.GaussianBlur(light.image, (0, 0), 1.0)
    result = _read(image, strike_doc)
    assert result["scores"]["2"] >= 0.55
    assert result["kept"] == ["3", "4", "5", "6", "7"]  # 6: the best guess, to be checked
    assert result["status"] == "review"
    assert result["reasons"] == ["partial_stroke:6"]


@pytest.mark.parametrize(
    ("marks", "expected"),
    [
        ({"1": "agree", "2": "disagree"}, {"1": "agree", "2": "disagree", "3": "none"}),
        ({"1": "both", "3": "agree"}, {"1": "both", "2": "none", "3": "agree"}),
        ({}, {"1": "none", "2": "none", "3": "none"}),
    ],
)
def test_agree_disagree_boxes_are_read_per_box(
    agree_ballot: Ballot, marks: dict[str, str], expected: dict[str, str]
) -> None:
    for cid, mark in marks.items():
        entry = agree_ballot.entry(cid)
        for side in ("agree", "disagree"):
            if mark in (side, "both"):
                synth.cross_box(agree_ballot.pen, entry[f"{side}_box_pt"])
    result = _read(agree_ballot.image, agree_ballot.doc)
    assert result["status"] == "read"
    assert result["marks"] == expected


def test_a_faint_box_mark_goes_to_review(agree_ballot: Ballot) -> None:
    x0, y0, _, y1 = agree_ballot.entry("2")["agree_box_pt"]
    agree_ballot.pen.line(x0 + 3, (y0 + y1) / 2, x0 + 6, (y0 + y1) / 2)
    result = _read(agree_ballot.image, agree_ballot.doc)
    assert result["status"] == "review"
    assert "marginal_mark:2:agree" in result["reasons"]


@pytest.mark.parametrize(
    "change",
    [
        {"rotate": 3.0},
        {"rotate": -3.0, "scale": 0.85},
        {"scale": 1.15},
        {"perspective": 0.015, "rotate": 1.0},
        {"rotate": 180.0},
        {"lighting": 0.35, "noise": 5.0, "jpeg": 70},
    ],
    ids=["rotated", "rotated-shrunk", "scaled", "perspective", "upside-down", "photo"],
)
def test_alignment_survives_what_scanners_and_phones_do(
    ballot: Ballot, change: dict[str, Any]
) -> None:
    ballot.strike("1")
    ballot.strike("6", angle_deg=-1.0)
    image = synth.perturb(ballot.image, random.Random(3), **change)
    result = _read(image, ballot.doc)
    assert result["status"] == "read", result
    assert result["kept"] == ["2", "3", "4", "5", "7"]


def test_a_blurred_image_is_rejected(ballot: Ballot) -> None:
    ballot.strike("1")
    image = cv2.GaussianBlur(ballot.image, (0, 0), 6)
    result = _read(image, ballot.doc)
    assert result["status"] == "rejected"
    assert result["reasons"][0] in {"blurred", "markers_not_found", "code_unreadable"}


def test_a_ballot_of_another_election_is_rejected(ballot: Ballot) -> None:
    other = election([*NAMES[:6], "Bùi Văn Khác"], 5)
    result = _read(ballot.image, other)
    assert result == {"status": "rejected", "reasons": ["wrong_election"]}


def test_an_image_without_markers_is_rejected(strike_doc: dict[str, Any]) -> None:
    page = np.full((1400, 1000, 3), 235, np.uint8)
    cv2.putText(page, "not a ballot", (100, 500), cv2.FONT_HERSHEY_SIMPLEX, 3, (0, 0, 0), 5)
    assert _read(page, strike_doc) == {"status": "rejected", "reasons": ["markers_not_found"]}


def test_an_a5_ballot_is_recognised_without_being_told_the_paper(
    strike_doc: dict[str, Any],
) -> None:
    small = Ballot(strike_doc, paper="A5")
    small.strike("3")
    result = _read(small.image, strike_doc)
    assert result["status"] == "read"
    assert "3" not in result["kept"]


def _blank_masks(layout: dict[str, Any]) -> tuple[np.ndarray, ...]:
    w, h = (round(v * 2) for v in layout["page_size_pt"])
    zero = np.zeros((h, w), np.uint8)
    return zero, zero.copy(), zero.copy(), np.ones((h, w), np.uint8)


def _sliver_at(layout: dict[str, Any], cid: str) -> tuple[int, int]:
    entry = next(c for c in layout["candidates"] if c["id"] == cid)
    y = round(2 * (entry["baseline_pt"] - 0.3 * layout["font_size_pt"]))
    return y, round(2 * (entry["name_box_pt"][0] + 20))


def test_a_black_stroke_hidden_in_the_letters_goes_to_review(strike_doc: dict[str, Any]) -> None:
    """Seen only through one gap between two letters (a column of pen-dark pixels), a partial
    black stroke cannot be measured, so the name is not read as unmarked."""
    from daihoi.ballots import layout_for
    from daihoi.ballots.marks import analyse_strike

    layout = layout_for(strike_doc)
    ink, faint, faint_open, free = _blank_masks(layout)
    dark = np.zeros(ink.shape, np.float32)
    y, x = _sliver_at(layout, "1")
    dark[y : y + 3, x] = 0.87
    ink[y : y + 3, x] = 1
    faint[y : y + 3, x] = 1
    kept, _, reasons, _, _ = analyse_strike(
        ink * 0, faint, faint_open, free, layout, ink, None, dark
    )
    assert reasons == ["hidden_stroke:1"]
    assert "1" in kept  # the best guess, for the person who looks


def test_a_dark_fringe_along_the_letters_feet_is_not_a_hidden_stroke(
    strike_doc: dict[str, Any],
) -> None:
    from daihoi.ballots import layout_for
    from daihoi.ballots.marks import analyse_strike

    layout = layout_for(strike_doc)
    ink, faint, faint_open, free = _blank_masks(layout)
    dark = np.zeros(ink.shape, np.float32)
    y, x = _sliver_at(layout, "1")
    dark[y, x : x + 3] = 0.82  # one row: misregistered print, not a stroke's cross-section
    dark[y + 3, x + 9] = 0.9
    _, _, reasons, _, _ = analyse_strike(ink, faint, faint_open, free, layout, ink, None, dark)
    assert reasons == []


def test_marker_centres_are_measured_again_at_full_resolution(
    strike_doc: dict[str, Any],
) -> None:
    from daihoi.ballots import layout_for
    from daihoi.ballots.align import find_markers, reduce, refine_markers

    layout = layout_for(strike_doc)
    gray = np.asarray(
        cv2.cvtColor(synth.blank(strike_doc, "A4", 200), cv2.COLOR_BGR2GRAY), np.uint8
    )
    truth = np.array(layout["fiducials_pt"], np.float32) * np.float32(200 / 72) - 0.5
    small = reduce(gray, 900)
    found = find_markers(small)
    assert found is not None
    found = found * np.float32(gray.shape[0] / small.shape[0])
    refined = refine_markers(gray, found, layout)
    assert np.abs(refined - truth).max() <= 0.6  # the print snaps the squares to pixels


def test_the_blank_ballot_lines_up_with_a_scan_to_a_fraction_of_a_pixel(
    strike_doc: dict[str, Any],
) -> None:
    """The print mask is grown by one pixel only, so the blank ballot must land on the scan's
    letters to well under a pixel everywhere (rendered finer than the canonical raster, and
    with pixel centres, not corners, at the markers)."""
    from daihoi.ballots import layout_for
    from daihoi.ballots.align import warp
    from daihoi.ballots.document import spec_code, spec_from_document
    from daihoi.ballots.read import _darkness, _locate, _template

    spec = spec_from_document(strike_doc)
    rng = random.Random(3)
    image = synth.perturb(synth.blank(strike_doc, "A4", 200), rng, rotate=2.2, scale=1.07)
    gray = np.asarray(cv2.cvtColor(image, cv2.COLOR_BGR2GRAY), np.uint8)
    status, page, matrix = _locate(gray, [layout_for(strike_doc)], spec_code(spec))
    assert status == "ok"
    template = _template(spec, "A4")[0]
    dark = _darkness(warp(gray, matrix, [0.0, 0.0, *page["page_size_pt"]], template.shape))
    for entry in page["candidates"]:
        x0, y0, x1, y1 = (round(v * 2) for v in entry["name_box_pt"])
        dx, dy = _offset(template[y0:y1, x0:x1], dark[y0 - 2 : y1 + 2, x0 - 2 : x1 + 2])
        assert abs(dx) < 0.35, (entry["id"], dx)
        assert abs(dy) < 0.35, (entry["id"], dy)


def _offset(a: np.ndarray, b: np.ndarray) -> tuple[float, float]:
    """Where ``a`` lies in ``b`` (``b`` has a 2-pixel margin), to a fraction of a pixel: the
    best whole-pixel correlation, refined by a parabola through its neighbours."""
    h, w = a.shape
    score = np.array(
        [[float((a * b[y : y + h, x : x + w]).sum()) for x in range(5)] for y in range(5)]
    )
    y, x = np.unravel_index(int(score.argmax()), score.shape)
    assert 0 < y < 4, "the offset is over a pixel"
    assert 0 < x < 4, "the offset is over a pixel"

    def vertex(lo: float, mid: float, hi: float) -> float:
        return 0.5 * (lo - hi) / (lo - 2 * mid + hi)

    dx = x - 2 + vertex(score[y, x - 1], score[y, x], score[y, x + 1])
    dy = y - 2 + vertex(score[y - 1, x], score[y, x], score[y + 1, x])
    return float(dx), float(dy)


def test_a_photo_where_the_page_fills_a_small_part_of_the_frame_is_read(
    ballot: Ballot, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The markers, a few pixels wide on the 1,300-pixel copy, are looked for again on a copy
    twice as fine."""
    from daihoi.ballots import read as reader

    ballot.strike("2")
    page = cv2.resize(ballot.image, None, fx=0.6, fy=0.6, interpolation=cv2.INTER_AREA)
    photo = np.full((3300, 3300, 3), (70, 80, 90), np.uint8)  # the table around the page
    photo[400 : 400 + page.shape[0], 900 : 900 + page.shape[1]] = page
    result = _read(photo, ballot.doc)
    assert result["status"] == "read"
    assert result["kept"] == ["1", "3", "4", "5", "6", "7"]
    monkeypatch.setattr(reader, "LOCATE_SIDES", (1300,))
    assert _read(photo, ballot.doc)["reasons"] == ["markers_not_found"]


def test_a_scanner_that_edges_black_print_with_colour_is_read_by_darkness(
    ballot: Ballot, strike_doc: dict[str, Any]
) -> None:
    """Colour round the printed heading proves nothing about pens: the page is read as if the
    pen were black, and the stamp check still works."""
    ballot.strike("2")
    result = _read(synth.misregister(ballot.image, 1.5), ballot.doc)
    assert result["status"] == "read"
    assert result["kept"] == ["1", "3", "4", "5", "6", "7"]
    unstamped = Ballot(strike_doc, stamped=False)
    unstamped.strike("2")
    result = _read(synth.misregister(unstamped.image, 1.5), strike_doc)
    assert (result["status"], result["defect"]) == ("read", "not_issued")


def test_colour_round_the_print_is_told_from_a_clean_scan(ballot: Ballot) -> None:
    from daihoi.ballots import layout_for
    from daihoi.ballots.align import warp
    from daihoi.ballots.document import spec_code, spec_from_document
    from daihoi.ballots.read import _locate, _print_fringes, _spread, _template

    spec = spec_from_document(ballot.doc)
    _, printed, _ = _template(spec, "A4")
    for rows, fringed in ((0.0, False), (0.5, True), (1.0, True)):
        image = synth.misregister(ballot.image, rows) if rows else ballot.image
        gray = np.asarray(cv2.cvtColor(image, cv2.COLOR_BGR2GRAY), np.uint8)
        _, page, matrix = _locate(gray, [layout_for(ballot.doc)], spec_code(spec))
        spread = warp(_spread(image), matrix, [0.0, 0.0, *page["page_size_pt"]], printed.shape)
        assert _print_fringes(spread, printed, page) is fringed, rows


def test_a_close_up_of_one_name_is_straightened_from_a_rotated_scan(ballot: Ballot) -> None:
    from daihoi.ballots import close_up

    ballot.strike("4")
    image = synth.perturb(ballot.image, random.Random(5), rotate=2.5, scale=1.06)
    row = close_up(image, ballot.doc, "4")
    assert row is not None
    ink = (row[..., 0].astype(int) - row[..., 2].astype(int)) > 60  # the blue stroke
    rows = np.flatnonzero(ink.any(axis=1))
    assert rows.size > 0
    assert rows[-1] - rows[0] <= 8  # level: a 2.5° tilt would spread it over ~10 pixels
    assert close_up(image, ballot.doc, "99") is None
    assert close_up(np.full((800, 600, 3), 255, np.uint8), ballot.doc, "4") is None
