"""Access table of the summary report pages (daihoi.reports): the superior's staff and
observers read them; a subordinate's users and other cities do not."""

from __future__ import annotations

import datetime as dt

from daihoi.campaigns import actions
from tests.access import ALL, Access, Ctx, roles

MONITOR = roles("city_staff", "observer")


def setup(ctx: Ctx) -> None:
    campaign = actions.do_create_campaign(
        acting_user=None, superior=ctx.tree.city, name="Đợt đại hội để báo cáo", term_start=2015,
        term_end=2020, plan_number="12-KH/TU", plan_date=dt.date(2014, 10, 30),
        subordinate_deadline=dt.date(2015, 6, 30), superior_congress_date=dt.date(2015, 8, 1))
    ctx.objects["report_campaign"] = campaign


def _campaign(c: Ctx) -> dict[str, int]:
    return {"pk": c.objects["report_campaign"].pk}


ACCESS = {
    "reports:index": Access(get=ALL),
    "reports:campaign": Access(kwargs=_campaign, get=MONITOR),
    "reports:progress_chart": Access(kwargs=_campaign, get=MONITOR),
    "reports:composition_chart": Access(kwargs=_campaign, get=MONITOR),
    "reports:docx": Access(kwargs=_campaign, get=MONITOR),
    "reports:pdf": Access(kwargs=_campaign, get=MONITOR),
    "reports:xlsx": Access(kwargs=_campaign, get=MONITOR),
    "reports:json": Access(kwargs=_campaign, get=MONITOR),
}
