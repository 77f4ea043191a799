"""Walk every URL of the project with every role of the cast and an anonymous visitor."""

from __future__ import annotations

import importlib
import pkgutil
from typing import Any

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

import tests.access
from tests.access import Access, Ctx
from tests.conftest import PASSWORD, Cast


def _url_names(resolver: URLResolver | None = None, prefix: str = "") -> set[str]:
    names: set[str] = set()
    for p in (resolver or get_resolver()).url_patterns:
        if isinstance(p, URLResolver):
            ns = f"{prefix}{p.namespace}:" if p.namespace else prefix
            names |= _url_names(p, ns)
        elif isinstance(p, URLPattern) and p.name:
            names.add(prefix + p.name)
    return names


def _tables() -> tuple[dict[str, Access], dict[str, str], dict[str, Any]]:
    """Every access entry, the module it comes from, and each module's setup."""
    table: dict[str, Access] = {}
    owner: dict[str, str] = {}
    setups: dict[str, Any] = {}
    for info in pkgutil.iter_modules(tests.access.__path__):
        module = importlib.import_module(f"tests.access.{info.name}")
        for name, access in getattr(module, "ACCESS", {}).items():
            assert name not in table, f"{name} is in two access tables"
            table[name] = access
            owner[name] = info.name
        if hasattr(module, "setup"):
            setups[info.name] = module.setup
    return table, owner, setups


def test_every_url_has_an_access_entry() -> None:
    table, _, _ = _tables()
    missing = sorted(_url_names() - set(table))
    assert not missing, f"URLs without an access entry in tests/access/: {missing}"
    stale = sorted(set(table) - _url_names())
    assert not stale, f"access entries for URLs that no longer exist: {stale}"


def _client_for(user: Any | None) -> Client:
    client = Client()
    if user is not None:
        assert client.login(username=user.username, password=PASSWORD)
    return client


@pytest.mark.django_db
def test_every_url_with_every_role(cast: Cast, members: list[Any]) -> None:
    table, owner, setups = _tables()
    from daihoi.orgs.models import Organization
    from tests.conftest import Tree  # the fixture's tree, rebuilt from the database

    by_code = {o.code: o for o in Organization.objects.all()}
    tree = Tree(*(by_code[c] for c in ["T", "T-TP", "T-TP-P1", "T-TP-P1-A", "T-TP-P1-B",
                                       "T-TP-TH2", "T-TK", "T-TK-P9"]))
    # Each table gets its own objects: two apps may both call theirs "congress".
    contexts = {module: Ctx(tree=tree, cast=cast, members=members)
                for module in set(owner.values())}
    for module, setup in setups.items():
        setup(contexts[module])
    failures: list[str] = []
    people: dict[str, Any] = {"anonymous": None, **cast.all()}
    for name, access in sorted(table.items()):
        url = reverse(name, kwargs=access.kwargs(contexts[owner[name]]))
        if access.query:
            url = f"{url}?{access.query}"
        for role, user in people.items():
            client = _client_for(user)
            allowed_get = role in access.get if user is not None else access.public
            response = client.get(url)
            status = response.status_code
            if access.get or access.public:
                if allowed_get:
                    ok = status == 200 or (access.get_redirects and status == 302)
                elif user is None and access.api:
                    ok = status == 401
                elif user is None:
                    ok = status == 302 and "/dang-nhap/" in response.get("Location", "")
                else:
                    ok = status in (403, 404)
            else:
                ok = status in (302, 401, 403, 404, 405)
            if not ok:
                failures.append(f"GET {name} as {role}: {status} (allowed={allowed_get})")
            if access.post is not None and user is not None and role not in access.post:
                status = _client_for(user).post(url, {}).status_code
                if status not in (403, 404):
                    failures.append(f"POST {name} as {role}: {status}, expected refusal")
            if access.post is not None and user is None and not access.public:
                response = Client().post(url, {})
                if response.status_code != (401 if access.api else 302):
                    failures.append(f"POST {name} anonymous: {response.status_code}")
    assert not failures, "\n".join(failures)
