"""The roll-up costs the same number of queries for 2 congresses or 40."""

from __future__ import annotations

from typing import Any

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

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


def test_the_report_page_json_and_api_cost_pinned_queries_whatever_the_size(
        tree: Tree, cast: Any, django_assert_num_queries: Any) -> None:
    world = build_world(tree)
    client = Client()
    client.force_login(cast.city_staff)
    urls = {f"/bao-cao/{world.campaign.pk}/?ngay=2010-06-01": 14,
            f"/bao-cao/{world.campaign.pk}/so-lieu.json": 13,
            f"/api/v1/campaigns/{world.campaign.pk}": 6,
            f"/api/v1/campaigns/{world.campaign.pk}/congresses?late=any": 6}
    counts = {}
    for url in urls:
        client.get(url)
        with CaptureQueriesContext(connection) as seen:
            assert client.get(url).status_code == 200
        counts[url] = len(seen)
    for i in range(40):
        org = make_org(f"T-TP-X{i}", f"Chi bộ Thử {i}", OrgKind.GRASSROOTS_BRANCH, tree.city)
        people = [make_member(org, f"Người Thử {i} {j}") for j in range(3)]
        congress = world.campaign.congresses.create(organization=org, kind="members")
        plan(congress, people, secretary=people[0])
        held(congress, TODAY)
        certify(congress, "committee", people)
    for url, n in counts.items():
        with django_assert_num_queries(n):
            assert client.get(url).status_code == 200
    assert counts == urls
