"""One test per rule of the regulations, each citing the article it checks.

QĐ 190-QĐ/TW (2024) art. 15 = QĐ 244-QĐ/TW (2014) art. 17: ballots and their validity.
QĐ 190 art. 30 = QĐ 244 art. 32: who is elected and the base (khoản 2 members, khoản 3
delegates). Quy định 24-QĐ/TW is not the source of the base (superseded by 232, then 294).
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from daihoi.election import FormatError, parse_election, tally
from daihoi.election.count import percent_of
from daihoi.election.rulebook import load_rulebook
from daihoi.election.testing import count, election_doc, rulebook_variant, votes_of

ONE = [{"id": "1", "name": "Hoàng Thị Lan"}]


# --- Ballots: QĐ 190 art. 15 (QĐ 244 art. 17) ---------------------------------------------


def test_art15_strike_out_ballot_keeping_at_most_seats_names_is_valid() -> None:
    result = count(ballots=[{"kept": ["1", "2", "3"]}, {"kept": ["4"]}])
    assert (result.valid, result.invalid) == (2, 0)
    assert votes_of(result) == {"1": 1, "2": 1, "3": 1, "4": 1}


def test_art15_ballot_keeping_more_names_than_seats_is_invalid() -> None:
    result = count(ballots=[{"kept": ["1", "2", "3", "4"]}])
    assert result.invalid_by_reason == (("too_many_kept", 1),)
    assert votes_of(result) == {"1": 0, "2": 0, "3": 0, "4": 0}


def test_art15_ballot_with_every_name_struck_is_invalid() -> None:
    result = count(ballots=[{"kept": []}])
    assert result.invalid_by_reason == (("all_struck", 1),)


def test_art15_ballot_not_issued_by_the_counting_board_is_invalid() -> None:
    result = count(ballots=[{"defect": "not_issued"}, {"kept": ["1"]}])
    assert result.invalid_by_reason == (("not_issued", 1),)
    assert (result.valid, result.invalid) == (1, 1)


def test_art15_extra_marks_and_written_in_names_are_invalid_to_verify() -> None:
    """Extra writing and names written in: invalid in practice (rules.md: to verify)."""
    result = count(ballots=[{"defect": "other_mark"}, {"defect": "write_in"}])
    assert dict(result.invalid_by_reason) == {"other_mark": 1, "write_in": 1}
    rb = load_rulebook("party-2024")
    assert rb.rule("other_mark_invalid").confidence == "to_verify"
    assert rb.rule("write_in_invalid").confidence == "to_verify"


def test_art15_agree_is_a_vote_disagree_both_none_are_not_and_the_ballot_stays_valid() -> None:
    cands = [{"id": "1", "name": "Hoàng Thị Lan"}, {"id": "2", "name": "Vi Thị Hoa"}]
    ballots = [
        {"marks": {"1": "agree", "2": "disagree"}},
        {"marks": {"1": "both", "2": "agree"}},
        {"marks": {"1": "none"}},  # candidate 2 missing: none
    ]
    result = count(seats=2, candidates=cands, ballots=ballots)
    assert votes_of(result) == {"1": 1, "2": 1}
    assert (result.valid, result.invalid) == (3, 0)


def test_art15_single_candidate_ballot_needs_exactly_one_box() -> None:
    ballots = [{"marks": {"1": "agree"}}, {"marks": {"1": "both"}}, {"marks": {}}]
    result = count(seats=1, candidates=ONE, ballots=ballots)
    assert result.invalid_by_reason == (("no_choice", 2),)
    assert votes_of(result) == {"1": 1}


# --- Who is elected: QĐ 190 art. 30 (QĐ 244 art. 32), Quy định 24 §9.3 ------------------------


def test_art30_worked_example_11_members_1_absent_with_reason_base_10_needs_6() -> None:
    """The regulation's example: 11 members, 1 absent with reason: base 10, 6 needed, 5 fail."""
    cands = [{"id": "1", "name": "Hoàng Thị Lan"}, {"id": "2", "name": "Nông Văn Minh"}]
    roster = {"convened": 11, "excluded": 1}
    six = count(
        seats=1,
        candidates=cands,
        roster=roster,
        ballots=[{"kept": ["1"]}] * 6 + [{"kept": ["2"]}] * 4,
    )
    assert (six.base, six.min_votes, six.elected) == (10, 6, ("1",))
    five = count(
        seats=1,
        candidates=cands,
        roster=roster,
        ballots=[{"kept": ["1"]}] * 5 + [{"kept": ["2"]}] * 5,
    )
    assert (five.base, five.min_votes, five.elected) == (10, 6, ())
    assert five.status == "seats_unfilled"


