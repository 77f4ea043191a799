"""The 2010 demo campaign: 60 congresses before the deadline, approved plans, transfers."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client

from daihoi.accounts.models import User
from daihoi.campaigns.models import (
    CadreTransfer,
    Campaign,
    Comment,
    Congress,
    CongressDocument,
    PlanEntry,
    Position,
)
from daihoi.demo import campaign2010, foundation


@pytest.mark.slow
@pytest.mark.django_db
def test_demo_campaign_is_complete_and_idempotent(settings: object, tmp_path: object) -> None:
    settings.MEDIA_ROOT = str(tmp_path)  # type: ignore[attr-defined]
    foundation.load(None)
    campaign2010.load(None)
    campaign2010.load(None)  # a second run changes nothing
    campaign = Campaign.objects.get()
    assert (campaign.plan_number, campaign.plan_date) == ("40-KH/TU", dt.date(2009, 10, 30))
    congresses = list(campaign.congresses.select_related("organization"))
    assert len(congresses) == 60
    assert all(c.state == "personnel_plan_approved" for c in congresses)
    days = [c.planned_date for c in congresses]
    assert all(d is not None and dt.date(2010, 4, 1) <= d < dt.date(2010, 6, 30) for d in days)
    assert CongressDocument.objects.count() == 180
    assert Comment.objects.filter(parent__isnull=False).count() == 60
    for c in congresses:
        entries = PlanEntry.objects.filter(plan__congress=c)
        committee = [e for e in entries if e.position == Position.COMMITTEE]
        size = c.personnel_plan.committee_size
        assert len(committee) == size
        assert (3 if c.organization.kind == "grassroots_branch" else 5) <= size <= 9
        assert any(e.position == Position.BACKUP for e in entries)
        transferred = set(CadreTransfer.objects.filter(congress=c)
                          .values_list("member_id", flat=True))
        for e in committee:
            assert e.member.status == "official"
            assert (e.member.organization.path.startswith(c.organization.path)
                    or e.member_id in transferred)
    transfers = CadreTransfer.objects.select_related("from_org", "congress__organization")
    assert len(transfers) >= 3
    assert any(t.from_org.name == "Chi bộ Văn phòng Thành ủy"
               and t.intended_position == Position.SECRETARY for t in transfers)
    secretary = PlanEntry.objects.get(plan__congress__organization__code="LS-TP-P-CL",
                                      position=Position.SECRETARY)
    assert secretary.member.organization.code == "LS-TP-VPTU"
    assert Congress.objects.filter(kind="delegates").exists()
    # The pages render with the demo's data, for the city staff and the ward's office.
    client = Client()
    client.force_login(User.objects.get(username="thanhuy"))
    ward = Congress.objects.get(organization__code="LS-TP-P-CL")
    for url in [f"/dot-dai-hoi/{campaign.pk}/", f"/dot-dai-hoi/{campaign.pk}/dai-hoi/",
                f"/dot-dai-hoi/{campaign.pk}/lich/?thang=2010-05",
                f"/dot-dai-hoi/dai-hoi/{ward.pk}/", f"/dot-dai-hoi/dai-hoi/{ward.pk}/nhan-su/"]:
        assert client.get(url).status_code == 200, url
    client.force_login(User.objects.get(username="chilang"))
    page = client.get(f"/dot-dai-hoi/dai-hoi/{ward.pk}/nhan-su/").content.decode()
    assert secretary.member.full_name in page
