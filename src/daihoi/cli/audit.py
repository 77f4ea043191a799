"""``daihoi audit``: verify the chain and the data against it; rotate the key."""

from __future__ import annotations

import time

import typer

from daihoi.cli.common import check_database, console, fail, setup_django
from daihoi.cli.main import app

audit_app = typer.Typer(help="The tamper-evident audit log.", no_args_is_help=True)
app.add_typer(audit_app, name="audit")

SHOWN = 100  # discrepancy lines printed without --all


def open_database() -> None:
    """Set up Django on an existing, migrated database, or stop with one line (no file is
    created for a database that does not exist)."""
    setup_django()
    check_database()


@audit_app.command("verify")
def audit_verify(
    all_lines: bool = typer.Option(False, "--all", help="List every discrepancy."),
) -> None:
    """Check the audit chain, then the data against the log (members, users, congress states,
    ballots, results recounted); exit 1 with one line for each problem."""
    open_database()
    from daihoi.audit.keys import AuditKeyError
    from daihoi.audit.log import verify

    started = time.monotonic()
    try:
        report = verify()
    except AuditKeyError as exc:
        fail(str(exc))
    seconds = time.monotonic() - started
    for b in report.breaks:
        where = f"entry #{b.entry_id}" if b.entry_id is not None else "end of chain"
        console.print(f"[red]BROKEN[/] at {where}: {b.problem}", highlight=False,
                      soft_wrap=True)
    shown = report.discrepancies if all_lines else report.discrepancies[:SHOWN]
    for d in shown:
        console.print(f"[red]DIFFERS[/] {d.line()}", highlight=False, soft_wrap=True)
    if len(shown) < len(report.discrepancies):
        console.print(f"… and {len(report.discrepancies) - len(shown)} more (--all lists "
                      "every one)")
    if not report.ok:
        raise typer.Exit(1)
    console.print(f"[green]audit chain intact[/]: {report.checked} entries; the data matches "
                  f"the log ({report.objects_checked} objects, {report.results_checked} "
                  f"certified results recounted) in {seconds:.1f} s", highlight=False,
                  soft_wrap=True)
    if report.unkeyed:
        console.print(f"entries #1–#{report.unkeyed} were written before the chain was keyed "
                      "(SHA-256 only); the sealed upgrade entry after them holds their last "
                      "hash", highlight=False, soft_wrap=True)
    if report.head:
        console.print(f"head: {report.head}", highlight=False)


@audit_app.command("rotate-key")
def audit_rotate_key() -> None:
    """Seal new entries with a new key; older keys stay in the key file to verify older
    entries (see docs/audit.md)."""
    open_database()
    from daihoi.audit.keys import AuditKeyError, key_file
    from daihoi.audit.log import rotate_key

    try:
        old, new = rotate_key(acting_user=None)
    except AuditKeyError as exc:
        fail(str(exc))
    console.print(f"new audit key {new} (the previous one, {old}, is kept to verify older "
                  f"entries) in {key_file()}", highlight=False)
    console.print("back up this file now, apart from the database backups", highlight=False)
