"""``daihoi campaign``: congress campaign commands (urging notices to late organisations)."""

from __future__ import annotations

import datetime as dt

import typer

from daihoi.cli.common import check_database, console, fail, setup_django
from daihoi.cli.main import app

campaign_app = typer.Typer(help="Congress campaigns.", no_args_is_help=True)
app.add_typer(campaign_app, name="campaign")


@campaign_app.command("remind")
def remind(
    code: str = typer.Argument(..., help="Code of the superior organisation (e.g. LS-TP)."),
    plan: str = typer.Option("", help="Plan number, when the organisation has several "
                                      "campaigns (default: the latest)."),
    today: str = typer.Option("", help="Date to judge lateness by, YYYY-MM-DD (default: today)."),
) -> None:
    """Send an urging notice to every overdue organisation of a running campaign.

    Idempotent per day: an organisation reminded today is not reminded again. A campaign
    past its superior's congress is over: nobody is urged (one line says so, exit 1).
    """
    setup_django()
    check_database()
    from django.utils import timezone

    from daihoi.campaigns.actions import WorkflowError, do_send_reminders
    from daihoi.campaigns.models import Campaign

    campaigns = Campaign.objects.filter(superior__code=code).order_by("-term_start", "-pk")
    if plan:
        campaigns = campaigns.filter(plan_number=plan)
    campaign = campaigns.first()
    if campaign is None:
        fail(f"no campaign for organisation {code!r}" + (f" with plan {plan!r}" if plan else ""))
        return
    try:
        day = dt.date.fromisoformat(today) if today else timezone.localdate()
    except ValueError:
        fail(f"--today: expected YYYY-MM-DD, got {today!r}")
        return
    try:
        sent = do_send_reminders(campaign, acting_user=None, today=day)
    except WorkflowError as exc:
        fail(f"{campaign.name} ({campaign.plan_number}): {exc}")
        return
    for reminder in sent:
        console.print(f"đôn đốc: {reminder.congress.organization.name} "
                      f"({', '.join(reminder.milestone_labels())}; {reminder.emails_sent} e-mail)")
    console.print(f"{campaign.name} ({campaign.plan_number}): {len(sent)} urging notice(s) "
                  f"sent on {day:%d/%m/%Y}")
