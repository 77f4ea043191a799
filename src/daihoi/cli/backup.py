"""``daihoi backup`` and ``daihoi restore``: a consistent copy of the database while the app
runs, and a restore that verifies the copy (its audit chain and its data) before it replaces
anything.

SQLite goes through SQLite's online backup API; PostgreSQL through its own tools (pg_dump's
custom format, pg_restore). The audit keys are not in a backup: keep the key file apart.
"""

from __future__ import annotations

import os
import secrets
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import Annotated, Any

import typer

from daihoi.cli.common import console, fail
from daihoi.cli.main import app

SQLITE_MAGIC = b"SQLite format 3\x00"
PG_MAGIC = b"PGDMP"


def _database() -> dict[str, Any]:
    from django.conf import settings

    return dict(settings.DATABASES["default"])


def _is_sqlite(db: dict[str, Any]) -> bool:
    return str(db["ENGINE"]).endswith("sqlite3")


def _sqlite_copy(source: Path, target: Path) -> None:
    """Page by page through SQLite's backup API: consistent even while others write."""
    src = sqlite3.connect(f"file:{source}?mode=ro", uri=True, timeout=30)
    try:
        dst = sqlite3.connect(target)
        try:
            src.backup(dst)
            # One self-contained file (the live database runs in WAL mode).
            dst.execute("PRAGMA journal_mode=DELETE")
        finally:
            dst.close()
    finally:
        src.close()


def _sqlite_head(path: Path) -> str:
    conn = sqlite3.connect(path)
    try:
        row = conn.execute("SELECT last_seq, last_hash FROM audit_audithead WHERE id = 1"
                           ).fetchone()
    except sqlite3.Error:
        row = None
    finally:
        conn.close()
    return f"#{row[0]} · {str(row[1])[:16]}" if row and row[0] else "empty log"


def _pg_env(db: dict[str, Any]) -> dict[str, str]:
    env = dict(os.environ)
    for setting, var in (("HOST", "PGHOST"), ("PORT", "PGPORT"), ("USER", "PGUSER"),
                         ("PASSWORD", "PGPASSWORD")):
        if db.get(setting):
            env[var] = str(db[setting])
    return env


def _tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        fail(f"{name} is not installed: PostgreSQL backups use PostgreSQL's own tools "
             "(package postgresql-client)")
    return path


@app.command()
def backup(
    out: Annotated[Path, typer.Option("--out", help="The backup file to write.")],
    force: bool = typer.Option(False, "--force", help="Overwrite an existing file."),
) -> None:
    """Write a consistent copy of the database to a file, while the app keeps running."""
    from daihoi.cli.audit import open_database

    open_database()
    if out.exists() and not force:
        fail(f"{out} exists: choose another name or add --force")
    db = _database()
    partial = out.with_name(f".{out.name}.{secrets.token_hex(4)}.partial")
    try:
        partial.touch(mode=0o600)  # a backup holds everything: its owner reads it only
        if _is_sqlite(db):
            _sqlite_copy(Path(str(db["NAME"])), partial)
            head = _sqlite_head(partial)
        else:
            from daihoi.audit.log import head_label

            head = head_label() or "empty log"
            done = subprocess.run(  # noqa: S603 - fixed arguments, no shell
                [_tool("pg_dump"), "--format=custom", "--no-owner", "--file", str(partial),
                 str(db["NAME"])], env=_pg_env(db), capture_output=True, text=True,
                check=False)
            if done.returncode != 0:
                fail(f"pg_dump failed: {done.stderr.strip().splitlines()[-1:]}")
        os.replace(partial, out)
    finally:
        partial.unlink(missing_ok=True)
    console.print(f"[green]backup written[/]: {out} ({out.stat().st_size:,} bytes), audit "
                  f"head {head}", highlight=False, soft_wrap=True)
    console.print("the audit keys are not in it: keep a copy of them apart (docs/audit.md)",
                  highlight=False)


def _check(env_overrides: dict[str, str]) -> tuple[bool, str]:
    """Migrate and verify a candidate database in a separate process; (ok, what it said)."""
    env = {**os.environ, **env_overrides}
    run = [sys.executable, "-c", "from daihoi.cli.main import run; run()"]
    for args in (["migrate"], ["audit", "verify"]):
        done = subprocess.run([*run, *args], env=env, capture_output=True,  # noqa: S603
                              text=True, check=False, timeout=3600)
        said = (done.stdout + done.stderr).strip()
        if done.returncode != 0:
            problems = [line for line in said.splitlines()
                        if line.startswith(("BROKEN", "DIFFERS", "error"))]
            return False, (problems or said.splitlines()[-1:] or ["failed"])[0]
    head = [line for line in said.splitlines() if line.startswith("head:")]
    return True, head[0].removeprefix("head:").strip() if head else "empty log"


