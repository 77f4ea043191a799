"""The rules as the regulations write them (December 2026 audit, ../shared/domain/rules-audit.md):
union and youth ballots, write-ins and other marks, further rounds, ties, citations, and the
2025–2030 texts. Each test quotes the words it checks; where no text was found, the test checks
that the rule says so."""

from __future__ import annotations

from typing import Any

import pytest

from daihoi.election import (
    FormatError,
    builtin_ids,
    check_surplus,
    explain,
    load_rulebook,
    parse_election,
    tally,
)
from daihoi.election.docs import render
from daihoi.election.testing import count, election_doc, rulebook_variant, votes_of

ONE = [{"id": "1", "name": "Hoàng Thị Lan"}]
TWO = [{"id": "1", "name": "Hoàng Thị Lan"}, {"id": "2", "name": "Nông Văn Minh"}]
UNIONS = ["trade-union", "youth-union"]


# --- Union and youth ballots ------------------------------------------------------------------


@pytest.mark.parametrize("rules", UNIONS)
def test_union_one_name_list_is_a_strike_out_ballot(rules: str) -> None:
    """Trade union: "Trường hợp danh sách bầu chỉ có 1 người thì việc gạch tên (ở phiếu in
    sẵn) là hợp lệ"; youth: "Phiếu không bầu ai (trừ trường hợp danh sách bầu có 1 người)".
    Striking the only name is a valid ballot with no vote; an untouched ballot is a vote."""
    result = count(rules=rules, seats=1, candidates=ONE,
                   ballots=[{"kept": ["1"]}] * 6 + [{"kept": []}] * 4)
    assert (result.valid, result.invalid) == (10, 0)
    assert votes_of(result) == {"1": 6}
    assert (result.base, result.min_votes, result.elected) == (10, 6, ("1",))


@pytest.mark.parametrize("rules", UNIONS)
def test_union_sole_candidate_is_not_failed_by_untouched_ballots(rules: str) -> None:
    """Under a base of the ballots collected, the former agree/disagree model counted an
    untouched ballot ("none") in the base but gave no vote, so a sole chair could fail. On the
    union's strike-out ballot an untouched ballot keeps the name: a vote."""
    result = count(rules=rules, seats=1, candidates=ONE, ballots=[{"kept": ["1"]}] * 3)
    assert result.elected == ("1",)


@pytest.mark.parametrize("rules", UNIONS)
def test_union_list_without_surplus_is_strike_out_and_striking_every_name_is_invalid(
        rules: str) -> None:
    """Spec: "A list with exactly as many candidates as seats is … strike-out under the
    trade-union and youth-union rulebooks"; striking every name is invalid except on a one-name
    list (youth: "Phiếu không bầu ai (trừ trường hợp danh sách bầu có 1 người)")."""
    result = count(rules=rules, seats=2, candidates=TWO,
                   ballots=[{"kept": ["1", "2"]}, {"kept": ["1"]}, {"kept": []}])
    assert votes_of(result) == {"1": 2, "2": 1}
    assert result.invalid_by_reason == (("all_struck", 1),)


@pytest.mark.parametrize("rules", UNIONS)
def test_an_agree_disagree_ballot_under_a_union_rulebook_is_malformed(rules: str) -> None:
    """Spec: "A ballot in the other form than its list's is malformed input"."""
    with pytest.raises(FormatError) as err:
        parse_election(election_doc(rules=rules, seats=1, candidates=ONE,
                                    ballots=[{"marks": {"1": "agree"}}]))
    assert err.value.problems == [
        f'ballots[0]: agree/disagree ballot on a strike-out list (1 candidates for 1 seat(s); '
        f'rulebook {rules} strikes names on every list): expected {{"kept": [...]}}'
    ]


def test_party_one_name_list_keeps_the_agree_disagree_form() -> None:
    """QĐ 244 Điều 17 khoản 1: "Trường hợp danh sách bầu không có số dư, phiếu bầu được chia
    làm 4 cột là: số thứ tự; họ và tên; đồng ý; không đồng ý"."""
    assert load_rulebook("party-2024").no_surplus_ballot_form == "agree_disagree"
    with pytest.raises(FormatError, match="strike-out ballot on a list without surplus"):
        parse_election(election_doc(seats=1, candidates=ONE, ballots=[{"kept": []}]))


