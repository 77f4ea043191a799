"""The roll-up costs the same number of queries for 2 congresses or 40."""

from __future__ import annotations

from typing import Any

from daihoi.campaigns.models import Campaign
from daihoi.orgs.models import OrgKind
from daihoi.reports import documents
from daihoi.reports.gather import rollup_for
from tests.conftest import Tree, make_member, make_org
from tests.reports.helpers import TODAY, build_world, certify, held, plan

MAX_QUERIES = 10


def _build(campaign: Campaign) -> None:
    campaign = Campaign.objects.select_related("superior__parent").get(pk=campaign.pk)
    documents.report_data(rollup_for(campaign, TODAY))


def test_query_count_does_not_grow(tree: Tree, django_assert_max_num_queries: Any) -> None:
    world = build_world(tree)
    with django_assert_max_num_queries(MAX_QUERIES):
        _build(world.campaign)
    for i in range(40):
        org = make_org(f"T-TP-X{i}", f"Chi bộ Thử {i}", OrgKind.GRASSROOTS_BRANCH, tree.city)
        people = [make_member(org, f"Người Thử {i} {j}") for j in range(3)]
        congress = world.campaign.congresses.create(organization=org, kind="members")
        plan(congress, people, secretary=people[0])
        held(congress, TODAY)
        certify(congress, "committee", people)
    with django_assert_max_num_queries(MAX_QUERIES):
        _build(world.campaign)
