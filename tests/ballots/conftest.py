"""A small cast of elections (invented names) and helpers to fill in their ballots."""

from __future__ import annotations

import random
from typing import Any

import numpy as np
import pytest

from daihoi.ballots import layout_for, synth

DPI = 200
NAMES = [
    "Hoàng Thị Lan",
    "Nông Văn Minh",
    "Lương Văn Tài",
    "Vi Thị Hoa",
    "Nguyễn Ngọc Ấn",
    "Đặng Quốc Thắng",
    "Trần Thị Quỳnh Nguyệt",
]


def election(names: list[str], seats: int) -> dict[str, Any]:
    return {
        "format": "daihoi-election/1",
        "rules": "party-2024",
        "body": "committee",
        "round": "first",
        "seats": seats,
        "candidates": [{"id": str(i + 1), "name": n} for i, n in enumerate(names)],
        "roster": {"convened": 40, "excluded": 0},
        "ballots_issued": 40,
        "ballots": [],
    }


@pytest.fixture(scope="session")
def strike_doc() -> dict[str, Any]:
    return election(NAMES, 5)


@pytest.fixture(scope="session")
def agree_doc() -> dict[str, Any]:
    return election(NAMES[:3], 3)


class Ballot:
    """A ballot being filled in: the image, its layout and a steady pen."""

    def __init__(self, doc: dict[str, Any], paper: str = "A4", stamped: bool = True) -> None:
        self.doc = doc
        self.layout = layout_for(doc, paper)
        self.image = synth.blank(doc, paper, DPI)
        self.rng = random.Random(7)
        if stamped:
            synth.stamp(self.image, self.layout, DPI, self.rng)
        self.pen = synth.Pen(self.image, DPI, self.rng)
        self.pen.width_pt = 1.4
        self.pen.color = (150, 40, 20)
        self.size = float(self.layout["font_size_pt"])

    def entry(self, cid: str) -> dict[str, Any]:
        return next(c for c in self.layout["candidates"] if c["id"] == cid)

    def strike(self, cid: str, start: float = -0.03, end: float = 1.03, **kw: Any) -> None:
        synth.strike(self.pen, self.entry(cid), self.size, start, end, **kw)

    def copy(self) -> np.ndarray:
        return self.image.copy()


@pytest.fixture
def ballot(strike_doc: dict[str, Any]) -> Ballot:
    return Ballot(strike_doc)


@pytest.fixture
def agree_ballot(agree_doc: dict[str, Any]) -> Ballot:
    return Ballot(agree_doc)
