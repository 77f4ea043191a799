"""The congress state machine: who may move a congress on, and sending back with a reason."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied

from daihoi.audit.models import AuditEntry
from daihoi.campaigns import actions
from daihoi.campaigns.models import Campaign, Congress, CongressKind, Transition
from daihoi.campaigns.workflow import Actor, Milestone, State, may_advance, overdue
from tests.campaigns.conftest import client_for
from tests.campaigns.helpers import PDF, docx_bytes, make_campaign
from tests.conftest import Cast, Tree, make_member


def _docs(congress: Congress) -> None:
    for doc_type in ("political_report", "self_review"):
        actions.do_upload_document(congress, acting_user=None, doc_type=doc_type,
                                   name="a.docx", data=docx_bytes("x"))


def _plan(congress: Congress, tree: Tree) -> None:
    secretary = make_member(tree.branch_a, "Hoàng Văn Bình")
    actions.do_save_personnel_plan(congress, acting_user=None, committee_size=3,
                                   committee=[secretary], secretary=secretary)


def test_only_one_step_forward_and_by_the_right_side() -> None:
    assert may_advance(State.PREPARING, State.DOCUMENTS_SUBMITTED, {Actor.ORG})
    assert not may_advance(State.PREPARING, State.COMMENTS_GIVEN, {Actor.SUPERIOR})
    assert not may_advance(State.DOCUMENTS_SUBMITTED, State.COMMENTS_GIVEN, {Actor.ORG})
    assert may_advance(State.HELD, State.RESULTS_REPORTED, {Actor.ORG})
    assert not may_advance(State.RESULTS_REPORTED, State.RESULTS_APPROVED, {Actor.ORG})


def test_overdue_milestones_are_those_past_their_date_and_not_reached() -> None:
    due = {Milestone.DOCUMENTS: dt.date(2010, 2, 1), Milestone.CONGRESS: dt.date(2010, 6, 30)}
    late = overdue(State.PREPARING, dt.date(2010, 3, 1), due)
    assert [o.milestone for o in late] == [Milestone.DOCUMENTS]
    assert late[0].days_late == 28
    assert overdue(State.DOCUMENTS_SUBMITTED, dt.date(2010, 3, 1), due) == []
    assert overdue(State.PREPARING, dt.date(2010, 2, 1), due) == []  # due today: not late


def test_creating_a_campaign_creates_one_congress_per_active_grassroots_org(
        tree: Tree, members: list[object]) -> None:
    inactive = tree.school
    inactive.active = False
    inactive.save()
    campaign = make_campaign(tree.city)
    orgs = [c.organization for c in campaign.congresses.all()]
    assert orgs == [tree.ward]
    ward = campaign.congresses.get()
    assert ward.official_members == 3  # branch members roll up; the probationary one does not
    assert ward.kind == CongressKind.MEMBERS
    assert AuditEntry.objects.filter(action="campaign.create").count() == 1


def test_kind_is_delegates_from_200_official_members(tree: Tree) -> None:
    for i in range(200):
        make_member(tree.school, f"Nông Văn Thử {i}")
    campaign = make_campaign(tree.city)
    assert campaign.congresses.get(organization=tree.school).kind == CongressKind.DELEGATES


def test_full_path_through_every_state(congress: Congress, cast: Cast, tree: Tree) -> None:
    _docs(congress)
    actions.do_submit_documents(congress, acting_user=cast.ward_office)
    actions.do_give_comments(congress, acting_user=cast.city_staff)
    _plan(congress, tree)
    actions.do_approve_personnel_plan(congress, acting_user=cast.city_staff)
    actions.do_mark_congress_held(congress, acting_user=cast.ward_office,
                                  held_on=dt.date(2010, 5, 20))
    actions.do_report_results(congress, acting_user=cast.ward_office)
    actions.do_approve_results(congress, acting_user=cast.city_staff)
    congress.refresh_from_db()
    assert congress.state == State.RESULTS_APPROVED
    assert congress.held_on == dt.date(2010, 5, 20)
    history = list(Transition.objects.filter(congress=congress).values_list("to_state", "by"))
    assert [s for s, _ in history] == [s.value for s in list(State)[1:]]
    assert history[1][1] == cast.city_staff.pk
    assert congress.personnel_plan.approved_by == cast.city_staff


def test_organisation_office_cannot_give_comments_or_approve(congress: Congress, cast: Cast,
                                                              tree: Tree) -> None:
    _docs(congress)
    actions.do_submit_documents(congress, acting_user=cast.ward_office)
    with pytest.raises(PermissionDenied):
        actions.do_give_comments(congress, acting_user=cast.ward_office)
    actions.do_give_comments(congress, acting_user=cast.city_staff)
    _plan(congress, tree)
    with pytest.raises(PermissionDenied):
        actions.do_approve_personnel_plan(congress, acting_user=cast.ward_office)


@pytest.mark.parametrize("who", ["counter", "observer", "outsider"])
def test_others_cannot_move_a_congress(congress: Congress, cast: Cast, who: str) -> None:
    _docs(congress)
    with pytest.raises(PermissionDenied):
        actions.do_submit_documents(congress, acting_user=getattr(cast, who))


def test_steps_cannot_be_skipped(congress: Congress, cast: Cast) -> None:
    with pytest.raises(actions.WorkflowError):
        actions.do_mark_congress_held(congress, acting_user=cast.city_staff,
                                      held_on=dt.date(2010, 5, 1))


def test_documents_must_be_uploaded_before_submitting(congress: Congress, cast: Cast) -> None:
    with pytest.raises(actions.WorkflowError):
        actions.do_submit_documents(congress, acting_user=cast.ward_office)


def test_superior_sends_back_with_a_reason(congress: Congress, cast: Cast) -> None:
    _docs(congress)
    actions.do_submit_documents(congress, acting_user=cast.ward_office)
    with pytest.raises(actions.WorkflowError):
        actions.do_send_back(congress, acting_user=cast.city_staff, reason="  ")
    with pytest.raises(PermissionDenied):
        actions.do_send_back(congress, acting_user=cast.ward_office, reason="tự trả lại")
    actions.do_send_back(congress, acting_user=cast.city_staff,
                         reason="Báo cáo chính trị chưa đánh giá đủ hạn chế")
    congress.refresh_from_db()
    assert congress.state == State.PREPARING
    last = congress.transitions.last()
    assert last is not None
    assert last.sent_back
    assert "hạn chế" in last.reason


def test_step_page_moves_the_congress_and_shows_history(congress: Congress, cast: Cast) -> None:
    _docs(congress)
    client = client_for(cast.ward_office)
    response = client.post(f"/dot-dai-hoi/dai-hoi/{congress.pk}/chuyen-buoc/",
                           {"to": "documents_submitted"})
    assert response.status_code == 302
    congress.refresh_from_db()
    assert congress.state == State.DOCUMENTS_SUBMITTED
    page = client.get(f"/dot-dai-hoi/dai-hoi/{congress.pk}/").content.decode()
    assert "ward_office".title() in page


def test_step_page_refuses_a_step_of_the_other_side(congress: Congress, cast: Cast) -> None:
    _docs(congress)
    actions.do_submit_documents(congress, acting_user=cast.ward_office)
    response = client_for(cast.ward_office).post(
        f"/dot-dai-hoi/dai-hoi/{congress.pk}/chuyen-buoc/", {"to": "comments_given"})
    assert response.status_code == 403
    congress.refresh_from_db()
    assert congress.state == State.DOCUMENTS_SUBMITTED


def test_congress_kind_date_and_place_are_editable(congress: Congress, cast: Cast) -> None:
    response = client_for(cast.ward_office).post(
        f"/dot-dai-hoi/dai-hoi/{congress.pk}/sua/",
        {"kind": "delegates", "planned_date": "2010-05-12", "place": "Hội trường phường"})
    assert response.status_code == 302
    congress.refresh_from_db()
    assert (congress.kind, congress.planned_date) == ("delegates", dt.date(2010, 5, 12))


def test_campaign_is_editable_by_its_staff(campaign: Campaign, cast: Cast) -> None:
    from daihoi.campaigns.forms import CampaignForm

    data = {k: v for k, v in CampaignForm(instance=campaign).initial.items() if v is not None}
    data["plan_number"] = "40-KH/TU"
    response = client_for(cast.city_staff).post(f"/dot-dai-hoi/{campaign.pk}/sua/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    campaign.refresh_from_db()
    assert campaign.plan_number == "40-KH/TU"


def test_pdf_is_accepted_too(congress: Congress) -> None:
    doc = actions.do_upload_document(congress, acting_user=None, doc_type="self_review",
                                     name="kiem-diem.pdf", data=PDF)
    assert doc.file_format == "pdf"
