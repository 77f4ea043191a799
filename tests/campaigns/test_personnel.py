"""The personnel plan: names from the organisation's members, structure figures, approval;
cadre transfers shown on the plan page."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied

from daihoi.campaigns import actions
from daihoi.campaigns.models import CadreTransfer, Congress, PersonnelPlan, Position
from daihoi.campaigns.personnel import Person, structure
from daihoi.lib.figures import percent
from daihoi.orgs.models import Member
from tests.campaigns.conftest import client_for
from tests.conftest import Cast, Tree, make_member


def test_percentages_are_decimals_rounded_half_up() -> None:
    assert percent(1, 3) == Decimal("33.3")
    assert percent(2, 3) == Decimal("66.7")
    assert percent(1, 8) == Decimal("12.5")
    assert percent(0, 0) == Decimal("0.0")


def test_structure_figures() -> None:
    on = dt.date(2010, 5, 1)
    people = [
        Person(True, dt.date(1980, 1, 1), "Tày", True),     # woman, 30, minority, new
        Person(False, dt.date(1960, 1, 1), "Kinh", False),
        Person(False, dt.date(1975, 5, 2), "Nùng", False),  # turns 35 the next day: under 35
        Person(True, dt.date(1955, 1, 1), "Kinh", True),
    ]
    figures = {f.key: f for f in structure(people, on, {"women": Decimal(40)})}
    assert (figures["women"].count, figures["women"].percent) == (2, Decimal("50.0"))
    assert figures["women"].meets_target
    assert figures["under35"].count == 2
    assert figures["minorities"].count == 2
    assert figures["new_members"].percent == Decimal("50.0")


@pytest.fixture
def people(tree: Tree) -> list[Member]:
    return [
        make_member(tree.branch_a, "Hoàng Thị Mai", female=True, born=1982),
        make_member(tree.branch_a, "Nông Văn Hùng", born=1965),
        make_member(tree.branch_b, "Lương Văn Sơn", born=1970, ethnicity="Kinh"),
        make_member(tree.branch_b, "Vi Thị Ngân", female=True, born=1978),
        make_member(tree.branch_b, "Chu Văn Đạt", born=1968),
    ]


def test_office_saves_a_plan_from_the_form_and_figures_are_shown(
        congress: Congress, cast: Cast, people: list[Member]) -> None:
    a, b, c, d, e = people
    client = client_for(cast.ward_office)
    response = client.post(f"/dot-dai-hoi/dai-hoi/{congress.pk}/nhan-su/", {
        "committee_size": 3, "committee": [a.pk, b.pk, c.pk], "secretary": b.pk,
        "deputies": [a.pk], "standing": [], "inspection": [d.pk], "backups": [e.pk],
        "new_to_committee": [a.pk], "note": ""})
    assert response.status_code == 302
    plan = PersonnelPlan.objects.get(congress=congress)
    positions = {(x.position, x.member_id) for x in plan.entries.all()}
    assert (Position.BACKUP, e.pk) in positions
    assert (Position.SECRETARY, b.pk) in positions
    page = client.get(f"/dot-dai-hoi/dai-hoi/{congress.pk}/nhan-su/").content.decode()
    assert "33,3" in page or "33.3" in page  # one woman of three


def test_plan_form_refuses_inconsistent_names(congress: Congress, cast: Cast,
                                             people: list[Member]) -> None:
    a, b, c, d, _e = people
    response = client_for(cast.ward_office).post(
        f"/dot-dai-hoi/dai-hoi/{congress.pk}/nhan-su/", {
            "committee_size": 2, "committee": [a.pk, b.pk, c.pk], "secretary": d.pk,
            "backups": [a.pk]})
    assert response.status_code == 400
    assert not PersonnelPlan.objects.filter(congress=congress).exists()
    form = response.context["form"]
    assert {"committee", "secretary", "backups"} <= set(form.errors)


def test_members_of_other_organisations_cannot_be_chosen(congress: Congress, cast: Cast,
                                                         tree: Tree) -> None:
    stranger = make_member(tree.school, "Trần Văn Lạ")
    response = client_for(cast.ward_office).post(
        f"/dot-dai-hoi/dai-hoi/{congress.pk}/nhan-su/", {
            "committee_size": 3, "committee": [stranger.pk], "secretary": stranger.pk})
    assert response.status_code == 400


def test_approved_plan_is_frozen_and_superior_cannot_edit_names(
        congress: Congress, cast: Cast, people: list[Member]) -> None:
    with pytest.raises(PermissionDenied):
        actions.do_save_personnel_plan(congress, acting_user=cast.city_staff, committee_size=3,
                                       committee=people[:1], secretary=people[0])
    Congress.objects.filter(pk=congress.pk).update(state="personnel_plan_approved")
    congress.refresh_from_db()
    with pytest.raises(actions.WorkflowError):
        actions.do_save_personnel_plan(congress, acting_user=cast.ward_office,
                                       committee_size=3, committee=people[:1],
                                       secretary=people[0])


def test_a_transferred_cadre_is_shown_and_can_be_named_in_the_plan(
        congress: Congress, cast: Cast, tree: Tree) -> None:
    cadre = make_member(tree.school, "Hà Văn Khánh")
    response = client_for(cast.city_staff).post(
        f"/dot-dai-hoi/dai-hoi/{congress.pk}/dieu-dong/", {
            "member": cadre.pk, "transferred_on": "2010-03-01",
            "intended_position": "secretary", "note": ""})
    assert response.status_code == 302
    transfer = CadreTransfer.objects.get()
    assert (transfer.from_org, transfer.congress) == (tree.school, congress)
    client = client_for(cast.ward_office)
    page = client.get(f"/dot-dai-hoi/dai-hoi/{congress.pk}/nhan-su/").content.decode()
    assert "Hà Văn Khánh" in page
    assert tree.school.name in page
    saved = client.post(f"/dot-dai-hoi/dai-hoi/{congress.pk}/nhan-su/", {
        "committee_size": 3, "committee": [cadre.pk], "secretary": cadre.pk})
    assert saved.status_code == 302


def test_transfers_are_recorded_by_superior_staff_only(congress: Congress, cast: Cast,
                                                      tree: Tree) -> None:
    cadre = make_member(tree.school, "Hà Văn Khánh")
    with pytest.raises(PermissionDenied):
        actions.do_record_transfer(congress, acting_user=cast.ward_office, member=cadre,
                                   transferred_on=dt.date(2010, 3, 1),
                                   intended_position="secretary")
    own = make_member(tree.branch_a, "Nông Văn Nhà")
    with pytest.raises(actions.WorkflowError):
        actions.do_record_transfer(congress, acting_user=cast.city_staff, member=own,
                                   transferred_on=dt.date(2010, 3, 1),
                                   intended_position="secretary")
