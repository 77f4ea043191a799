"""The daihoi command: database commands honour DATABASE_URL and fail with clear messages."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from daihoi.accounts.models import User
from daihoi.audit.log import verify
from daihoi.demo import load_demo
from daihoi.orgs.models import Member, Organization

DAIHOI = str(Path(sys.executable).parent / "daihoi")


def _run(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run([DAIHOI, *args], env={**os.environ, **env}, capture_output=True,
                          text=True, check=False, timeout=600)


def test_migrate_creates_the_sqlite_file_in_the_data_folder(tmp_path: Path) -> None:
    env = {"DAIHOI_DATA_DIR": str(tmp_path), "DATABASE_URL": ""}
    result = _run("migrate", env=env)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "daihoi.sqlite3").exists()
    verify_result = _run("audit", "verify", env=env)
    assert verify_result.returncode == 0
    assert "intact" in verify_result.stdout


def test_an_unreachable_database_is_a_clear_error(tmp_path: Path) -> None:
    env = {"DAIHOI_DATA_DIR": str(tmp_path),
           "DATABASE_URL": "postgres://nobody@127.0.0.1:1/nothing"}
    result = _run("migrate", env=env)
    assert result.returncode == 1
    assert "cannot connect to the database" in result.stderr


def test_an_unknown_database_scheme_is_a_clear_error(tmp_path: Path) -> None:
    result = _run("migrate", env={"DAIHOI_DATA_DIR": str(tmp_path), "DATABASE_URL": "oracle2://x"})
    assert result.returncode == 1
    assert "DATABASE_URL" in result.stderr


def test_process_scans_reads_what_is_queued_and_says_so(tmp_path: Path) -> None:
    env = {"DAIHOI_DATA_DIR": str(tmp_path), "DATABASE_URL": ""}
    assert _run("migrate", env=env).returncode == 0
    result = _run("process-scans", env=env)
    assert result.returncode == 0, result.stderr
    assert "no queued upload to read" in result.stdout


def test_serve_refuses_an_unmigrated_database(tmp_path: Path) -> None:
    result = _run("serve", "--port", "0", env={"DAIHOI_DATA_DIR": str(tmp_path),
                                               "DATABASE_URL": ""})
    assert result.returncode == 1
    assert "daihoi migrate" in result.stderr


@pytest.mark.django_db
@pytest.mark.slow
def test_demo_is_the_lang_son_city_and_idempotent() -> None:
    load_demo()
    city = Organization.objects.get(code="LS-TP")
    grassroots = Organization.objects.filter(parent=city)
    assert grassroots.count() == 60
    kinds = set(grassroots.values_list("sector", flat=True))
    assert {"ward", "commune", "agency", "school", "hospital", "enterprise",
            "armed_forces"} <= kinds
    members = Member.objects.filter(organization__path__startswith=city.path).count()
    assert 3800 <= members <= 4300
    ethnicities = set(Member.objects.values_list("ethnicity", flat=True))
    assert {"Tày", "Nùng", "Kinh"} <= ethnicities
    assert set(User.objects.values_list("role", flat=True)) == {
        "superior_staff", "org_office", "counting_board", "observer"}
    counts = (Organization.objects.count(), Member.objects.count(), User.objects.count())
    load_demo()
    assert (Organization.objects.count(), Member.objects.count(), User.objects.count()) == counts
    assert verify().ok


def _free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_serve_answers_and_serves_its_own_static_files(tmp_path: Path) -> None:
    import time
    import urllib.request

    env = {"DAIHOI_DATA_DIR": str(tmp_path), "DATABASE_URL": ""}
    assert _run("migrate", env=env).returncode == 0
    port = _free_port()
    server = subprocess.Popen([DAIHOI, "serve", "--port", str(port)],
                              env={**os.environ, **env}, stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True)
    try:
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 90  # the start-up takes seconds on a busy machine
        while True:
            try:
                with urllib.request.urlopen(f"{base}/healthz", timeout=5) as response:
                    assert response.read() == b"ok"
                break
            except OSError:
                assert server.poll() is None, server.stderr.read() if server.stderr else ""
                assert time.monotonic() < deadline, "daihoi serve did not answer"
                time.sleep(0.2)
        with urllib.request.urlopen(f"{base}/static/htmx/htmx.min.js", timeout=5) as response:
            assert b"htmx" in response.read(2000)
        # A fresh installation (no account, no kit) opens on the page that loads a congress kit.
        with urllib.request.urlopen(f"{base}/dang-nhap/", timeout=5) as response:
            assert response.url.endswith("/chuyen-giao/bat-dau/")
            assert "daihoi createadmin" in response.read().decode()
        created = _run("createadmin", "--username", "quantri",
                       env={**env, "DAIHOI_ADMIN_PASSWORD": "mat-khau-dai-va-kho-doan-2010"})
        assert created.returncode == 0, created.stderr
        with urllib.request.urlopen(f"{base}/dang-nhap/", timeout=5) as response:
            page = response.read().decode()
            assert "Đăng nhập" in page
            assert response.headers["Server"] == "daihoi"
    finally:
        server.terminate()
        server.wait(timeout=10)


@pytest.mark.django_db
def test_the_migrations_match_the_models() -> None:
    from django.core.management import call_command

    call_command("makemigrations", "--check", "--dry-run", verbosity=0)
