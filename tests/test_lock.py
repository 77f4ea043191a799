"""The lock files hold every dependency pyproject.toml pins, at the same version, with hashes:
a dependency added without `./scripts/lock` fails here, not on a newcomer's first install."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _name(text: str) -> str:
    return re.sub(r"[-_.]+", "-", text).lower()


def _locked(path: Path) -> dict[str, str]:
    text = path.read_text(encoding="utf-8")
    pins = dict(re.findall(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==([^\s;\\]+)", text, re.MULTILINE))
    blocks = re.split(r"\n(?=[A-Za-z0-9])", text)
    for block in blocks:
        if "==" in block.split("\n", 1)[0]:
            assert "--hash=sha256:" in block, f"{path.name}: no hash for {block.split()[0]}"
    return {_name(k): v for k, v in pins.items()}


def _pinned(requirements: list[str]) -> dict[str, str]:
    out = {}
    for requirement in requirements:
        match = re.fullmatch(r"([A-Za-z0-9._-]+)(?:\[([^\]]+)\])?==(\S+)", requirement.strip())
        assert match, f"pyproject.toml: {requirement!r} is not pinned with =="
        out[_name(match[1])] = match[3]
    return out


def test_the_locks_hold_every_pinned_dependency_at_its_version() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    runtime = _pinned(project["project"]["dependencies"])
    dev = _pinned(project["project"]["optional-dependencies"]["dev"])
    build = _pinned(project["build-system"]["requires"])
    app_lock = _locked(ROOT / "requirements.lock")
    dev_lock = _locked(ROOT / "requirements-dev.lock")
    for lock, wanted in ((app_lock, runtime | build), (dev_lock, runtime | dev | build)):
        missing = {n: v for n, v in wanted.items() if lock.get(n) != v}
        assert not missing, f"run ./scripts/lock: not locked at these versions: {missing}"
    # the application's lock agrees with the development lock on every shared package
    assert {n: v for n, v in app_lock.items() if dev_lock.get(n) != v} == {}
