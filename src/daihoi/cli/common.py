"""Shared pieces of the CLI: the console and a lazy Django set-up.

Commands that work on files alone (``tally``, ``ballots``) never import Django.
"""

from __future__ import annotations

import os
import sys
from typing import NoReturn

from rich.console import Console

console = Console()
err_console = Console(stderr=True)


def fail(message: str, code: int = 1) -> NoReturn:
    """Print a one-line error on stderr and exit with ``code``."""
    err_console.print(f"[bold red]error:[/] {message}", highlight=False, soft_wrap=True)
    raise SystemExit(code)


def setup_django() -> None:
    """Configure Django, turning a bad setting or an unreachable database into a clear error."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "daihoi.project.settings")
    try:
        import django

        django.setup()
    except Exception as exc:  # a bad environment value, an unknown database scheme...
        fail(f"cannot start: {exc}")


def check_database() -> None:
    from django.db import connection
    from django.db.utils import Error as DatabaseError

    try:
        connection.ensure_connection()
    except DatabaseError as exc:
        settings_db = connection.settings_dict
        where = settings_db.get("NAME") or "?"
        fail(f"cannot connect to the database {where!r}: {str(exc).strip()}")


def stdout_is_terminal() -> bool:
    return sys.stdout.isatty()
