"""The audit chain's keys: secrets kept outside the database (no Django import).

Each entry is sealed with HMAC-SHA256 under one key; its ``key_id`` says which. The keys come
from ``DAIHOI_AUDIT_KEYS`` (hex secrets separated by commas or spaces, the last one current),
else from the file ``audit_keys`` in the data folder (one hex secret a line, the last one
current), which is made on first use with mode 600. A key's id is derived from the key itself,
so a swapped key can never pass for the one that sealed the chain.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import secrets
from dataclasses import dataclass
from pathlib import Path

from daihoi.lib.env import SettingError
from daihoi.project.paths import data_dir

ENV = "DAIHOI_AUDIT_KEYS"
FILE_NAME = "audit_keys"
_HEX = re.compile(r"^[0-9a-f]{64,128}$")


class AuditKeyError(SettingError):
    """The keys cannot be read, or a key is malformed; the message says which and where."""


@dataclass(frozen=True)
class Keyring:
    keys: dict[str, bytes]
    current: str
    source: str  # where the keys came from, for messages

    def get(self, key_id: str) -> bytes | None:
        return self.keys.get(key_id)


def key_id(secret: bytes) -> str:
    """The public name of a key: 12 hex digits of a hash of it (the key cannot be read back)."""
    return hashlib.sha256(b"daihoi-audit-key-id:" + secret).hexdigest()[:12]


def key_file() -> Path:
    return data_dir() / FILE_NAME


def _parse(text: str, where: str) -> list[bytes]:
    out: list[bytes] = []
    for n, raw in enumerate(re.split(r"[\s,]+", re.sub(r"#[^\n]*", "", text)), 1):
        token = raw.strip().lower()
        if not token:
            continue
        if not _HEX.match(token):
            raise AuditKeyError(f"{where}: key {n} is not 64 to 128 hexadecimal digits")
        out.append(bytes.fromhex(token))
    if not out:
        raise AuditKeyError(f"{where}: no key")
    return out


def _ring(secrets_: list[bytes], source: str) -> Keyring:
    keys = {key_id(s): s for s in secrets_}
    return Keyring(keys=keys, current=key_id(secrets_[-1]), source=source)


_cache: dict[tuple[str, int, int], Keyring] = {}


def load(create: bool = True) -> Keyring:
    """The keyring: from the environment, else the data folder's file (made if missing)."""
    raw = os.environ.get(ENV, "")
    if raw.strip():
        return _ring(_parse(raw, ENV), ENV)
    path = key_file()
    if not path.exists():
        if not create:
            raise AuditKeyError(f"{path}: no audit key file (and {ENV} is not set)")
        _create(path)
    stat = path.stat()
    cache_key = (str(path), stat.st_mtime_ns, stat.st_size)
    ring = _cache.get(cache_key)
    if ring is None:
        try:
            text = path.read_text(encoding="ascii")
        except (OSError, UnicodeDecodeError) as exc:
            raise AuditKeyError(f"{path}: cannot read the audit keys: {exc}") from None
        ring = _ring(_parse(text, str(path)), str(path))
        _cache.clear()
        _cache[cache_key] = ring
    return ring


def _create(path: Path) -> None:
    """Write a first key, once: written aside, then linked into place, so that two processes
    starting together end with the same complete file."""
    partial = path.with_name(f".{path.name}.{secrets.token_hex(4)}")
    fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(fd, "w", encoding="ascii") as f:
            f.write("# daihoi audit keys: the last line seals new entries; keep the older "
                    "ones\n")
            f.write(secrets.token_hex(32) + "\n")
            f.flush()
            os.fsync(f.fileno())
        with contextlib.suppress(FileExistsError):  # another process made it first: theirs
            os.link(partial, path)
    finally:
        partial.unlink(missing_ok=True)


def add_key() -> tuple[str, str]:
    """Append a new key to the data folder's file (it becomes current); (old id, new id)."""
    if os.environ.get(ENV, "").strip():
        raise AuditKeyError(f"the keys come from {ENV}: add the new key there (see "
                        "docs/audit.md), it cannot be changed from here")
    old = load().current
    path = key_file()
    new = secrets.token_hex(32)
    with path.open("a", encoding="ascii") as f:
        f.write(new + "\n")
        f.flush()
        os.fsync(f.fileno())
    path.chmod(0o600)
    _cache.clear()
    return old, key_id(bytes.fromhex(new))
