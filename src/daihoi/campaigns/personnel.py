"""The personnel plan's structure figures (women, under 35, minorities, new members),
computed from plain values with Decimal percentages."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

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


def percent(part: int, whole: int) -> Decimal:
    if whole <= 0:
        return Decimal("0.0")
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.1"), ROUND_HALF_UP)


def age_on(born: dt.date, day: dt.date) -> int:
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


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