def test_art30_exactly_half_is_not_more_than_half() -> None:
    result = count(ballots=[{"kept": ["1"]}] * 5)  # base 10
    assert result.elected == ()
    assert result.status == "seats_unfilled"


def test_art30_base_is_the_roster_not_the_ballots_collected() -> None:
    """Quy định 24 §9.3: convened less those excluded; 7 ballots do not make the base 7."""
    result = count(ballots=[{"kept": ["1", "2"]}] * 4 + [{"kept": ["3"]}] * 3)
    assert result.base == 10
    assert result.elected == ()


@pytest.mark.parametrize("rules", ["trade-union", "youth-union"])
def test_union_guidance_base_is_the_ballots_collected(rules: str) -> None:
    result = count(rules=rules, ballots=[{"kept": ["1", "2"]}] * 4 + [{"kept": ["3"]}] * 3)
    assert (result.base, result.min_votes) == (7, 4)
    assert result.elected == ("1", "2")


def test_art30_more_qualifiers_than_seats_most_votes_first_ties_in_input_order() -> None:
    ballots = [{"kept": ["4", "3", "2"]}] * 7 + [{"kept": ["4", "1"]}] * 3
    result = count(roster={"convened": 10}, ballots=ballots)
    # 4: 10 votes; 2 and 3: 7 each (input order 2 before 3); 1: 3.
    assert result.elected == ("4", "2", "3")
    assert result.status == "complete"


def test_art30_equal_votes_at_the_last_seat_need_a_tie_revote() -> None:
    ballots = [{"kept": ["1", "2"]}] * 3 + [{"kept": ["1", "3"]}] * 3
    result = count(seats=2, roster={"convened": 5}, ballots=ballots)  # 3 votes needed
    assert result.elected == ("1",)
    assert result.tied is not None
    assert (result.tied.ids, result.tied.seats) == (("2", "3"), 1)
    assert (result.status, result.unfilled) == ("tie_revote_required", 0)


def test_art30_tie_revote_waives_the_majority_under_party_rules_to_verify() -> None:
    cands = [{"id": "2", "name": "Nông Văn Minh"}, {"id": "3", "name": "Lương Văn Tài"}]
    ballots = [{"kept": ["3"]}] * 3 + [{"kept": ["2"]}] * 2
    result = count(round="tie_revote", seats=1, candidates=cands, ballots=ballots)
    assert result.min_votes is None
    assert result.elected == ("3",)  # 3 of base 10 is not a majority, yet most votes wins
    assert load_rulebook("party-2024").rule("tie_revote_needs_majority").confidence == "to_verify"


def test_art30_tie_revote_tied_again_leaves_the_decision_to_the_congress() -> None:
    cands = [{"id": "2", "name": "Nông Văn Minh"}, {"id": "3", "name": "Lương Văn Tài"}]
    ballots = [{"kept": ["3"]}] * 2 + [{"kept": ["2"]}] * 2
    result = count(round="tie_revote", seats=1, candidates=cands, ballots=ballots)
    assert result.status == "tie_revote_required"


def test_trade_union_tie_revote_still_needs_a_majority_to_verify() -> None:
    cands = [{"id": "2", "name": "Nông Văn Minh"}, {"id": "3", "name": "Lương Văn Tài"}]
    ballots = [{"kept": ["3"]}] * 2 + [{"kept": ["2"]}] * 2 + [{"defect": "write_in"}]
    result = count(
        rules="trade-union", round="tie_revote", seats=1, candidates=cands, ballots=ballots
    )
    assert (result.base, result.min_votes, result.elected) == (5, 3, ())


