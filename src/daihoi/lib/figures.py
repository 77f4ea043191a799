"""Figures of people that several parts of the product report: shares and ages."""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal


def percent(part: int, whole: int) -> Decimal:
    """``part`` of ``whole`` in percent, one decimal, rounded half up; 0.0 of nothing."""
    if whole <= 0:
        return Decimal("0.0")
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.1"), ROUND_HALF_UP)


def age_on(born: dt.date, day: dt.date) -> int:
    """Age in whole years on ``day``."""
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))
