"""Where daihoi keeps its data on this machine (no Django import: the CLI uses it too)."""

from __future__ import annotations

import os
import secrets
import sys
from pathlib import Path


def data_dir() -> Path:
    """The data folder: ``DAIHOI_DATA_DIR``, else the platform's per-user data folder.

    Linux: ``$XDG_DATA_HOME/daihoi`` (``~/.local/share/daihoi``); Windows:
    ``%LOCALAPPDATA%\\daihoi``; macOS: ``~/Library/Application Support/daihoi``.
    Created on first use.
    """
    path = data_dir_path()
    path.mkdir(parents=True, exist_ok=True)
    return path


def data_dir_path() -> Path:
    """Where the data folder is, without creating it (a command that only reads creates
    nothing)."""
    explicit = os.environ.get("DAIHOI_DATA_DIR")
    if explicit:
        path = Path(explicit)
    elif sys.platform == "win32":
        path = Path(os.environ.get("LOCALAPPDATA", Path.home() / "AppData" / "Local")) / "daihoi"
    elif sys.platform == "darwin":
        path = Path.home() / "Library" / "Application Support" / "daihoi"
    else:
        base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
        path = Path(base) / "daihoi"
    return path


def default_database_url() -> str:
    return f"sqlite:///{data_dir() / 'daihoi.sqlite3'}"


def secret_key_from_data_dir() -> str:
    """A per-installation secret key, made once and kept in the data folder (mode 600)."""
    path = data_dir() / "secret_key"
    if path.exists():
        key = path.read_text(encoding="ascii").strip()
        if len(key) >= 50:
            return key
    key = secrets.token_urlsafe(64)
    path.write_text(key, encoding="ascii")
    path.chmod(0o600)
    return key
