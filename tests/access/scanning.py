"""Access table of the scanning pages (daihoi.scanning): the election's counting board only
(the progress of an upload's reading included), except printing the ballots, which the
organisation office may do too."""

from __future__ import annotations

import datetime as dt
from typing import Any

from tests.access import Access, Ctx, roles

COUNTERS = roles("counter", "counter2")
PRINT = roles("city_staff", "ward_office", "counter", "counter2")


def setup(ctx: Ctx) -> None:
    from daihoi.congress import actions
    from daihoi.scanning import jobs
    from daihoi.scanning.actions import ballot_of, do_upload_scans
    from tests.ballots.conftest import Ballot
    from tests.scanning.conftest import png

    office, cast = ctx.cast.ward_office, ctx.cast
    congress = actions.do_create_congress(acting_user=office, organization=ctx.tree.ward,
                                          title="Đại hội quét phiếu", held_on=dt.date(2010, 5, 21))
    for person in congress.attendees.all():
        actions.do_check_in(congress, acting_user=office, attendee=person)
    election = actions.do_create_election(
        congress, acting_user=office, title="Bầu thử", seats=1, body="delegates",
        names=list(congress.attendees.values_list("full_name", flat=True))[:2])
    actions.do_approve_list(election, acting_user=office)
    actions.do_assign_counters(election, acting_user=office, users=[cast.counter, cast.counter2])
    image = png(Ballot(ballot_of(election).doc).image)
    scan_set = do_upload_scans(election, acting_user=cast.counter,
                               files=[("a.png", image)]).scan_set
    jobs.run_pending()  # the worker, as the web app's thread would run it
    ctx.objects.update(scan_election=election, scan_set=scan_set,
                       scan_ballot=scan_set.ballots.get())


def _e(ctx: Ctx) -> dict[str, Any]:
    return {"pk": ctx.objects["scan_election"].pk}


def _s(ctx: Ctx) -> dict[str, Any]:
    return {"pk": ctx.objects["scan_set"].pk}


def _b(ctx: Ctx) -> dict[str, Any]:
    return {"pk": ctx.objects["scan_ballot"].pk}


def _row(ctx: Ctx) -> dict[str, Any]:
    return {"pk": ctx.objects["scan_ballot"].pk, "cid": "1"}


ACCESS = {
    "scanning:print": Access(kwargs=_e, get=PRINT),
    "scanning:election": Access(kwargs=_e, get=COUNTERS, post=COUNTERS),
    "scanning:calibration_kit": Access(kwargs=_e, get=PRINT),
    "scanning:calibration_report": Access(kwargs=_e, post=PRINT),
    "scanning:set": Access(kwargs=_s, get=COUNTERS),
    "scanning:progress": Access(kwargs=_s, get=COUNTERS),
    "scanning:retry": Access(kwargs=_s, post=COUNTERS),
    "scanning:to_entry": Access(kwargs=_s, post=COUNTERS),
    "scanning:ballot": Access(kwargs=_b, get=COUNTERS, post=COUNTERS),
    "scanning:image": Access(kwargs=_b, get=COUNTERS),
    "scanning:close_up": Access(kwargs=_row, get=COUNTERS),
    "scanning:rescan": Access(kwargs=_b, post=COUNTERS),
    "scanning:remove": Access(kwargs=_b, post=COUNTERS),
}
