"""The three migrations that date every recorded step of a congress (Transition.on)."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

TZ = ZoneInfo("Asia/Ho_Chi_Minh")
BEFORE = [("campaigns", "0002_transition_on_nullable")]
AFTER = [("campaigns", "0004_transition_on_required")]


@pytest.mark.django_db(transaction=True)
def test_steps_recorded_before_the_column_get_the_date_of_their_event() -> None:
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    apps = executor.loader.project_state(BEFORE).apps
    Organization = apps.get_model("orgs", "Organization")
    Campaign = apps.get_model("campaigns", "Campaign")
    Congress = apps.get_model("campaigns", "Congress")
    Transition = apps.get_model("campaigns", "Transition")
    city = Organization.objects.create(code="M-TP", name="Đảng bộ thành phố Mẫu", kind="city",
                                       path="/1/", depth=0)
    ward = Organization.objects.create(code="M-TP-P1", name="Đảng bộ phường Một",
                                       kind="grassroots_committee", parent=city,
                                       path="/1/2/", depth=1)
    campaign = Campaign.objects.create(
        superior=city, name="Đợt thử", term_start=2010, term_end=2015, plan_number="1-KH/TU",
        plan_date=dt.date(2009, 10, 30), subordinate_deadline=dt.date(2010, 6, 30))
    congress = Congress.objects.create(campaign=campaign, organization=ward, kind="members",
                                       state="held", held_on=dt.date(2010, 5, 20))
    # Approved late in the evening of 25/3 (local time: still 25/3, though 17:30 UTC);
    # marked held on 21/5 for a congress held on 20/5.
    approved = Transition.objects.create(
        congress=congress, from_state="comments_given", to_state="personnel_plan_approved",
        at=dt.datetime(2010, 3, 25, 23, 30, tzinfo=TZ))
    marked = Transition.objects.create(
        congress=congress, from_state="personnel_plan_approved", to_state="held",
        at=dt.datetime(2010, 5, 21, 8, 0, tzinfo=TZ))
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(AFTER)
    apps = executor.loader.project_state(AFTER).apps
    Transition = apps.get_model("campaigns", "Transition")
    assert Transition.objects.get(pk=approved.pk).on == dt.date(2010, 3, 25)
    assert Transition.objects.get(pk=marked.pk).on == dt.date(2010, 5, 20)
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())
