"""Rules of the electoral list, before the vote (QĐ 190-QĐ/TW; QĐ 244-QĐ/TW)."""

from __future__ import annotations

import pytest

from daihoi.election import (
    Candidate,
    ballot_form,
    ballot_order,
    check_surplus,
    load_rulebook,
    needs_surplus,
    nominee_admitted,
)
from daihoi.lib.vietnamese import sort_names

PARTY = load_rulebook("party-2024")


def test_list_surplus_at_most_30_percent_of_seats() -> None:
    """Số dư không quá 30% số lượng cần bầu (QĐ 190; rules.md: confirmed)."""
    assert check_surplus(10, 13, PARTY) == []
    (problem,) = check_surplus(10, 14, PARTY)
    assert "không được quá 30%" in problem
    assert check_surplus(20, 26, PARTY) == []
    assert check_surplus(20, 27, PARTY) != []


def test_list_small_body_of_3_to_5_takes_at_most_one_extra_to_verify() -> None:
    for seats in (3, 4, 5):
        assert check_surplus(seats, seats + 1, PARTY) == []
        (problem,) = check_surplus(seats, seats + 2, PARTY)
        assert "từ 3 đến 5 thành viên" in problem
    assert PARTY.rule("small_body_max_extra").confidence == "to_verify"


def test_list_with_fewer_candidates_than_seats_is_a_problem() -> None:
    assert "ít hơn số lượng cần bầu" in check_surplus(5, 4, PARTY)[0]
    with pytest.raises(ValueError, match="too few"):
        ballot_form(5, 4)


def test_committee_and_standing_committee_lists_need_a_surplus() -> None:
    assert needs_surplus("committee", PARTY)
    assert needs_surplus("standing_committee", PARTY)
    assert not needs_surplus("delegates", PARTY)


def test_art14_floor_nominee_needs_more_than_30_percent_of_those_attending() -> None:
    """QĐ 190 art. 14: admitted only with support of more than 30% of those attending."""
    assert not nominee_admitted(30, 100, PARTY)
    assert nominee_admitted(31, 100, PARTY)
    assert not nominee_admitted(3, 10, PARTY)
    assert nominee_admitted(4, 10, PARTY)
    assert load_rulebook("party-2014").rule("nominee_support_percent").confidence == "to_verify"
    with pytest.raises(ValueError, match="impossible"):
        nominee_admitted(11, 10, PARTY)


def test_art15_ballot_form_strike_out_with_surplus_agree_disagree_without() -> None:
    assert ballot_form(3, 4) == "strike_out"
    assert ballot_form(3, 3) == "agree_disagree"
    assert ballot_form(1, 1) == "agree_disagree"
    with pytest.raises(ValueError, match="at least 1"):
        ballot_form(0, 1)


def test_names_on_the_ballot_follow_vietnamese_order_of_the_given_name_to_verify() -> None:
    names = [
        "Vi Thị Hoa",
        "Hoàng Thị Lan",
        "Đỗ Văn Đạt",
        "Nông Văn Minh",
        "Lê Thị Ánh",
        "Bùi Văn Dũng",
        "Lương Văn An",
        "Trần Thị Ân",
    ]
    assert ballot_order(names) == [
        "Lương Văn An",
        "Lê Thị Ánh",
        "Trần Thị Ân",
        "Bùi Văn Dũng",
        "Đỗ Văn Đạt",
        "Vi Thị Hoa",
        "Hoàng Thị Lan",
        "Nông Văn Minh",
    ]
    assert ballot_order(names) == sort_names(names)
    cands = [Candidate("2", "Nông Văn Minh"), Candidate("1", "Vi Thị Hoa")]
    assert [c.id for c in ballot_order(cands)] == ["1", "2"]
    assert PARTY.rule("ballot_order").confidence == "to_verify"
