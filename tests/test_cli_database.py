"""Every database command of ``daihoi`` on a database it cannot use: missing, empty, or from
before the current migrations. Each says in one line what to run and which database it looked
at, never a traceback; a command on a missing database creates nothing. And ``report
campaign`` without ``--out`` writes to standard output.

The commands run in a child process (the real start-up, with its own environment), all of
them in one process per kind of database, since each start-up costs seconds on a busy
machine; one of them also runs through the installed ``daihoi`` script.
"""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
import typer.main
from typer.testing import CliRunner

from daihoi.cli.main import _register, app
from tests.conftest import Tree

DAIHOI = str(Path(sys.executable).parent / "daihoi")

# The arguments each database command is tried with (the database check comes first).
DATABASE_COMMANDS = {
    "serve": ["serve", "--port", "0"],
    "process-scans": ["process-scans"],
    "createadmin": ["createadmin", "--username", "quantri"],
    "demo": ["demo"],
    "audit verify": ["audit", "verify"],
    "token create": ["token", "create", "quantri"],
    "token revoke": ["token", "revoke", "abcdefgh"],
    "campaign remind": ["campaign", "remind", "LS-TP"],
    "report campaign": ["report", "campaign", "LS-TP", "--format", "json"],
    "audit rotate-key": ["audit", "rotate-key"],
    "backup": ["backup", "--out", "sao-luu.bak"],
    "unlock": ["unlock", "quantri"],
    "kit key": ["kit", "key"],
    "kit export": ["kit", "export", "LS-TP-P-CL", "--out", "bo-du-lieu.daihoi"],
    "kit import": ["kit", "import", "bo-du-lieu.daihoi", "--superior-key", "0000"],
    "package export": ["package", "export", "--out", "goi.daihoi"],
    "package import": ["package", "import", "goi.daihoi"],
    "package push": ["package", "push", "--server", "http://127.0.0.1:9", "--token", "x"],
}
# Commands that make or replace the database itself.
CREATING_COMMANDS = {"migrate", "restore"}
FILE_COMMANDS = {"tally", "rules list", "rules check", "ballots print", "ballots read",
                 "ballots sample", "ballots calibrate-kit", "ballots calibrate"}

# Runs each command of DATABASE_COMMANDS in turn in this one process, as `daihoi` would,
# and prints {command: [exit code, standard error]} as JSON.
DRIVER = """
import contextlib, io, json, sys
from daihoi.cli.main import run
commands = json.loads(sys.argv[1])
seen = {}
for name, argv in commands.items():
    sys.argv = ["daihoi", *argv]
    err = io.StringIO()
    with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
        try:
            run()
            code = 0
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else 1
        except BaseException as exc:
            code = f"uncaught {type(exc).__name__}: {exc}"
    seen[name] = [code, err.getvalue()]
print(json.dumps(seen))
"""


def _commands() -> set[str]:
    _register()

    def walk(command: object, prefix: tuple[str, ...] = ()) -> list[str]:
        subs = getattr(command, "commands", None)
        if not subs:
            return [" ".join(prefix)]
        return [name for n, sub in subs.items() for name in walk(sub, (*prefix, n))]

    return set(walk(typer.main.get_command(app)))


def _env(data_dir: Path) -> dict[str, str]:
    return {**os.environ, "DAIHOI_DATA_DIR": str(data_dir), "DATABASE_URL": "",
            "DAIHOI_ADMIN_PASSWORD": "mat-khau-dai-va-kho-doan-2010"}


def _run_all(data_dir: Path) -> dict[str, list[object]]:
    result = subprocess.run(
        [sys.executable, "-c", DRIVER, json.dumps(DATABASE_COMMANDS)], env=_env(data_dir),
        capture_output=True, text=True, check=False, timeout=600)
    assert result.returncode == 0, result.stderr
    seen: dict[str, list[object]] = json.loads(result.stdout)
    return seen