def test_union_rules_without_a_source_say_so() -> None:
    for rules in UNIONS:
        rb = load_rulebook(rules)
        assert all(r.confidence == "to_verify" for r in rb.rules), rules
        for key in ("surplus_limit_percent", "nominee_support_percent", "small_body_max_extra"):
            assert "Không tìm thấy nguồn" in (rb.rule(key).note or ""), (rules, key)
    assert "16-HD/TWĐTN" not in load_rulebook("youth-union").regulation


# --- Write-ins and other marks ----------------------------------------------------------------


def test_a_write_in_ruled_invalid_by_the_board_is_explained_with_rule_and_confidence() -> None:
    """QĐ 190 Điều 8: the counting board "Xem xét và kết luận về các phiếu không hợp lệ"; which
    marks void a ballot is not confirmed in the text read (Điều 15's invalid list), so the
    explanation says so in plain words."""
    result = count(ballots=[{"kept": ["1"]}, {"defect": "write_in"}, {"defect": "other_mark"}])
    first = result.invalid_ballots[0].explanation
    assert first.startswith("Phiếu thứ 2: Ban kiểm phiếu kết luận không hợp lệ vì phiếu ghi "
                            "thêm tên người ngoài danh sách")
    assert "Điều 15 và Điều 8, QĐ 190-QĐ/TW (10/10/2024)" in first
    assert "chưa đối chiếu được với nguyên văn văn bản" in first
    assert "cần đối chiếu câu chữ" not in first


def test_the_minutes_get_invalid_ballots_by_reason_with_their_rule() -> None:
    result = count(ballots=[{"defect": "write_in"}, {"defect": "write_in"},
                            {"kept": ["1", "2", "3", "4"]}])
    by = {c.reason: c for c in result.invalid_counts}
    assert (by["write_in"].count, by["write_in"].confirmed) == (2, False)
    assert by["write_in"].label == "phiếu ghi thêm tên người ngoài danh sách"
    assert (by["too_many_kept"].count, by["too_many_kept"].confirmed) == (1, True)
    assert by["too_many_kept"].citation == "Điều 15, QĐ 190-QĐ/TW (10/10/2024)"


def test_a_rulebook_that_keeps_written_in_ballots_counts_their_names() -> None:
    """A congress whose copy of the regulation does not void a write-in sets
    ``write_in_invalid`` false: the board enters the names kept, and they count."""
    lenient = rulebook_variant(new_id="lenient", write_in_invalid=False)
    assert "write_in" not in lenient.invalid_defects
    election = parse_election(election_doc(rules="party-2024", ballots=[{"kept": ["1", "2"]}]))
    assert votes_of(tally(election, lenient)) == {"1": 1, "2": 1, "3": 0, "4": 0}


# --- Further rounds ---------------------------------------------------------------------------


def _unfilled(**fields: Any) -> Any:
    return count(**{"ballots": [{"kept": ["1"]}] * 6 + [{"kept": []}] * 4, **fields})


def test_delegates_second_round_is_automatic() -> None:
    """QĐ 244 Điều 20 khoản 2: "Bầu lần thứ nhất chưa đủ số lượng đại biểu thì bầu tiếp"."""
    result = _unfilled(rules="party-2014", body="delegates")
    assert result.next_step == "further_round"
    assert result.next_step_text == (
        "Còn 2 chỗ chưa bầu đủ: bầu tiếp (căn cứ: Điều 20 khoản 2, QĐ 244-QĐ/TW (9/6/2014))."
    )


def test_delegates_after_several_rounds_the_congress_decides() -> None:
    """QĐ 244 Điều 20 khoản 2: "Nếu bầu nhiều lần vẫn không đủ số lượng, có bầu tiếp hay không
    do đại hội quyết định. Danh sách bầu cử lần sau có giới thiệu bổ sung đại biểu ngoài danh
    sách bầu cử lần trước hay không do đại hội quyết định"."""
    result = _unfilled(rules="party-2014", body="delegates", round="further")
    assert result.next_step == "congress_decides_further_round"
    assert "đại hội quyết định có bầu tiếp hay không" in result.next_step_text
    assert "người ngoài danh sách lần trước" in result.next_step_text


