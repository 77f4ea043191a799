"""``daihoi report campaign CODE --format docx|pdf|xlsx|json [--out FILE]``: the superior's
summary report of a congress campaign, to FILE or (without ``--out``) to standard output.

CODE is the superior organisation's code, optionally with the term: ``LS-TP`` (that
organisation's latest campaign) or ``LS-TP:2010-2015``.
"""

from __future__ import annotations

import sys
from pathlib import Path

import typer

from daihoi.cli.common import check_database, console, fail, setup_django, stdout_is_terminal
from daihoi.cli.main import app

report_app = typer.Typer(help="Summary reports of congress campaigns.", no_args_is_help=True)
app.add_typer(report_app, name="report")

FORMATS = ("docx", "pdf", "xlsx", "json")


@report_app.command("campaign")
def campaign_report(
    code: str = typer.Argument(..., help="Campaign: ORGCODE or ORGCODE:START-END, e.g. LS-TP."),
    fmt: str = typer.Option("docx", "--format", "-f", help="docx, pdf, xlsx or json."),
    out: str = typer.Option("-", "--out", "-o", help="File to write (default, or '-': "
                                                     "standard output)."),
    as_of: str = typer.Option("", "--as-of", help="The campaign as it stood on this day, "
                              "YYYY-MM-DD (default: today while the campaign runs, its "
                              "superior's congress once it is over)."),
) -> None:
    """Write the summary report of a campaign (roll-up, prose, charts, annex), as of a day:
    the same figures as the dashboard shows for that day."""
    if fmt not in FORMATS:
        fail(f"unknown format {fmt!r}: use one of {', '.join(FORMATS)}", code=2)
    if out == "-" and fmt != "json" and stdout_is_terminal():
        fail(f"a {fmt} file would garble the terminal: give --out FILE or redirect the output "
             "(> report." + fmt + ")", code=2)

    import datetime as dt

    try:
        chosen = dt.date.fromisoformat(as_of) if as_of else None
    except ValueError:
        fail(f"--as-of: expected YYYY-MM-DD, got {as_of!r}", code=2)
    setup_django()
    check_database()
    from daihoi.campaigns.status import campaign_as_of
    from daihoi.reports.documents import render
    from daihoi.reports.gather import CodeError, campaign_code, find_campaign, rollup_for

    try:
        campaign = find_campaign(code)
    except CodeError as exc:
        fail(str(exc), code=2)
    data = render(rollup_for(campaign, campaign_as_of(campaign, chosen)), fmt,
                  campaign_code(campaign))
    if out == "-":
        if fmt == "json":
            typer.echo(data.decode())
        else:
            sys.stdout.buffer.write(data)
            sys.stdout.buffer.flush()
        return
    try:
        Path(out).write_bytes(data)
    except OSError as exc:
        fail(f"cannot write {out}: {exc.strerror}", code=2)
    console.print(f"{campaign.name}: {fmt} → {out} ({len(data):,} bytes)", highlight=False)
