"""The reader on ballots marked by the second, independent pen model (daihoi.ballots.pen):
hand strokes as people draw them are read, marks a person must judge never are."""

from __future__ import annotations

import random
from typing import Any

import pytest

from daihoi.ballots import pen, read_image

DPI = 200


def _marked(doc: dict[str, Any], marks: dict[str, str], seed: int) -> tuple[Any, dict[str, Any]]:
    return pen.ballot(doc, "A4", DPI, random.Random(seed), marks)


@pytest.mark.parametrize("kind", pen.PLAIN)
def test_a_hand_strike_is_read_whether_sloped_wavy_low_high_or_long(
        strike_doc: dict[str, Any], kind: str) -> None:
    image, truth = _marked(strike_doc, {"2": kind, "5": kind, "7": "straight"}, seed=3)
    result = read_image(image, strike_doc)
    assert result["status"] == "read", result
    assert result["kept"] == truth["kept"] == ["1", "3", "4", "6"]


def test_a_cross_over_a_name_is_a_strike_reported_as_a_cross(strike_doc: dict[str, Any]) -> None:
    image, _ = _marked(strike_doc, {"3": "cross", "6": "straight"}, seed=5)
    result = read_image(image, strike_doc)
    assert result["status"] == "read", result
    assert result["kept"] == ["1", "2", "4", "5", "7"]
    assert result["strikes"]["3"] == "cross"


def test_a_second_strike_through_a_name_is_still_a_strike(strike_doc: dict[str, Any]) -> None:
    image, _ = _marked(strike_doc, {"4": "double", "1": "double"}, seed=8)
    result = read_image(image, strike_doc)
    assert result["status"] == "read", result
    assert result["kept"] == ["2", "3", "5", "6", "7"]


@pytest.mark.parametrize("seed", range(6))
def test_a_partial_stroke_is_never_read(strike_doc: dict[str, Any], seed: int) -> None:
    image, _ = _marked(strike_doc, {"2": "straight", "5": "partial"}, seed=seed)
    result = read_image(image, strike_doc)
    assert result["status"] == "review"
    assert any(r.endswith(":5") for r in result["reasons"])


@pytest.mark.parametrize("kind", ["underline", "circle"])
def test_an_underline_or_a_circle_sends_the_ballot_to_a_person(
        strike_doc: dict[str, Any], kind: str) -> None:
    image, _ = _marked(strike_doc, {"1": "straight", "6": kind}, seed=11)
    result = read_image(image, strike_doc)
    assert result["status"] == "review"
    assert any(r.endswith(":6") for r in result["reasons"])


def test_the_pen_model_knows_nothing_of_the_reader_nor_draws_with_the_first_generator() -> None:
    import inspect

    source = inspect.getsource(pen)
    for borrowed in ("ballots.marks", "ballots.read", "synth.strike", "synth.Pen", "polylines("):
        assert borrowed not in source
