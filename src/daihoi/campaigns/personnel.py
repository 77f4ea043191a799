"""The personnel plan's structure figures (women, under 35, minorities, new members),
computed from plain values with Decimal percentages."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from daihoi.lib.figures import age_on, percent

MAJORITY_ETHNICITY = "Kinh"


@dataclass(frozen=True)
class Person:
    female: bool
    born: dt.date
    ethnicity: str
    new_to_committee: bool


@dataclass(frozen=True)
class Figure:
    key: str
    count: int
    percent: Decimal
    target: Decimal

    @property
    def meets_target(self) -> bool:
        return self.percent >= self.target


def structure(people: list[Person], on: dt.date, targets: dict[str, Decimal]) -> list[Figure]:
    """Figures over the committee names of a plan; ``on`` is the congress date (ages)."""
    counts = {
        "women": sum(p.female for p in people),
        "under35": sum(age_on(p.born, on) < 35 for p in people),
        "minorities": sum(p.ethnicity.strip() != MAJORITY_ETHNICITY for p in people),
        "new_members": sum(p.new_to_committee for p in people),
    }
    return [Figure(k, n, percent(n, len(people)), targets.get(k, Decimal(0)))
            for k, n in counts.items()]
