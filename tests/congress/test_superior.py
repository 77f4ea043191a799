"""The list starts from the approved personnel plan, and the results go up to the superior."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from daihoi.campaigns.actions import do_create_campaign
from daihoi.campaigns.models import Congress, PersonnelPlan, PlanEntry
from daihoi.congress import actions, superior
from tests.conftest import PASSWORD, Cast, Tree
from tests.congress.conftest import Hall, everyone_present, key_batch

BALLOTS = ["4", "3", "1 2", "4", "2", "3", "4", "1", "4", "4"]


def _campaign_congress(tree: Tree, hall: Hall) -> Congress:
    campaign = do_create_campaign(
        acting_user=None, superior=tree.city, name="Đại hội nhiệm kỳ 2010–2015",
        term_start=2010, term_end=2015, plan_number="40-KH/TU", plan_date=dt.date(2009, 10, 30),
        subordinate_deadline=dt.date(2010, 6, 30))
    camp = Congress.objects.get(campaign=campaign, organization=tree.ward)
    Congress.objects.filter(pk=camp.pk).update(state="personnel_plan_approved")
    plan = PersonnelPlan.objects.create(congress=camp, committee_size=3,
                                        updated_at=timezone.now(), approved_at=timezone.now())
    PlanEntry.objects.bulk_create(PlanEntry(plan=plan, member=m, position="committee")
                                  for m in hall.members[:4])
    camp.refresh_from_db()
    return camp


def test_results_reach_the_superior(tree: Tree, cast: Cast, hall: Hall) -> None:
    camp = _campaign_congress(tree, hall)
    names = superior.plan_names(hall.congress)
    assert len(names) == 4
    everyone_present(hall.congress, except_=1)
    election = actions.do_create_election(hall.congress, acting_user=cast.ward_office,
                                          title="Bầu Ban Chấp hành", seats=3, names=names)
    assert election.candidates.filter(source="plan", member__isnull=False).count() == 4
    actions.do_approve_list(election, acting_user=cast.ward_office)
    actions.do_assign_counters(election, acting_user=cast.ward_office,
                               users=[cast.counter, cast.counter2])
    actions.do_set_ballot_totals(election, acting_user=cast.ward_office, issued=10)
    batch = key_batch(election, cast.counter, BALLOTS)
    key_batch(election, cast.counter2, BALLOTS, batch=batch)
    actions.do_certify_election(election, acting_user=cast.ward_office)
    client = Client()
    client.login(username="ward_office", password=PASSWORD)
    client.post(reverse("congress:report", kwargs={"pk": hall.congress.pk}), {"confirmed": "1"})
    camp.refresh_from_db()
    assert camp.state == "results_reported"
    assert camp.held_on == hall.congress.held_on
    staff = Client()
    staff.login(username="city_staff", password=PASSWORD)
    page = staff.get(reverse("orgs:detail", kwargs={"pk": tree.ward.pk})).content.decode()
    assert "Bầu Ban Chấp hành" in page
    assert "Hoàng Văn Bình" in page  # elected, shown to the superior
    assert reverse("congress:minutes_pdf", kwargs={"pk": election.pk}) in page


def test_reporting_before_the_plan_is_approved_is_refused_in_vietnamese(
    tree: Tree, cast: Cast, hall: Hall
) -> None:
    camp = _campaign_congress(tree, hall)
    Congress.objects.filter(pk=camp.pk).update(state="comments_given")
    everyone_present(hall.congress, except_=1)
    election = actions.do_create_election(hall.congress, acting_user=cast.ward_office,
                                          title="Bầu Ban Chấp hành", seats=3,
                                          names=superior.plan_names(hall.congress))
    actions.do_approve_list(election, acting_user=cast.ward_office)
    actions.do_assign_counters(election, acting_user=cast.ward_office,
                               users=[cast.counter, cast.counter2])
    actions.do_set_ballot_totals(election, acting_user=cast.ward_office, issued=10)
    batch = key_batch(election, cast.counter, BALLOTS)
    key_batch(election, cast.counter2, BALLOTS, batch=batch)
    actions.do_certify_election(election, acting_user=cast.ward_office)
    with pytest.raises(actions.CongressError, match="chưa phê duyệt phương án nhân sự"):
        actions.do_report_to_superior(hall.congress, acting_user=cast.ward_office)
    camp.refresh_from_db()
    assert camp.state == "comments_given"
    client = Client()
    client.login(username="ward_office", password=PASSWORD)
    response = client.post(reverse("congress:report", kwargs={"pk": hall.congress.pk}),
                           {"confirmed": "1"}, follow=True)
    assert response.status_code == 200
    assert "chưa phê duyệt phương án nhân sự" in response.content.decode()
