"""The calibration kit: ballots that say how to mark them, read back against what they say
(``daihoi ballots calibrate-kit`` and ``daihoi ballots calibrate``)."""

from __future__ import annotations

import json
import random
from pathlib import Path
from typing import Any

import cv2
import numpy as np
import pypdfium2 as pdfium
import pytest
from typer.testing import CliRunner

from daihoi.ballots import calibrate, layout_for, pen, read_image
from daihoi.ballots.raster import page_to_bgr
from daihoi.cli.main import _register, app

_register()
runner = CliRunner()
DPI = 200


def _kit_pages(doc: dict[str, Any], sheets: int, obey: bool = True) -> list[np.ndarray]:
    """The kit printed, marked by hand as each sheet asks (or a partial line read as a full
    one when ``obey`` is false), and scanned."""
    pdf = pdfium.PdfDocument(calibrate.render_kit_pdf(doc, sheets=sheets))
    layout = layout_for(doc)
    size = float(layout["font_size_pt"])
    pages = []
    for i, marks in enumerate(calibrate.plan(doc, sheets)):
        image = page_to_bgr(pdf[i], DPI)
        rng = random.Random(i)
        pen.stamp(image, layout, DPI, rng)
        hand = pen.Hand(image, DPI, rng, pen.Pen("ballpoint", "blue", 1.0, 0.0, 0.1))
        for entry in layout["candidates"]:
            kind = marks.get(entry["id"])
            if kind:
                pen.mark(hand, entry, size, kind if obey or kind != "partial" else "straight")
        pages.append(image)
    return pages


@pytest.fixture(scope="module")
def kit(strike_doc: dict[str, Any]) -> list[np.ndarray]:
    return _kit_pages(strike_doc, 4)


def test_each_kit_ballot_says_in_its_code_how_it_is_to_be_marked(
        kit: list[np.ndarray], strike_doc: dict[str, Any]) -> None:
    for sheet, (image, marks) in enumerate(zip(kit, calibrate.plan(strike_doc, 4), strict=True), 1):
        assert calibrate.read_instruction(image, strike_doc) == (sheet, marks)
    kinds = {k for marks in calibrate.plan(strike_doc, 4) for k in marks.values()}
    assert kinds == set(calibrate.KINDS)  # every kind of mark is asked for


def test_the_instruction_is_printed_outside_where_marks_are_read(
        strike_doc: dict[str, Any]) -> None:
    pdf = pdfium.PdfDocument(calibrate.render_kit_pdf(strike_doc, sheets=2))
    blank = page_to_bgr(pdf[0], DPI)
    pen.stamp(blank, layout_for(strike_doc), DPI, random.Random(1))
    result = read_image(blank, strike_doc)  # an unmarked kit ballot reads as an unmarked ballot
    assert result["status"] == "read"
    assert result["kept"] == [c["id"] for c in strike_doc["candidates"]]


def test_the_report_counts_each_kind_of_mark_and_shows_every_miss(
        kit: list[np.ndarray], strike_doc: dict[str, Any]) -> None:
    report = calibrate.calibrate([(f"scan-{i}.png", p) for i, p in enumerate(kit, 1)], strike_doc)
    assert not report.unreadable
    for kind in calibrate.JUDGED:  # a person always looks at these
        assert report.counts[kind]["wrong"] == 0
        assert report.counts[kind]["right"] >= 1
    assert sum(row["wrong"] for row in report.counts.values()) == 0
    page = calibrate.report_html(report, strike_doc)
    assert "gạch chéo (dấu X)" in page
    assert "<script" not in page
    assert page.count("data:image/png;base64,") == len(report.misses)


def test_calibrate_kit_and_calibrate_from_the_command_line(
        tmp_path: Path, strike_doc: dict[str, Any], kit: list[np.ndarray]) -> None:
    election = tmp_path / "election.json"
    election.write_text(json.dumps(strike_doc, ensure_ascii=False), encoding="utf-8")
    result = runner.invoke(app, ["ballots", "calibrate-kit", str(election), "--out",
                                 str(tmp_path / "kit.pdf"), "--sheets", "4"])
    assert result.exit_code == 0, result.output
    assert len(pdfium.PdfDocument(str(tmp_path / "kit.pdf"))) == 4
    scans = tmp_path / "scans"
    scans.mkdir()
    for i, image in enumerate(kit, 1):
        cv2.imwrite(str(scans / f"kit-{i}.png"), image)
    result = runner.invoke(app, ["ballots", "calibrate", str(scans), "--election", str(election),
                                 "--out", str(tmp_path / "report.html")])
    assert result.exit_code == 0, result.output
    assert "Kết quả hiệu chỉnh" in (tmp_path / "report.html").read_text("utf-8")