@app.command()
def restore(
    file: Annotated[Path, typer.Argument(help="A file written by `daihoi backup`.")],
    yes: bool = typer.Option(False, "--yes", help="Do not ask before replacing the database."),
) -> None:
    """Replace the database with a backup, after verifying the backup's audit chain and its
    data against the log in a temporary copy; a backup that does not verify is refused."""
    from daihoi.cli.common import setup_django

    setup_django()
    if not file.is_file():
        fail(f"no backup file {file}")
    with file.open("rb") as f:
        magic = f.read(16)
    db = _database()
    if _is_sqlite(db):
        if magic != SQLITE_MAGIC:
            fail(f"{file} is not an SQLite backup (this installation uses SQLite)")
        _restore_sqlite(file, Path(str(db["NAME"])), yes)
    else:
        if not magic.startswith(PG_MAGIC):
            fail(f"{file} is not a pg_dump custom-format backup (this installation uses "
                 "PostgreSQL)")
        _restore_postgres(file, db, yes)


def _confirm(target: str, head: str, yes: bool) -> None:
    if yes:
        return
    if not typer.confirm(f"Replace the database {target} with this backup (audit head "
                         f"{head})? Everything written since the backup will be lost."):
        fail("nothing was changed", code=1)


def _restore_sqlite(file: Path, live: Path, yes: bool) -> None:
    live.parent.mkdir(parents=True, exist_ok=True)
    check = live.with_name(f".restore-check-{secrets.token_hex(4)}.sqlite3")
    try:
        _sqlite_copy(file, check)
        ok, said = _check({"DATABASE_URL": f"sqlite:///{check}"})
        if not ok:
            fail(f"refused: the backup {file} does not verify ({said}); nothing was changed")
        _confirm(str(live), said, yes)
        # Page by page into the live file, under SQLite's lock: a running app sees either
        # the old database or the restored one.
        src = sqlite3.connect(check)
        dst = sqlite3.connect(live, timeout=60)
        try:
            src.backup(dst)
        finally:
            dst.close()
            src.close()
    finally:
        for path in (check, Path(f"{check}-wal"), Path(f"{check}-shm")):
            path.unlink(missing_ok=True)
    console.print(f"[green]restored[/] {live} from {file}: audit chain and data verified, "
                  f"head {said}", highlight=False)


def _restore_postgres(file: Path, db: dict[str, Any], yes: bool) -> None:
    from django.db import connection

    env = _pg_env(db)
    scratch = f"{db['NAME']}_restore_check_{secrets.token_hex(3)}"
    connection.ensure_connection()
    with connection.cursor() as cursor:
        cursor.execute(f'CREATE DATABASE "{scratch}"')
    try:
        done = subprocess.run(  # noqa: S603 - fixed arguments, no shell
            [_tool("pg_restore"), "--no-owner", "--exit-on-error", "--dbname", scratch,
             str(file)], env=env, capture_output=True, text=True, check=False)
        if done.returncode != 0:
            fail(f"refused: {file} cannot be read by pg_restore; nothing was changed")
        user = f"{db.get('USER')}@" if db.get("USER") else ""
        host = f"{db.get('HOST') or 'localhost'}:{db.get('PORT') or 5432}"
        url = f"postgres://{user}{host}/{scratch}"
        password = db.get("PASSWORD")
        ok, said = _check({"DATABASE_URL": url, **({"PGPASSWORD": str(password)}
                                                   if password else {})})
        if not ok:
            fail(f"refused: the backup {file} does not verify ({said}); nothing was changed")
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{scratch}"')
    _confirm(str(db["NAME"]), said, yes)
    connection.close()
    done = subprocess.run(  # noqa: S603 - fixed arguments, no shell
        [_tool("pg_restore"), "--no-owner", "--clean", "--if-exists", "--single-transaction",
         "--exit-on-error", "--dbname", str(db["NAME"]), str(file)], env=env,
        capture_output=True, text=True, check=False)
    if done.returncode != 0:
        fail(f"pg_restore failed (the database is unchanged: one transaction): "
             f"{done.stderr.strip().splitlines()[-1:]}")
    console.print(f"[green]restored[/] {db['NAME']} from {file}: audit chain and data "
                  f"verified, head {said}; run `daihoi migrate` if this backup is older than "
                  "the installed version", highlight=False)
