"""Access table of the kit and package pages (daihoi.transfer)."""

from __future__ import annotations

import datetime as dt

from daihoi.campaigns import actions
from tests.access import ALL, Access, Ctx, roles

WARD_WRITERS = roles("city_staff", "ward_office")
NOT_OBSERVER = ALL - {"observer"}


def setup(ctx: Ctx) -> None:
    campaign = actions.do_create_campaign(
        acting_user=None, superior=ctx.tree.city, name="Đợt đại hội thử", term_start=2010,
        term_end=2015, plan_number="98-KH/TU", plan_date=dt.date(2009, 10, 30),
        subordinate_deadline=dt.date(2010, 6, 30))
    ctx.objects.update(congress=campaign.congresses.get(organization=ctx.tree.ward))


ACCESS = {
    "transfer:congress": Access(kwargs=lambda c: {"pk": c.objects["congress"].pk},
                                get=WARD_WRITERS, post=WARD_WRITERS),
    # No kit is loaded on this database: the laptop's page is nobody's.
    "transfer:laptop": Access(get=frozenset(), post=frozenset()),
    # Accounts exist: the first-run page sends everyone to the sign-in page.
    "transfer:first_run": Access(get=ALL, public=True, get_redirects=True, post=ALL),
    # Who may deliver depends on the package's congress (checked by the action); an observer
    # may deliver nothing.
    "api:packages": Access(api=True, post=NOT_OBSERVER),
}
