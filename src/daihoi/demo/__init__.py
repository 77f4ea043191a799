"""The Lạng Sơn 2010 demo: the seed story's organisations, members, campaign and congresses.

``load_demo`` runs the registered steps in order; each step is idempotent (it looks for
what it would create and creates only what is missing). Later parts of the product add
their steps with ``register_step`` from their own module, listed in ``STEP_MODULES``.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import Protocol

DEMO_PASSWORD = "daihoi-demo-2010"  # noqa: S105 - published demo password, demo data only

# Modules that register demo steps, in the order they must run.
STEP_MODULES = ["daihoi.demo.foundation", "daihoi.demo.campaign2010",
                "daihoi.demo.congress2010"]


class Printer(Protocol):
    def print(self, *objects: object) -> None: ...


Step = Callable[[Printer | None], list[str]]
_STEPS: list[tuple[int, str, Step]] = []


def register_step(order: int, name: str) -> Callable[[Step], Step]:
    def wrap(fn: Step) -> Step:
        if all(existing != name for _, existing, _ in _STEPS):
            _STEPS.append((order, name, fn))
        return fn

    return wrap


def load_demo(progress: Printer | None = None) -> list[str]:
    for module in STEP_MODULES:
        importlib.import_module(module)
    summary: list[str] = []
    for _order, name, step in sorted(_STEPS, key=lambda s: s[0]):
        if progress is not None:
            progress.print(f"demo: {name} …")
        summary.extend(step(progress))
    return summary
