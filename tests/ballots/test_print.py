"""Printing: the official form, the layout file checked against the PDF actually drawn."""

from __future__ import annotations

from typing import Any

import numpy as np
import pypdfium2 as pdfium
import pytest

from daihoi.ballots import election_code, layout_for, render_ballots_pdf
from daihoi.ballots.document import BallotInputError
from tests.ballots.conftest import NAMES, election

SCALE = 3.0  # pixels per point when checking the drawing


def _pages(pdf: bytes) -> list[np.ndarray]:
    doc = pdfium.PdfDocument(pdf)
    pages = [np.asarray(p.render(scale=SCALE, grayscale=True).to_numpy()) for p in doc]
    return [p if p.ndim == 2 else p[..., 0] for p in pages]


def _text(pdf: bytes) -> str:
    page = pdfium.PdfDocument(pdf)[0]
    return str(page.get_textpage().get_text_range())


def test_the_ballot_carries_the_official_header_and_the_names(strike_doc: dict[str, Any]) -> None:
    pdf = render_ballots_pdf(strike_doc, convener="Đảng bộ xã An Phú")
    text = _text(pdf)
    assert "ĐẢNG CỘNG SẢN VIỆT NAM" in text
    assert "ĐẢNG BỘ XÃ AN PHÚ" in text
    assert "PHIẾU BẦU BAN CHẤP HÀNH ĐẢNG BỘ XÃ AN PHÚ" in text
    assert "Gạch ngang" in text  # strike-out form: more candidates than seats
    positions = [text.index(f"{i + 1}. {name}".split(". ")[1]) for i, name in enumerate(NAMES)]
    assert positions == sorted(positions)  # the document's order
    assert "Mã phiếu: " + election_code(strike_doc).upper()[:4] in text


def test_a_custom_title_replaces_the_default(strike_doc: dict[str, Any]) -> None:
    assert "PHIẾU BẦU THỬ" in _text(render_ballots_pdf(strike_doc, title="PHIẾU BẦU THỬ"))


def test_copies_are_identical_so_no_ballot_can_be_told_apart(strike_doc: dict[str, Any]) -> None:
    pages = _pages(render_ballots_pdf(strike_doc, copies=3))
    assert len(pages) == 3
    assert all(np.array_equal(pages[0], p) for p in pages[1:])


def test_the_layout_file_follows_the_spec(strike_doc: dict[str, Any]) -> None:
    layout = layout_for(strike_doc, "A4")
    assert layout["format"] == "daihoi-ballot-layout/1"
    assert layout["form"] == "strike_out"
    assert layout["page_size_pt"] == [595.28, 841.89]
    assert layout["pages_per_ballot"] == 1
    assert [c["id"] for c in layout["candidates"]] == [str(i) for i in range(1, 8)]
    assert layout["agree_box_pt"] is None
    x0, y0, x1, y1 = layout["stamp_box_pt"]
    assert x0 < x1 < 300  # top left
    assert y0 < y1 < 200


@pytest.mark.parametrize(("count", "paper"), [(7, "A4"), (65, "A4"), (65, "A5"), (120, "A4")])
def test_every_name_is_drawn_inside_its_box(count: int, paper: str) -> None:
    names = [f"{NAMES[i % len(NAMES)]} {i}" for i in range(count)]
    doc = election(names, max(1, count - 2))
    layout = layout_for(doc, paper)
    page = _pages(render_ballots_pdf(doc, paper=paper))[0]
    ink = page < 160
    pitch = layout["row_pitch_pt"]
    for entry in layout["candidates"]:
        x0, y0, x1, y1 = entry["name_box_pt"]
        assert entry["page"] == 1
        # the name's row, from the end of its number to the end of the box (plus slack)
        top, bottom = round((y0 - (pitch - (y1 - y0)) / 2 + 0.5) * SCALE), round(y1 * SCALE)
        row = ink[
            top : round((y0 + y1 + pitch) / 2 * SCALE), round(x0 * SCALE) : round((x1 + 8) * SCALE)
        ]
        inside = ink[round(y0 * SCALE) : bottom, round(x0 * SCALE) : round(x1 * SCALE)]
        assert inside.sum() > 0, entry
        assert row.sum() == inside.sum(), f"ink of {entry['id']} outside its name box"
        assert x1 <= layout["page_size_pt"][0]
        assert y1 <= layout["marks_zone_pt"][3]


def test_the_markers_are_where_the_layout_says(strike_doc: dict[str, Any]) -> None:
    layout = layout_for(strike_doc, "A5")
    page = _pages(render_ballots_pdf(strike_doc, paper="A5"))[0]
    half = layout["fiducial_size_pt"] / 2
    for cx, cy in layout["fiducials_pt"]:
        assert page[round(cy * SCALE), round(cx * SCALE)] < 50
        for dx, dy in ((-1, 0), (1, 0), (0, -1), (0, 1)):
            x, y = cx + dx * (half + 2), cy + dy * (half + 2)
            assert page[round(y * SCALE), round(x * SCALE)] > 200


def test_the_agree_disagree_form_has_two_boxes_per_name(agree_doc: dict[str, Any]) -> None:
    layout = layout_for(agree_doc)
    assert layout["form"] == "agree_disagree"
    page = _pages(render_ballots_pdf(agree_doc))[0]
    for entry in layout["candidates"]:
        for key in ("agree_box_pt", "disagree_box_pt"):
            x0, y0, x1, y1 = entry[key]
            assert page[round((y0 + y1) / 2 * SCALE), round(x0 * SCALE)] < 128  # left edge
            assert page[round((y0 + y1) / 2 * SCALE), round((x0 + x1) / 2 * SCALE)] > 200
    assert "Không đồng ý" in _text(render_ballots_pdf(agree_doc))


def test_the_election_code_changes_with_anything_printed(strike_doc: dict[str, Any]) -> None:
    code = election_code(strike_doc)
    assert len(code) == 12
    assert int(code, 16) >= 0
    renamed = {
        **strike_doc,
        "candidates": [*strike_doc["candidates"][:-1], {"id": "7", "name": "X"}],
    }
    assert election_code(renamed) != code
    assert election_code({**strike_doc, "round": "further"}) != code
    assert election_code({**strike_doc, "ballots": [{"kept": ["1"]}]}) == code


def test_too_many_names_for_the_paper_is_a_clear_error() -> None:
    doc = election([f"Người Thứ {i}" for i in range(400)], 10)
    with pytest.raises(BallotInputError, match="do not fit"):
        layout_for(doc, "A5")