def test_committee_further_round_is_the_congress_decision_and_flagged_unconfirmed() -> None:
    result = _unfilled(body="committee")
    assert result.next_step == "congress_decides_further_round"
    assert "chưa đối chiếu được với nguyên văn văn bản" in result.next_step_text
    assert any("Bầu cấp ủy" in note for note in result.rule_notes)


def test_youth_no_third_round() -> None:
    """Youth template: "Nếu Đại hội tiến hành bầu lần thứ hai mà vẫn thiếu số lượng định bầu
    thì không tiến hành bầu tiếp nữa" (local template: flagged)."""
    assert _unfilled(rules="youth-union").next_step == "congress_decides_further_round"
    result = _unfilled(rules="youth-union", round="further")
    assert result.next_step == "no_further_round"
    assert result.next_step_text.startswith("Còn 2 chỗ chưa bầu đủ: đã bầu 2 lần, không bầu "
                                            "tiếp nữa")
    assert "chưa đối chiếu được" in result.next_step_text


# --- Ties at the last seat --------------------------------------------------------------------


def _tie(**fields: Any) -> Any:
    # Base 10: Lan 8 elected; Minh and Tài 6 each for the last seat.
    ballots = [{"kept": ["1", "2"]}] * 4 + [{"kept": ["1", "3"]}] * 4 + [{"kept": ["2", "3"]}] * 2
    return count(**{"ballots": ballots, "seats": 2, **fields})


def test_tie_explanation_states_the_rule_and_its_confidence_in_plain_words() -> None:
    """No text of QĐ 190/244/220 on ties was found (audit, rule 3): the re-vote among the tied
    and the waived majority stay parameters "to verify", and the minutes say so."""
    result = _tie()
    assert result.next_step == "tie_revote"
    assert result.next_step_text == (
        "Bầu lại giữa những người bằng phiếu (Nông Văn Minh, Lương Văn Tài) (căn cứ: QĐ "
        "190-QĐ/TW (10/10/2024); chưa đối chiếu được với nguyên văn văn bản, đại hội cần đối "
        "chiếu với văn bản của mình); trong lần bầu lại, người nhiều phiếu hơn trúng cử, không "
        "cần quá một nửa (căn cứ: QĐ 190-QĐ/TW (10/10/2024); chưa đối chiếu được với nguyên văn "
        "văn bản, đại hội cần đối chiếu với văn bản của mình)."
    )
    rb = load_rulebook("party-2024")
    for key in ("tie_rule", "tie_revote_needs_majority"):
        assert rb.rule(key).confidence == "to_verify"


def test_tied_again_in_a_re_vote_the_congress_decides() -> None:
    result = count(round="tie_revote", seats=1, candidates=TWO,
                   ballots=[{"kept": ["1"]}, {"kept": ["2"]}])
    assert result.next_step == "congress_decides_tie"
    assert "đại hội quyết định có bầu lại giữa họ hay không" in result.next_step_text


def test_trade_union_tie_is_put_to_the_congress() -> None:
    """Old TLĐ guidance: "thì phải xin ý kiến đại hội quyết định bầu tiếp trong số những người
    có số phiếu ngang nhau" (secondary: flagged)."""
    result = _tie(rules="trade-union")
    assert result.status == "tie_revote_required"
    assert result.next_step == "congress_decides_tie"


# --- Citations --------------------------------------------------------------------------------


def test_printable_citations_carry_no_working_note_and_no_superseded_text() -> None:
    for rulebook_id in builtin_ids():
        for rule in load_rulebook(rulebook_id).rules:
            printable = rule.citation.printable
            assert "cần đối chiếu" not in printable, (rulebook_id, rule.key)
            assert "Quy định 24" not in printable, (rulebook_id, rule.key)
            assert "số điều" not in printable, (rulebook_id, rule.key)


