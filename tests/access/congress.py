"""Access table of the congress-day pages (daihoi.congress)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from tests.access import ALL, Access, Ctx, roles

MANAGE = roles("city_staff", "ward_office")
READ = roles("city_staff", "ward_office", "observer")
READ_ELECTION = roles("city_staff", "ward_office", "observer", "counter", "counter2")
COUNTERS = roles("counter", "counter2")


def setup(ctx: Ctx) -> None:
    from daihoi.congress import actions

    office, cast = ctx.cast.ward_office, ctx.cast
    congress = actions.do_create_congress(acting_user=office, organization=ctx.tree.ward,
                                          title="Đại hội thử", held_on=dt.date(2010, 5, 20))
    for person in congress.attendees.all():
        actions.do_check_in(congress, acting_user=office, attendee=person)
    item = actions.do_add_agenda_item(congress, acting_user=office, title="Danh sách bầu cử",
                                      kind="electoral_list")
    election = actions.do_create_election(
        congress, acting_user=office, title="Bầu đại biểu", seats=2, body="delegates",
        names=list(congress.attendees.values_list("full_name", flat=True)))
    actions.do_approve_list(election, acting_user=office)
    actions.do_assign_counters(election, acting_user=office, users=[cast.counter, cast.counter2])
    actions.do_set_ballot_totals(election, acting_user=office, issued=3)
    batch = None
    for clerk in (cast.counter, cast.counter2):
        entry = actions.do_open_entry(election, acting_user=clerk, batch=batch)
        batch = entry.batch
        for i, text in enumerate(["1", "2", "3"], 1):
            actions.do_key_ballot(entry, acting_user=clerk, position=i, text=text, key=str(i))
        actions.do_submit_entry(entry, acting_user=clerk)
    open_entry = actions.do_open_entry(election, acting_user=cast.counter)
    ctx.objects.update(congress=congress, election=election, batch=batch, entry=open_entry,
                       item=item, attendee=congress.attendees.first(),
                       candidate=election.candidates.first())


def _c(ctx: Ctx) -> dict[str, Any]:
    return {"pk": ctx.objects["congress"].pk}


def _e(ctx: Ctx) -> dict[str, Any]:
    return {"pk": ctx.objects["election"].pk}


ACCESS = {
    "congress:list": Access(get=ALL, post=roles("city_staff", "ward_office", "outsider")),
    "congress:rulebook_upload": Access(post=roles("city_staff", "ward_office", "outsider")),
    "congress:detail": Access(kwargs=_c, get=READ),
    "congress:roster": Access(kwargs=_c, get=READ),
    "congress:roster_search": Access(kwargs=_c, get=READ, query="q=Lan"),
    "congress:attendance": Access(kwargs=_c, get=READ),
    "congress:cards": Access(kwargs=_c, get=READ),
    "congress:check_in": Access(kwargs=_c, get=MANAGE, post=MANAGE),
    "congress:add_attendee": Access(kwargs=_c, post=MANAGE),
    "congress:set_status": Access(
        kwargs=lambda c: {"pk": c.objects["congress"].pk, "attendee_pk": c.objects["attendee"].pk},
        post=MANAGE),
    "congress:working_body": Access(kwargs=_c, post=MANAGE),
    "congress:agenda_add": Access(kwargs=_c, post=MANAGE),
    "congress:agenda_vote": Access(
        kwargs=lambda c: {"pk": c.objects["congress"].pk, "item_pk": c.objects["item"].pk},
        post=MANAGE),
    # Reporting upward is the organisation office's act; its superior does not report to itself.
    "congress:report": Access(kwargs=_c, post=roles("ward_office")),
    "congress:election_create": Access(kwargs=_c, post=MANAGE),
    "congress:election_import": Access(kwargs=_c, post=MANAGE),
    "congress:election": Access(kwargs=_e, get=READ_ELECTION),
    "congress:candidate_add": Access(kwargs=_e, post=MANAGE),
    "congress:candidate_withdraw": Access(
        kwargs=lambda c: {"pk": c.objects["election"].pk, "cand_pk": c.objects["candidate"].pk},
        post=MANAGE),
    "congress:list_approve": Access(kwargs=_e, post=MANAGE),
    "congress:counters": Access(kwargs=_e, post=MANAGE),
    "congress:totals": Access(kwargs=_e, post=MANAGE | COUNTERS),
    "congress:certify": Access(kwargs=_e, post=MANAGE),
    # No head of the counting board is designated here: those who manage it may reopen.
    "congress:reopen": Access(kwargs=_e, post=MANAGE),
    "congress:seats": Access(kwargs=_e, post=MANAGE),
    "congress:new_round": Access(kwargs=_e, post=MANAGE),
    "congress:entry_open": Access(kwargs=_e, post=COUNTERS),
    "congress:projector": Access(kwargs=_e, get=READ_ELECTION),
    "congress:projector_part": Access(kwargs=_e, get=READ_ELECTION),
    "congress:minutes_pdf": Access(kwargs=_e, get=READ_ELECTION),
    "congress:minutes_docx": Access(kwargs=_e, get=READ_ELECTION),
    "congress:entry_log": Access(kwargs=_e, get=READ_ELECTION),
    "congress:export_json": Access(kwargs=_e, get=READ_ELECTION),
    "congress:result_json": Access(kwargs=_e, get=READ_ELECTION),
    "congress:entry": Access(kwargs=lambda c: {"pk": c.objects["entry"].pk},
                             get=roles("counter"), post=roles("counter")),
    "congress:entry_undo": Access(kwargs=lambda c: {"pk": c.objects["entry"].pk},
                                  post=roles("counter")),
    "congress:entry_submit": Access(kwargs=lambda c: {"pk": c.objects["entry"].pk},
                                    post=roles("counter")),
    "congress:batch": Access(kwargs=lambda c: {"pk": c.objects["batch"].pk},
                             get=READ_ELECTION, post=COUNTERS),
}
