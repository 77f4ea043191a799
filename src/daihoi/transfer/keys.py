"""This installation's signing key, kept in the data folder beside the secret key (mode 600).

The superior's server signs congress kits with it; its key id (``key_id``) is printed on the
kit's cover sheet and on the campaign page, so a hall laptop can check that a kit comes from its
superior before loading it. No Django import.
"""

from __future__ import annotations

import os
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import (
    Encoding,
    NoEncryption,
    PrivateFormat,
    load_pem_private_key,
)

from daihoi.project.paths import data_dir

KEY_FILE = "signing_key.pem"


def _path() -> Path:
    return data_dir() / KEY_FILE


def server_key() -> Ed25519PrivateKey:
    """The installation's Ed25519 key, made once on first use."""
    path = _path()
    if path.exists():
        key = load_pem_private_key(path.read_bytes(), password=None)
        if not isinstance(key, Ed25519PrivateKey):
            raise RuntimeError(f"{path} does not hold an Ed25519 key")
        return key
    key = Ed25519PrivateKey.generate()
    pem = key.private_bytes(Encoding.PEM, PrivateFormat.PKCS8, NoEncryption())
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as fh:
        fh.write(pem)
    return key


def new_hall_key() -> Ed25519PrivateKey:
    return Ed25519PrivateKey.generate()


def private_key_text(key: Ed25519PrivateKey) -> str:
    return key.private_bytes(Encoding.PEM, PrivateFormat.PKCS8, NoEncryption()).decode()


def private_key_from_text(text: str) -> Ed25519PrivateKey:
    key = load_pem_private_key(text.encode(), password=None)
    if not isinstance(key, Ed25519PrivateKey):
        raise ValueError("not an Ed25519 key")
    return key