def test_citations_point_at_the_articles_the_audit_found() -> None:
    """Base: QĐ 190 Điều 30, QĐ 244 Điều 32; surplus: QĐ 190 Điều 14 khoản 1 ("không quá 30%
    số lượng cần bầu"); nominee: Điều 14 khoản 3 ("từ hơn 30% tổng số đại biểu (đảng viên) dự
    đại hội"); counting by computer: Điều 8."""
    p24, p14 = load_rulebook("party-2024"), load_rulebook("party-2014")
    assert p24.rule("base").citation.printable == "Điều 30, QĐ 190-QĐ/TW (10/10/2024)"
    assert p14.rule("base").citation.printable == "Điều 32 khoản 2–3, QĐ 244-QĐ/TW (9/6/2014)"
    assert p24.rule("surplus_limit_percent").citation.article == "Điều 14 khoản 1"
    assert p24.rule("surplus_bodies").citation.article == "Điều 14 khoản 1"
    assert p24.rule("nominee_support_percent").citation.article == "Điều 14 khoản 3"
    assert p24.rule("counting_by_computer").citation.article == "Điều 8"
    titles = " ".join(d.title for d in load_rulebook("party-2009").documents)
    assert "Chỉ thị 37-CT/TW (04/8/2009)" in titles


def test_the_base_summary_names_every_exclusion_of_the_text() -> None:
    summary = load_rulebook("party-2024").rule("base").summary
    for words in ("bị khởi tố, truy tố, tạm giam", "có mặt, tham gia bầu cử thì vẫn tính",
                  "được cấp ủy triệu tập đại hội đồng ý", "cấp ủy viên cấp triệu tập",
                  "không có đại biểu dự khuyết thay thế"):
        assert words in summary


def test_rules_page_lists_every_rule_to_verify_in_one_table() -> None:
    page = render()
    assert page.count("## Rules to verify against your copy of the regulation") == 1
    for rulebook_id in builtin_ids():
        for rule in load_rulebook(rulebook_id).rules:
            row = f"| `{rulebook_id}` | `{rule.key}` = "
            assert (row in page) == (rule.confidence == "to_verify"), (rulebook_id, rule.key)


@pytest.mark.parametrize(("seats", "names"), [(1, 2), (2, 3)])
def test_one_and_two_seat_lists_get_no_contradictory_warnings(seats: int, names: int) -> None:
    """QĐ 190 Điều 14 khoản 1: the list "phải nhiều hơn số lượng cần bầu", the surplus "không
    quá 30%": 30% of 1 or 2 seats is less than one person, so one extra name is allowed
    (``surplus_at_least_one``, flagged: no text for this case)."""
    cands = [{"id": str(i), "name": f"Vi Văn Hùng {i}"} for i in range(names)]
    result = count(seats=seats, candidates=cands)
    assert not any("số dư" in w for w in result.warnings)
    assert check_surplus(seats, names + 1, load_rulebook("party-2024"))


# --- The 2025–2030 round ----------------------------------------------------------------------


def test_the_2024_rulebook_says_what_it_takes_from_the_2025_2030_texts() -> None:
    """Chỉ thị 45-CT/TW (14/4/2025) replaces 35-CT/TW; HD 04-HD/TW (31/12/2024) has sections
    on counting by computer (3) and the direct election of the secretary (8). Only headings
    were found: the rulebook says the texts are not available and takes no rule from them."""
    rb = load_rulebook("party-2024")
    directive = next(d for d in rb.documents if "Chỉ thị 45-CT/TW (14/4/2025)" in d.title)
    assert "35-CT/TW" in directive.title
    assert not directive.text_available
    guidance = next(d for d in rb.documents if "HD 04-HD/TW (31/12/2024)" in d.title)
    assert not guidance.text_available
    assert "bầu trực tiếp bí thư" in guidance.used_for
    assert rb.rule("direct_secretary_election").confidence == "to_verify"
    assert rb.rule("counting_by_computer").confidence == "confirmed"
    assert "HD 04-HD/TW" in rb.regulation


def test_explanation_lists_the_unconfirmed_rules_applied() -> None:
    lines = explain(_tie())
    notes = [line for line in lines if line.startswith("Quy tắc đã áp dụng, chưa đối chiếu được")]
    assert any("bầu lại giữa những người bằng phiếu" in line for line in notes)