def _one_line_naming(seen: dict[str, list[object]], *words: str) -> None:
    for name, (code, err) in seen.items():
        assert code == 1, (name, code, err)
        assert isinstance(err, str)
        lines = err.strip().splitlines()
        assert len(lines) == 1, (name, err)
        assert lines[0].startswith("error: "), (name, err)
        assert "Traceback" not in err, (name, err)
        for word in words:
            assert word in lines[0], (name, word, err)


def test_every_command_is_either_tried_here_or_works_on_files_alone() -> None:
    assert _commands() == set(DATABASE_COMMANDS) | FILE_COMMANDS | CREATING_COMMANDS


def test_a_missing_database_is_one_line_naming_it_and_nothing_is_created(
        tmp_path: Path) -> None:
    folder = tmp_path / "khong-co"
    seen = _run_all(folder)
    _one_line_naming(seen, "no database at", str(folder / "daihoi.sqlite3"),
                     "DAIHOI_DATA_DIR=", "daihoi migrate")
    assert not folder.exists()
    assert list(tmp_path.iterdir()) == []


def test_the_installed_script_says_the_same_without_a_data_folder_and_creates_nothing(
        tmp_path: Path) -> None:
    env = {**_env(tmp_path), "XDG_DATA_HOME": str(tmp_path / "xdg")}
    del env["DAIHOI_DATA_DIR"]
    result = subprocess.run([DAIHOI, "audit", "verify"], env=env, capture_output=True,
                            text=True, check=False, timeout=600)
    assert result.returncode == 1
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr
    assert "the default data folder" in result.stderr
    assert "./scripts/daihoi" in result.stderr
    assert list(tmp_path.iterdir()) == []


def test_an_empty_database_file_is_one_line_saying_to_migrate(tmp_path: Path) -> None:
    tmp_path.joinpath("daihoi.sqlite3").write_bytes(b"")
    _one_line_naming(_run_all(tmp_path), "is empty", str(tmp_path / "daihoi.sqlite3"),
                     "daihoi migrate")


def test_a_database_from_before_the_migrations_is_one_line_saying_to_migrate(
        tmp_path: Path) -> None:
    db = sqlite3.connect(tmp_path / "daihoi.sqlite3")
    db.execute("CREATE TABLE django_migrations (id integer primary key, app varchar(255),"
               " name varchar(255), applied datetime)")
    db.commit()
    db.close()
    _one_line_naming(_run_all(tmp_path), "needs updating", "migrations", "daihoi migrate")


def test_a_database_url_to_a_missing_sqlite_file_is_named_and_not_created(
        tmp_path: Path) -> None:
    target = tmp_path / "noi-khac" / "du-lieu.sqlite3"
    env = {**_env(tmp_path / "data"), "DATABASE_URL": f"sqlite:///{target}"}
    result = subprocess.run([DAIHOI, "report", "campaign", "LS-TP"], env=env,
                            capture_output=True, text=True, check=False, timeout=600)
    assert result.returncode == 1
    assert f"DATABASE_URL=sqlite:///{target}" in result.stderr
    assert not target.parent.exists()
    assert not (tmp_path / "data").exists()


@pytest.fixture
def world(tree: Tree, transactional_db: None) -> None:
    from tests.reports.helpers import build_world

    build_world(tree)


def test_report_campaign_without_out_writes_to_standard_output(world: None) -> None:
    _register()
    runner = CliRunner()
    as_json = runner.invoke(app, ["report", "campaign", "T-TP", "--format", "json"])
    assert as_json.exit_code == 0, as_json.output
    assert json.loads(as_json.stdout)["campaign"] == "T-TP:2010-2015"
    as_docx = runner.invoke(app, ["report", "campaign", "T-TP", "--format", "docx"])
    assert as_docx.exit_code == 0, as_docx.output
    assert as_docx.stdout_bytes.startswith(b"PK")  # a DOCX is a ZIP archive
