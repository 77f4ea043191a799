"""Congress-day fixtures: a ward members' congress with eleven official members."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest

from daihoi.accounts.models import User
from daihoi.congress import actions
from daihoi.congress.models import AttendanceStatus, Batch, CongressDay, Election
from daihoi.orgs.models import Member
from tests.conftest import Cast, Tree, make_member

NAMES = [
    "Hoàng Văn Bình", "Nông Thị Cúc", "Lương Văn Dũng", "Vi Thị Đào", "Triệu Văn Giang",
    "Lộc Thị Hằng", "Hà Văn Khánh", "Mạc Thị Liên", "Chu Văn Mạnh", "Đinh Thị Ngân",
    "Bế Văn Phúc",
]


@dataclass
class Hall:
    congress: CongressDay
    members: list[Member]


@pytest.fixture
def hall(tree: Tree, cast: Cast) -> Hall:
    people = [make_member(tree.branch_a if i % 2 else tree.branch_b, n, female="Thị" in n)
              for i, n in enumerate(NAMES)]
    congress = actions.do_create_congress(
        acting_user=cast.ward_office, organization=tree.ward, title="Đại hội Đảng bộ phường Một",
        held_on=dt.date(2010, 5, 20), rules="party-2024")
    return Hall(congress, people)


def everyone_present(congress: CongressDay, *, except_: int = 0,
                     status: str = AttendanceStatus.ABSENT_APPROVED) -> None:
    rows = list(congress.attendees.order_by("id"))
    for i, a in enumerate(rows):
        a.status = status if i < except_ else AttendanceStatus.PRESENT
        a.save()


def voting_election(hall: Hall, cast: Cast, *, seats: int = 3, names: int = 4) -> Election:
    everyone_present(hall.congress, except_=1)
    election = actions.do_create_election(
        hall.congress, acting_user=cast.ward_office, title="Bầu Ban Chấp hành", seats=seats,
        names=[m.full_name for m in hall.members[:names]])
    actions.do_approve_list(election, acting_user=cast.ward_office)
    actions.do_assign_counters(election, acting_user=cast.ward_office,
                               users=[cast.counter, cast.counter2])
    actions.do_set_ballot_totals(election, acting_user=cast.ward_office, issued=10)
    return election


def key_batch(election: Election, clerk: User, ballots: list[str],
              batch: Batch | None = None) -> Batch:
    entry = actions.do_open_entry(election, acting_user=clerk, batch=batch)
    for i, text in enumerate(ballots, 1):
        actions.do_key_ballot(entry, acting_user=clerk, position=i, text=text,
                              key=f"{entry.pk}-{i}")
    return actions.do_submit_entry(entry, acting_user=clerk)
