"""Rules of the electoral list (QĐ 190-QĐ/TW art. 14; QĐ 244-QĐ/TW art. 17)."""

from __future__ import annotations

import pytest

from daihoi.congress import actions
from daihoi.congress.models import CandidateSource, Election, ElectionStatus, WorkingBodyKind
from tests.conftest import Cast
from tests.congress.conftest import Hall, everyone_present


def _election(hall: Hall, cast: Cast, seats: int, names: int) -> Election:
    return actions.do_create_election(hall.congress, acting_user=cast.ward_office,
                                      title="Bầu Ban Chấp hành", seats=seats,
                                      names=[m.full_name for m in hall.members[:names]])


def test_committee_list_needs_a_surplus(hall: Hall, cast: Cast) -> None:
    election = _election(hall, cast, seats=3, names=3)
    with pytest.raises(actions.CongressError, match="số dư"):
        actions.do_approve_list(election, acting_user=cast.ward_office)


def test_surplus_above_the_limit_is_refused(hall: Hall, cast: Cast) -> None:
    # 7 seats: at most 30% surplus, i.e. 2 extra names; 10 names is too many.
    election = _election(hall, cast, seats=7, names=9)
    actions.do_add_candidate(election, acting_user=cast.ward_office,
                             full_name=hall.members[9].full_name)
    with pytest.raises(actions.CongressError, match="vượt quá số dư"):
        actions.do_approve_list(election, acting_user=cast.ward_office)


def test_a_list_too_long_from_the_start_creates_no_election(hall: Hall, cast: Cast) -> None:
    # QĐ 190-QĐ/TW art. 11: "số dư ... không quá 30% so với số lượng được bầu"; 7 seats allow
    # 2 extra names, so 10 names from the plan are refused before anything is created.
    with pytest.raises(actions.CongressError, match="vượt quá số dư"):
        _election(hall, cast, seats=7, names=10)
    assert not Election.objects.exists()
    assert actions.seats_that_fit(hall.congress, body="committee", n_names=10) == [8, 9, 10]


def test_approved_list_is_numbered_in_ballot_order(hall: Hall, cast: Cast) -> None:
    election = _election(hall, cast, seats=3, names=4)
    actions.do_approve_list(election, acting_user=cast.ward_office)
    names = list(election.candidates.order_by("number").values_list("full_name", flat=True))
    # Given names Bình, Cúc, Dũng, Đào: B C D Đ.
    assert names == ["Hoàng Văn Bình", "Nông Thị Cúc", "Lương Văn Dũng", "Vi Thị Đào"]
    election.refresh_from_db()
    assert election.status == ElectionStatus.COUNTING


def test_floor_nominee_needs_more_than_thirty_percent_of_those_attending(
        hall: Hall, cast: Cast) -> None:
    everyone_present(hall.congress, except_=1)  # 10 attending
    election = _election(hall, cast, seats=3, names=4)
    with pytest.raises(actions.CongressError, match="chưa quá 30%"):
        actions.do_add_candidate(election, acting_user=cast.ward_office,
                                 full_name="Bế Văn Phúc", source=CandidateSource.FLOOR,
                                 supporters=3)
    cand = actions.do_add_candidate(election, acting_user=cast.ward_office,
                                    full_name="Bế Văn Phúc", source=CandidateSource.FLOOR,
                                    supporters=4)
    assert cand.supporters == 4


def test_withdrawal_needs_the_congress_decision(hall: Hall, cast: Cast) -> None:
    election = _election(hall, cast, seats=3, names=4)
    actions.do_add_candidate(election, acting_user=cast.ward_office,
                             full_name=hall.members[4].full_name)
    cand = election.candidates.first()
    assert cand is not None
    with pytest.raises(actions.CongressError):
        actions.do_withdraw_candidate(cand, acting_user=cast.ward_office, decision=" ")
    actions.do_withdraw_candidate(cand, acting_user=cast.ward_office,
                                  decision="Đại hội biểu quyết đồng ý 10/10")
    actions.do_approve_list(election, acting_user=cast.ward_office)
    assert election.candidates.filter(number__isnull=False).count() == 4


def test_counting_board_member_cannot_be_a_candidate(hall: Hall, cast: Cast) -> None:
    board = list(hall.congress.attendees.filter(full_name="Bế Văn Phúc"))
    actions.do_set_working_body(hall.congress, acting_user=cast.ward_office,
                                body=WorkingBodyKind.COUNTING_BOARD, attendees=board)
    election = _election(hall, cast, seats=3, names=4)
    with pytest.raises(actions.CongressError, match="Ban kiểm phiếu"):
        actions.do_add_candidate(election, acting_user=cast.ward_office,
                                 member=board[0].member)


def test_a_candidate_cannot_join_the_counting_board(hall: Hall, cast: Cast) -> None:
    _election(hall, cast, seats=3, names=4)
    candidate = list(hall.congress.attendees.filter(full_name="Hoàng Văn Bình"))
    with pytest.raises(actions.CongressError, match="không được là người trong danh sách"):
        actions.do_set_working_body(hall.congress, acting_user=cast.ward_office,
                                    body=WorkingBodyKind.COUNTING_BOARD, attendees=candidate)


def test_show_of_hands_cannot_exceed_those_present(hall: Hall, cast: Cast) -> None:
    everyone_present(hall.congress, except_=1)
    item = actions.do_add_agenda_item(hall.congress, acting_user=cast.ward_office,
                                      title="Số lượng Ban Chấp hành", kind="number_to_elect")
    actions.do_record_show_of_hands(item, acting_user=cast.ward_office, votes_for=9,
                                    votes_against=1, votes_abstain=0)
    with pytest.raises(actions.CongressError):
        actions.do_record_show_of_hands(item, acting_user=cast.ward_office, votes_for=11,
                                        votes_against=0, votes_abstain=0)
