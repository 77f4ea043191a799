"""Entry point of the ``daihoi`` command. Each group of commands lives in its own module."""

from __future__ import annotations

import typer

from daihoi import __version__

app = typer.Typer(
    name="daihoi",
    help="Đại hội: plan, monitor and run congresses; count their ballots by the rules.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"daihoi {__version__}")
        raise typer.Exit()


@app.callback()
def main(
    version: bool = typer.Option(
        False, "--version", callback=_version, is_eager=True, help="Print the version."
    ),
) -> None:
    """Đại hội: plan, monitor and run congresses; count their ballots by the rules."""


def _register() -> None:
    # Imported here so that each module can add its commands to ``app``.
    from daihoi.cli import (
        audit,  # noqa: F401
        backup,  # noqa: F401
        ballots,  # noqa: F401
        campaign,  # noqa: F401
        report,  # noqa: F401
        server,  # noqa: F401
        tally,  # noqa: F401
        transfer,  # noqa: F401
    )


def run() -> None:
    _register()
    try:
        app()
    except Exception as exc:
        from daihoi.cli.common import database_error, database_source, fail

        if database_error(exc):  # one line, never a traceback
            fail(f"database error at {database_source()}: {str(exc).strip()} "
                 "(is it up to date? run `daihoi migrate`)")
        raise
