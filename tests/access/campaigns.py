"""Access table of the campaign pages (daihoi.campaigns)."""

from __future__ import annotations

import datetime as dt

from daihoi.campaigns import actions
from tests.access import ALL, Access, Ctx, roles
from tests.campaigns.helpers import docx_bytes

STAFF = roles("city_staff")
MONITOR = roles("city_staff", "observer")
WARD_READERS = roles("city_staff", "ward_office", "counter", "counter2", "observer")
WARD_WRITERS = roles("city_staff", "ward_office")
OFFICE = roles("ward_office")


def setup(ctx: Ctx) -> None:
    campaign = actions.do_create_campaign(
        acting_user=None, superior=ctx.tree.city, name="Đợt đại hội thử", term_start=2010,
        term_end=2015, plan_number="99-KH/TU", plan_date=dt.date(2009, 10, 30),
        subordinate_deadline=dt.date(2010, 6, 30), documents_due=dt.date(2010, 2, 1))
    congress = campaign.congresses.get(organization=ctx.tree.ward)
    document = actions.do_upload_document(congress, acting_user=None,
                                          doc_type="political_report", name="bao-cao.docx",
                                          data=docx_bytes("Báo cáo chính trị"))
    ctx.objects.update(campaign=campaign, congress=congress, document=document)


def _campaign(c: Ctx) -> dict[str, int]:
    return {"pk": c.objects["campaign"].pk}


def _congress(c: Ctx) -> dict[str, int]:
    return {"pk": c.objects["congress"].pk}


def _document(c: Ctx) -> dict[str, int]:
    return {"pk": c.objects["document"].pk}


ACCESS = {
    "campaigns:list": Access(get=ALL),
    # The campaign endpoints of the REST API (daihoi.campaigns.api).
    "api:campaigns": Access(api=True, get=ALL),
    "api:campaign": Access(api=True, kwargs=_campaign, get=MONITOR, query="as_of=2010-05-01"),
    "api:campaign_congresses": Access(api=True, kwargs=_campaign, get=MONITOR,
                                      query="late=any"),
    "campaigns:create": Access(get=roles("city_staff", "outsider"),
                               post=roles("city_staff", "outsider")),
    "campaigns:notifications": Access(get=ALL, post=ALL, get_redirects=False),
    "campaigns:dashboard": Access(kwargs=_campaign, get=MONITOR),
    "campaigns:edit": Access(kwargs=_campaign, get=STAFF, post=STAFF),
    "campaigns:congresses": Access(kwargs=_campaign, get=MONITOR, query="state=preparing"),
    "campaigns:chart": Access(kwargs=_campaign, get=MONITOR),
    "campaigns:calendar": Access(kwargs=_campaign, get=MONITOR, query="thang=2010-05"),
    "campaigns:export": Access(kwargs=_campaign, get=MONITOR),
    "campaigns:remind": Access(kwargs=_campaign, post=STAFF),
    "campaigns:congress": Access(kwargs=_congress, get=WARD_READERS),
    "campaigns:congress_edit": Access(kwargs=_congress, get=WARD_WRITERS, post=WARD_WRITERS),
    "campaigns:step": Access(kwargs=_congress, post=WARD_WRITERS),
    "campaigns:send_back": Access(kwargs=_congress, post=STAFF),
    "campaigns:upload": Access(kwargs=_congress, get=OFFICE, post=OFFICE),
    "campaigns:plan": Access(kwargs=_congress, get=WARD_READERS, post=OFFICE),
    "campaigns:transfer": Access(kwargs=_congress, get=STAFF, post=STAFF),
    "campaigns:document": Access(kwargs=_document, get=WARD_READERS),
    "campaigns:comment": Access(kwargs=_document, post=WARD_WRITERS),
}
