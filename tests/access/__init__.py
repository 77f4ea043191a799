"""Who may open which URL: one table per app, walked by tests/test_url_access.py.

Each module here defines ``ACCESS: dict[str, Access]`` keyed by URL name (``"orgs:detail"``)
and may define ``setup(ctx)`` to create the objects its URLs need. Every URL of the project
must appear in exactly one table: a new view without an entry fails the walk.

Roles are the cast of tests/conftest.py: city_staff, ward_office, counter, counter2,
observer, outsider.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

ALL = frozenset({"city_staff", "ward_office", "counter", "counter2", "observer", "outsider"})
SIGNED_IN = ALL


@dataclass
class Ctx:
    tree: Any
    cast: Any
    members: list[Any]
    objects: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Access:
    kwargs: Callable[[Ctx], dict[str, Any]] = lambda ctx: {}
    get: frozenset[str] = frozenset()
    # Roles allowed to POST; None: the URL takes no POST (405 for everyone).
    post: frozenset[str] | None = None
    # Query string for the GET (e.g. filters); public: anonymous users may GET.
    query: str = ""
    public: bool = False
    # GET answers with a redirect (302) rather than a page for allowed roles.
    get_redirects: bool = False
    # A REST endpoint: anonymous visitors get 401 (JSON), not a redirect to the sign-in page.
    api: bool = False


def roles(*names: str) -> frozenset[str]:
    unknown = set(names) - ALL
    assert not unknown, unknown
    return frozenset(names)
