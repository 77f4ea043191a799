"""A small world for the audit tests: the cast and members on the log, a campaign, a congress
whose election was keyed twice and certified, all through the actions."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from daihoi.accounts.models import User
from daihoi.audit.log import record
from daihoi.campaigns.models import Campaign
from daihoi.congress import actions
from daihoi.congress.models import AttendanceStatus, Batch, Election, Entry
from daihoi.orgs.models import Member
from tests.campaigns.helpers import make_campaign
from tests.conftest import Cast, Tree, make_member

NAMES = ["Hoàng Văn Bình", "Nông Thị Cúc", "Lương Văn Dũng", "Vi Thị Đào", "Triệu Văn Giang"]
BALLOTS = ["1", "2", "3", "1", "2", "3 1"]


@dataclass
class World:
    members: list[Member]
    campaign: Campaign
    election: Election
    batch: Batch
    entries: list[Entry]


def log_the_fixtures() -> None:
    """The shared fixtures write rows directly; put them on the log as a loader would."""
    record(acting_user=None, action="test.fixtures", object_type="test",
           also=[User.objects.all(), Member.objects.all()])


def counting_election(tree: Tree, cast: Cast) -> tuple[list[Member], Election]:
    """An election whose list is approved, clerks assigned, ballots issued: ready to key."""
    members = [make_member(tree.branch_a, n, female="Thị" in n) for n in NAMES]
    log_the_fixtures()
    congress = actions.do_create_congress(
        acting_user=cast.ward_office, organization=tree.ward, title="Đại hội phường Một",
        held_on=dt.date(2010, 5, 20), rules="party-2024")
    congress.attendees.update(status=AttendanceStatus.PRESENT)
    election = actions.do_create_election(
        congress, acting_user=cast.ward_office, title="Bầu đại biểu", seats=2, body="delegates",
        names=[m.full_name for m in members[:3]])
    actions.do_approve_list(election, acting_user=cast.ward_office)
    actions.do_assign_counters(election, acting_user=cast.ward_office,
                               users=[cast.counter, cast.counter2])
    actions.do_set_ballot_totals(election, acting_user=cast.ward_office, issued=len(BALLOTS))
    return members, election


def build_world(tree: Tree, cast: Cast) -> World:
    members, election = counting_election(tree, cast)
    campaign = make_campaign(tree.city)
    batch = None
    for clerk in (cast.counter, cast.counter2):
        entry = actions.do_open_entry(election, acting_user=clerk, batch=batch)
        for i, text in enumerate(BALLOTS, 1):
            actions.do_key_ballot(entry, acting_user=clerk, position=i, text=text,
                                  key=f"{clerk.pk}-{i}")
        batch = actions.do_submit_entry(entry, acting_user=clerk)
    assert batch is not None
    actions.do_certify_election(election, acting_user=cast.ward_office)
    election.refresh_from_db()
    return World(members, campaign, election, batch, list(batch.entries.order_by("id")))