def test_art30_further_round_keeps_the_majority() -> None:
    result = count(round="further", ballots=[{"kept": ["1"]}] * 6)
    assert (result.min_votes, result.elected, result.unfilled) == (6, ("1",), 2)


def test_alternates_are_ranked_by_votes() -> None:
    ballots = [{"kept": ["3", "1"]}] * 6 + [{"kept": ["3", "2"]}] * 3 + [{"kept": ["1", "2"]}]
    result = count(body="alternate_delegates", seats=2, roster={"convened": 10}, ballots=ballots)
    assert result.elected == ("3", "1")  # 9 votes: first alternate; 7: second
    assert "dự khuyết, xếp thứ 1" in result.candidates[2].explanation[0]


def test_percent_is_decimal_rounded_half_up_to_two_places() -> None:
    assert percent_of(1, 800) == Decimal("0.13")  # 0.125: half up, not to even
    assert percent_of(5, 11) == Decimal("45.45")
    assert percent_of(2, 3) == Decimal("66.67")
    assert percent_of(0, 0) == Decimal("0.00")
    assert isinstance(count().candidates[0].percent, Decimal)


# --- Explanations for the minutes ---------------------------------------------------------


def test_explanation_of_a_candidate_who_falls_short_names_the_votes_needed() -> None:
    cands = [{"id": "2", "name": "Nông Văn Minh"}, {"id": "3", "name": "Lương Văn Tài"}]
    result = count(
        seats=1,
        candidates=cands,
        roster={"convened": 11},
        ballots=[{"kept": ["2"]}] * 5 + [{"kept": ["3"]}] * 6,
    )
    assert result.candidates[0].explanation == (
        "Nông Văn Minh: 5 phiếu, 45,45% so với tổng số (11); "
        "không trúng cử vì chưa quá một nửa (cần ít nhất 6 phiếu)",
    )
    assert "trúng cử, xếp thứ 1" in result.candidates[1].explanation[0]


def test_explanation_of_an_invalid_ballot_cites_the_article() -> None:
    result = count(ballots=[{"kept": ["1"]}, {"kept": ["1", "2", "3", "4"]}])
    (bad,) = result.invalid_ballots
    assert bad.index == 1
    assert bad.explanation.startswith("Phiếu thứ 2: không hợp lệ vì phiếu để lại 4 tên")
    assert "Điều 15, QĐ 190-QĐ/TW" in bad.explanation


# --- Warnings --------------------------------------------------------------------------------


def test_inconsistent_figures_are_warned_not_hidden() -> None:
    result = count(
        roster={"convened": 2, "excluded": 3}, ballots_issued=1, ballots=[{"kept": ["1"]}] * 2
    )
    text = " ".join(result.warnings)
    assert "thu vào (2) nhiều hơn số phiếu phát ra (1)" in text
    assert "(3) lớn hơn số được triệu tập (2)" in text
    assert result.base == 0


def test_surplus_over_the_limit_is_a_warning_on_a_committee_list() -> None:
    cands = [{"id": str(i), "name": f"Vi Văn Hùng {i}"} for i in range(6)]
    result = count(candidates=cands)  # 3 seats, 6 names: over the 1 extra of a small body
    assert any("vượt quá số dư cho phép" in w for w in result.warnings)


def test_committee_list_without_surplus_is_a_warning() -> None:
    cands = [{"id": "1", "name": "Hoàng Thị Lan"}]
    result = count(seats=1, candidates=cands)
    assert any("phải có số dư" in w for w in result.warnings)


def test_a_defect_the_rulebook_does_not_invalidate_cannot_be_counted() -> None:
    """A rulebook that does not void a marked ballot counts what the ballot says: the board
    enters the names kept, not a defect."""
    lenient = rulebook_variant(new_id="lenient", other_mark_invalid=False)
    election = parse_election(election_doc(ballots=[{"defect": "other_mark"}]))
    with pytest.raises(FormatError) as err:
        tally(election, lenient)
    assert err.value.problems[0].startswith("ballots[0].defect: rulebook lenient")
