"""Rules of the electoral list, used before the vote: surplus, floor nominees, ballot form and
the order of names on the ballot."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TypeVar

from daihoi.election.model import BallotForm, Candidate
from daihoi.election.rulebook import Rulebook
from daihoi.lib.vietnamese import name_key

_Named = TypeVar("_Named", str, Candidate)


def ballot_form(seats: int, n_candidates: int, rulebook: Rulebook | None = None) -> BallotForm:
    """``strike_out`` when there are more candidates than seats; when equal, the rulebook's
    form (party: ``agree_disagree``, QĐ 190 Điều 15; trade union and youth union:
    ``strike_out``, even on a one-name list). Without a rulebook, the party form.

    Fewer candidates than seats (or no seat) is not a list one can vote on: ``ValueError``.
    """
    if seats < 1:
        raise ValueError(f"seats must be at least 1, not {seats}")
    if n_candidates < seats:
        raise ValueError(f"{n_candidates} candidate(s) for {seats} seat(s): too few candidates")
    if n_candidates > seats:
        return "strike_out"
    return rulebook.no_surplus_ballot_form if rulebook is not None else "agree_disagree"


def max_surplus(seats: int, rulebook: Rulebook) -> int:
    """The most extra names the rulebook allows on a list for ``seats`` seats."""
    small = rulebook.small_body
    if small is not None and small.min_seats <= seats <= small.max_seats:
        return small.max_extra
    # "Not more than 30% of the seats": extra * 100 <= seats * 30, in integers.
    cap = seats * rulebook.surplus_limit_percent // 100
    # A list that must have a surplus keeps at least one extra name even where 30% of the seats
    # is less than one person (1-3 seats): otherwise no list could satisfy both rules.
    return max(cap, 1) if rulebook.surplus_at_least_one else cap


def check_surplus(seats: int, n_candidates: int, rulebook: Rulebook) -> list[str]:
    """Problems (in Vietnamese) with a list of ``n_candidates`` for ``seats`` seats; [] if fine.

    Applies to the bodies the rulebook names in ``surplus_bodies`` (committee and standing
    committee under the party rules); whether such a list needs a surplus at all is the caller's
    question (see ``needs_surplus``).
    """
    if seats < 1:
        return [f"Số lượng cần bầu phải ít nhất là 1 (đang là {seats})."]
    if n_candidates < seats:
        return [f"Danh sách bầu cử có {n_candidates} người, ít hơn số lượng cần bầu ({seats})."]
    extra = n_candidates - seats
    allowed = max_surplus(seats, rulebook)
    if extra <= allowed:
        return []
    small = rulebook.small_body
    if small is not None and small.min_seats <= seats <= small.max_seats:
        why = (
            f"cơ quan có từ {small.min_seats} đến {small.max_seats} thành viên "
            f"chỉ được dư nhiều nhất {small.max_extra} người"
        )
    elif allowed > seats * rulebook.surplus_limit_percent // 100:
        why = (
            f"{rulebook.surplus_limit_percent}% của {seats} chưa tới một người, nên danh sách "
            f"chỉ được dư {allowed} người"
        )
    else:
        why = (
            f"số dư không được quá {rulebook.surplus_limit_percent}% số lượng cần bầu, "
            f"tức là nhiều nhất {allowed} người"
        )
    return [
        f"Danh sách bầu cử có {n_candidates} người cho {seats} chỗ (dư {extra} người): "
        f"vượt quá số dư cho phép; {why}."
    ]


def needs_surplus(body: str, rulebook: Rulebook) -> bool:
    """Whether a list for ``body`` must have more candidates than seats."""
    return body in rulebook.surplus_bodies


def nominee_admitted(supporters: int, attending: int, rulebook: Rulebook) -> bool:
    """A floor or self nominee enters the list only with the support of strictly more than
    ``nominee_support_percent`` (30%) of those attending."""
    if attending < 0 or supporters < 0:
        raise ValueError("supporters and attending cannot be negative")
    if supporters > attending:
        raise ValueError(f"{supporters} supporters out of {attending} attending: impossible")
    return supporters * 100 > attending * rulebook.nominee_support_percent


def ballot_order(names: Iterable[_Named]) -> list[_Named]:
    """Names (or candidates) in ballot order: Vietnamese collation of the given name, then the
    middle and family names (``daihoi.lib.vietnamese.name_key``)."""
    return sorted(names, key=lambda n: name_key(n if isinstance(n, str) else n.name))
