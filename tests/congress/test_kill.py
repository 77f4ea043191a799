"""A keyed ballot survives a killed server: at most the ballot being typed is lost, and a
retried ballot is never counted twice. Starts ``daihoi serve`` on SQLite in a subprocess."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from tests.congress.http_clerk import HttpClerk, free_port, start_server

VENV_BIN = Path(sys.executable).parent
ROOT = Path(__file__).resolve().parents[2]


def _env(tmp: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.update(DAIHOI_DATA_DIR=str(tmp), DATABASE_URL=f"sqlite:///{tmp / 'db.sqlite3'}",
               DJANGO_SETTINGS_MODULE="daihoi.project.settings", PYTHONPATH=str(ROOT))
    env.pop("DAIHOI_DEBUG", None)
    return env


@pytest.mark.slow
def test_sigkill_mid_batch_loses_nothing_saved_and_retries_do_not_double(tmp_path: Path) -> None:
    env = _env(tmp_path)
    subprocess.run([str(VENV_BIN / "daihoi"), "migrate"], env=env, check=True,
                   capture_output=True)
    out = subprocess.run([sys.executable, "-m", "tests.congress.serve_setup", "3", "4", "12"],
                         env=env, check=True, capture_output=True, cwd=ROOT, text=True)
    election = int(out.stdout.split()[-1])
    port = free_port()
    server = start_server(VENV_BIN, env, port)
    try:
        clerk = HttpClerk(f"http://127.0.0.1:{port}", "kiemphieu_a", "mat-khau-kiem-thu-2015")
        # Open a batch through the page, as a clerk would.
        page = clerk.get(f"/dai-hoi/bau-cu/{election}/").decode()
        assert "Bầu Ban Chấp hành" in page
        db = sqlite3.connect(tmp_path / "db.sqlite3")
        clerk._open(f"/dai-hoi/bau-cu/{election}/nhap-lo/", {})
        entry = db.execute("select id from congress_entry").fetchone()[0]
        for i in range(1, 8):
            assert clerk.key(entry, i, str(1 + i % 4), f"kill-{i}") == 200
        server.send_signal(signal.SIGKILL)
        server.wait(timeout=10)
    finally:
        if server.poll() is None:
            server.kill()
    saved = db.execute("select position, content from congress_keyedballot order by position")
    assert [p for p, _ in saved.fetchall()] == list(range(1, 8))
    server = start_server(VENV_BIN, env, port)
    try:
        clerk = HttpClerk(f"http://127.0.0.1:{port}", "kiemphieu_a", "mat-khau-kiem-thu-2015")
        # The 7th ballot's answer was "lost": the client sends it again with the same key.
        assert clerk.key(entry, 7, str(1 + 7 % 4), "kill-7") == 200
        assert clerk.key(entry, 8, "2 3", "kill-8") == 200
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=10)
    rows = db.execute("select position from congress_keyedballot order by position").fetchall()
    assert [p for (p,) in rows] == list(range(1, 9))
