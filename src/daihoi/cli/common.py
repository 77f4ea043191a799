"""Shared pieces of the CLI: the console and a lazy Django set-up.

Commands that work on files alone (``tally``, ``ballots``) never import Django. Commands that
use the database start with ``setup_django()`` then ``check_database()``: a database that is
missing, empty or not migrated stops the command with one line saying what to run and which
database was looked at, and a command that only reads creates nothing (no empty SQLite file,
no data folder).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import NoReturn
from urllib.parse import urlsplit, urlunsplit

from rich.console import Console

console = Console()
err_console = Console(stderr=True)


def fail(message: str, code: int = 1) -> NoReturn:
    """Print a one-line error on stderr and exit with ``code``."""
    err_console.print(f"[bold red]error:[/] {message}", highlight=False, soft_wrap=True)
    raise SystemExit(code)


def _django_ready() -> bool:
    """Django already set up in this process (the tests call the commands in-process)."""
    apps = sys.modules.get("django.apps")
    return bool(apps is not None and apps.apps.ready)


def _hide_password(url: str) -> str:
    parts = urlsplit(url)
    if parts.password is None:
        return url
    netloc = parts.netloc.replace(f":{parts.password}@", ":***@", 1)
    return urlunsplit(parts._replace(netloc=netloc))


def database_source() -> str:
    """Which database the settings point at, and why: what a person needs to know to fix it."""
    from daihoi.project.paths import data_dir_path

    url = os.environ.get("DATABASE_URL", "").strip()
    if url:
        return f"DATABASE_URL={_hide_password(url)}"
    folder = data_dir_path()
    if os.environ.get("DAIHOI_DATA_DIR"):
        return f"{folder / 'daihoi.sqlite3'} (DAIHOI_DATA_DIR={os.environ['DAIHOI_DATA_DIR']})"
    return (f"{folder / 'daihoi.sqlite3'} (the default data folder: DAIHOI_DATA_DIR and "
            "DATABASE_URL are not set; the demo's is var/demo, which ./scripts/daihoi uses)")


def _sqlite_file() -> Path | None:
    """The SQLite file the settings will open, or None for another database or :memory:."""
    from daihoi.project.paths import data_dir_path

    url = os.environ.get("DATABASE_URL", "").strip()
    if not url:
        return data_dir_path() / "daihoi.sqlite3"
    if not url.startswith("sqlite:"):
        return None
    import dj_database_url

    try:
        name = str(dj_database_url.parse(url)["NAME"] or "")
    except Exception:  # a bad URL: the settings name the variable when they parse it
        return None
    return None if name in ("", ":memory:") else Path(name)


def setup_django(*, creates_database: bool = False) -> None:
    """Configure Django, turning a bad setting or an unreachable database into a clear error.

    Unless the command creates the database (``daihoi migrate``), a SQLite file that does not
    exist is an error here, before the settings (which would create the data folder) and
    SQLite (which would create an empty file) are reached.
    """
    if not creates_database and not _django_ready():
        path = _sqlite_file()
        if path is not None and not path.exists():
            fail(f"no database at {database_source()}: run `daihoi migrate` to create it, "
                 "or set DAIHOI_DATA_DIR or DATABASE_URL to an existing one")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "daihoi.project.settings")
    try:
        import django

        django.setup()
    except Exception as exc:  # a bad environment value, an unknown database scheme...
        fail(f"cannot start: {exc}")


def check_database(*, migrated: bool = True) -> None:
    """Connect, and (unless ``migrated=False``, for ``daihoi migrate`` itself) require every
    table: an empty or half-updated database is named with the command that fixes it."""
    from django.db import connection
    from django.db.utils import Error as DatabaseError

    try:
        connection.ensure_connection()
    except DatabaseError as exc:
        settings_db = connection.settings_dict
        where = settings_db.get("NAME") or "?"
        fail(f"cannot connect to the database {where!r}: {str(exc).strip()}")
    if not migrated:
        return
    try:
        empty = not connection.introspection.table_names()
        pending = [] if empty else pending_migrations()
    except DatabaseError as exc:
        fail(f"cannot read the database at {database_source()}: {str(exc).strip()}")
    if empty:
        fail(f"the database at {database_source()} is empty: run `daihoi migrate` first")
    if pending:
        fail(f"the database at {database_source()} needs updating ({len(pending)} "
             "migrations): run `daihoi migrate` first")


def pending_migrations() -> list[str]:
    """The migrations not yet applied to the database, as ``app.name``."""
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    return [f"{m.app_label}.{m.name}" for m, _ in plan]


def database_error(exc: BaseException) -> bool:
    """An error raised by the database (a table missing, the server gone): shown in one line,
    never as a traceback."""
    utils = sys.modules.get("django.db.utils")
    return utils is not None and isinstance(exc, utils.Error)


def stdout_is_terminal() -> bool:
    return sys.stdout.isatty()
