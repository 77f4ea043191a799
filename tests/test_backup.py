"""``daihoi backup`` and ``daihoi restore``: the round trip, and a tampered backup refused
before anything is replaced (issue #13, item 8)."""

from __future__ import annotations

import os
import secrets
import shutil
import sqlite3
import stat
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

DAIHOI = [sys.executable, "-c", "from daihoi.cli.main import run; run()"]


def _run(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*DAIHOI, *args], env={**os.environ, **env}, capture_output=True,
                          text=True, check=False, timeout=600)


def _users(db: Path) -> list[str]:
    conn = sqlite3.connect(db)
    try:
        return [r[0] for r in conn.execute("SELECT username FROM accounts_user ORDER BY id")]
    finally:
        conn.close()


def _env(data: Path) -> dict[str, str]:
    return {"DAIHOI_DATA_DIR": str(data), "DATABASE_URL": "", "DAIHOI_AUDIT_KEYS": "",
            "DAIHOI_ADMIN_PASSWORD": "mat-khau-sao-luu-2010"}


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A migrated installation with one administrator, made once and copied for each test."""
    data = tmp_path_factory.mktemp("template") / "data"
    assert _run("migrate", env=_env(data)).returncode == 0
    made = _run("createadmin", "--username", "quantri", env=_env(data))
    assert made.returncode == 0, made.stderr
    return data


@pytest.fixture
def site(template: Path, tmp_path: Path) -> dict[str, str]:
    shutil.copytree(template, tmp_path / "data")
    return _env(tmp_path / "data")


def test_backup_then_restore_brings_the_data_back_and_the_chain_verifies(
        site: dict[str, str], tmp_path: Path) -> None:
    live = Path(site["DAIHOI_DATA_DIR"]) / "daihoi.sqlite3"
    out = tmp_path / "sao-luu.sqlite3"
    done = _run("backup", "--out", str(out), env=site)
    assert done.returncode == 0, done.stderr
    assert "backup written" in done.stdout
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    assert [p.name for p in tmp_path.iterdir() if p.is_file()] == [out.name]  # nothing left
    assert "#1" in done.stdout
    assert _run("createadmin", "--username", "sau_sao_luu", env=site).returncode == 0
    assert _users(live) == ["quantri", "sau_sao_luu"]
    refused = _run("backup", "--out", str(out), env=site)
    assert refused.returncode == 1
    assert "exists" in refused.stderr

    restored = _run("restore", str(out), "--yes", env=site)
    assert restored.returncode == 0, restored.stderr
    assert "audit chain and data verified" in restored.stdout
    assert _users(live) == ["quantri"]
    verified = _run("audit", "verify", env=site)
    assert verified.returncode == 0, verified.stdout
    assert "audit chain intact" in verified.stdout


def test_a_tampered_backup_is_refused_in_one_line_and_nothing_is_replaced(
        site: dict[str, str], tmp_path: Path) -> None:
    live = Path(site["DAIHOI_DATA_DIR"]) / "daihoi.sqlite3"
    out = tmp_path / "sao-luu.sqlite3"
    assert _run("backup", "--out", str(out), env=site).returncode == 0
    tampered = tmp_path / "sua.sqlite3"
    shutil.copy(out, tampered)
    conn = sqlite3.connect(tampered)
    conn.execute("UPDATE accounts_user SET role = 'observer' WHERE username = 'quantri'")
    conn.commit()
    conn.close()
    assert _run("createadmin", "--username", "sau_sao_luu", env=site).returncode == 0

    refused = _run("restore", str(tampered), "--yes", env=site)
    assert refused.returncode == 1
    lines = refused.stderr.strip().splitlines()
    assert len(lines) == 1, lines
    assert "refused" in lines[0]
    assert "role" in lines[0]
    assert _users(live) == ["quantri", "sau_sao_luu"]


def test_a_backup_sealed_with_another_key_is_refused(site: dict[str, str],
                                                      tmp_path: Path) -> None:
    out = tmp_path / "sao-luu.sqlite3"
    assert _run("backup", "--out", str(out), env=site).returncode == 0
    other = {**site, "DAIHOI_AUDIT_KEYS": "cd" * 32}
    refused = _run("restore", str(out), "--yes", env=other)
    assert refused.returncode == 1
    assert "which this installation does not hold" in refused.stderr


def test_restore_refuses_a_file_that_is_not_a_backup(site: dict[str, str],
                                                     tmp_path: Path) -> None:
    junk = tmp_path / "ghi-chu.txt"
    junk.write_text("không phải bản sao lưu", encoding="utf-8")
    refused = _run("restore", str(junk), "--yes", env=site)
    assert refused.returncode == 1
    assert "not an SQLite backup" in refused.stderr
    assert "Traceback" not in refused.stderr


def test_verify_on_a_missing_or_unmigrated_database_says_so_in_one_line(
        tmp_path: Path) -> None:
    env = {"DAIHOI_DATA_DIR": str(tmp_path / "trong"), "DATABASE_URL": ""}
    missing = _run("audit", "verify", env=env)
    assert missing.returncode == 1
    assert missing.stderr.strip().count("\n") == 0
    assert "daihoi migrate" in missing.stderr
    assert "Traceback" not in missing.stderr
    assert not (tmp_path / "trong" / "daihoi.sqlite3").exists()
    empty = tmp_path / "rong.sqlite3"
    sqlite3.connect(empty).close()
    unmigrated = _run("audit", "verify", env={**env, "DATABASE_URL": f"sqlite:///{empty}"})
    assert unmigrated.returncode == 1
    assert "is empty: run `daihoi migrate` first" in unmigrated.stderr
    assert "Traceback" not in unmigrated.stderr


@pytest.fixture
def pg_site(tmp_path: Path) -> Iterator[dict[str, str]]:
    """A scratch PostgreSQL database, migrated, with one administrator (dropped afterwards)."""
    base = os.environ.get("DAIHOI_TEST_PG_URL", "")
    if not base or shutil.which("pg_dump") is None or shutil.which("pg_restore") is None:
        pytest.skip("needs DAIHOI_TEST_PG_URL and the PostgreSQL client tools")
    import psycopg

    server, _, _ = base.rpartition("/")
    name = f"daihoi_backup_{secrets.token_hex(4)}"
    with psycopg.connect(f"{server}/postgres", autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    env = {**_env(tmp_path / "data"), "DATABASE_URL": f"{server}/{name}"}
    try:
        assert _run("migrate", env=env).returncode == 0
        assert _run("createadmin", "--username", "quantri", env=env).returncode == 0
        yield env
    finally:
        with psycopg.connect(f"{server}/postgres", autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _pg_users(env: dict[str, str]) -> list[str]:
    import psycopg

    with psycopg.connect(env["DATABASE_URL"]) as conn:
        return [r[0] for r in conn.execute("SELECT username FROM accounts_user ORDER BY id")]


@pytest.mark.postgres
def test_postgres_backup_and_restore_through_its_own_tools(pg_site: dict[str, str],
                                                            tmp_path: Path) -> None:
    out = tmp_path / "sao-luu.dump"
    done = _run("backup", "--out", str(out), env=pg_site)
    assert done.returncode == 0, done.stderr
    assert out.read_bytes().startswith(b"PGDMP")
    assert _run("createadmin", "--username", "sau_sao_luu", env=pg_site).returncode == 0
    restored = _run("restore", str(out), "--yes", env=pg_site)
    assert restored.returncode == 0, restored.stderr
    assert _pg_users(pg_site) == ["quantri"]
    assert _run("audit", "verify", env=pg_site).returncode == 0
    # A backup whose data was changed is refused, and the database is left as it was.
    import psycopg

    with psycopg.connect(pg_site["DATABASE_URL"], autocommit=True) as conn:
        conn.execute("UPDATE accounts_user SET role = 'observer'")
    tampered = tmp_path / "sua.dump"
    assert _run("backup", "--out", str(tampered), env=pg_site).returncode == 0
    with psycopg.connect(pg_site["DATABASE_URL"], autocommit=True) as conn:
        conn.execute("UPDATE accounts_user SET role = 'superior_staff'")
    refused = _run("restore", str(tampered), "--yes", env=pg_site)
    assert refused.returncode == 1
    assert "refused" in refused.stderr
    assert "role" in refused.stderr
    assert _run("audit", "verify", env=pg_site).returncode == 0
