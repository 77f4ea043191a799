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
