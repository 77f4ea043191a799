"""The REST API: token and session authentication, scope, JSON errors, the tally endpoint."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from typer.testing import CliRunner

from daihoi.api.models import ApiToken, hash_key
from daihoi.cli.main import _register, app
from tests.conftest import Cast, Tree

pytestmark = pytest.mark.django_db
EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "election-committee.json"


def _token(user: Any) -> str:
    key = ApiToken.new_key()
    ApiToken.objects.create(user=user, name="test", key_hash=hash_key(key), prefix=key[:8])
    return key


def test_a_token_sees_only_its_users_scope(cast: Cast, tree: Tree, members: list[Any]) -> None:
    client = Client(HTTP_AUTHORIZATION=f"Token {_token(cast.ward_office)}")
    data = client.get("/api/v1/organizations").json()
    assert {o["code"] for o in data["results"]} == {"T-TP-P1", "T-TP-P1-A", "T-TP-P1-B"}
    names = [m["full_name"] for m in client.get("/api/v1/members").json()["results"]]
    assert names == ["Vi Thị Hoa", "Hoàng Thị Lan", "Nông Văn Minh", "Lương Văn Tài"]
    assert client.get(f"/api/v1/organizations/{tree.school.pk}").status_code == 404
    assert client.get(f"/api/v1/members/{members[4].pk}").json() == {
        "errors": ["not found, or outside your scope"]}


def test_bad_and_revoked_tokens_are_refused(cast: Cast) -> None:
    assert Client(HTTP_AUTHORIZATION="Token nope").get("/api/v1/me").status_code == 401
    key = _token(cast.observer)
    ApiToken.objects.update(revoked=True)
    response = Client(HTTP_AUTHORIZATION=f"Token {key}").get("/api/v1/me")
    assert response.status_code == 401
    assert Client(HTTP_AUTHORIZATION="Basic abc").get("/api/v1/me").status_code == 401


def test_the_session_works_and_writes_need_the_csrf_token(cast: Cast) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(cast.observer)
    assert client.get("/api/v1/me").json()["role"] == "observer"
    response = client.post("/api/v1/tally", EXAMPLE.read_text(), content_type="application/json")
    assert response.status_code == 403


def test_tally_counts_an_election_document(cast: Cast) -> None:
    client = Client(HTTP_AUTHORIZATION=f"Token {_token(cast.counter)}")
    response = client.post("/api/v1/tally?explain=1", EXAMPLE.read_text(),
                           content_type="application/json")
    assert response.status_code == 200, response.content
    expected = json.loads((EXAMPLE.parent / "election-committee.result.json").read_text())
    assert response.json()["result"] == expected
    assert response.json()["explanation"]


def test_tally_reports_every_problem_with_its_path(cast: Cast) -> None:
    client = Client(HTTP_AUTHORIZATION=f"Token {_token(cast.counter)}")
    doc = json.loads(EXAMPLE.read_text())
    doc["ballots"][0] = {"kept": ["x9"]}
    response = client.post("/api/v1/tally", json.dumps(doc), content_type="application/json")
    assert response.status_code == 400
    assert any("ballots[0]" in p and "x9" in p for p in response.json()["errors"])
    bad = client.post("/api/v1/tally", "{nope", content_type="application/json")
    assert bad.status_code == 400
    assert "invalid JSON" in bad.json()["errors"][0]
    form = client.post("/api/v1/tally", {"a": "b"})
    assert form.status_code == 415


def test_tally_refuses_a_rulebook_path_on_the_server(cast: Cast) -> None:
    client = Client(HTTP_AUTHORIZATION=f"Token {_token(cast.counter)}")
    doc = json.loads(EXAMPLE.read_text())
    doc["rules"] = "/etc/passwd"
    response = client.post("/api/v1/tally", json.dumps(doc), content_type="application/json")
    assert response.status_code == 400
    assert "is a file path" in response.json()["errors"][0]
    assert "no file is opened" in response.json()["errors"][0]


def test_bad_paging_is_a_clear_error(cast: Cast) -> None:
    client = Client(HTTP_AUTHORIZATION=f"Token {_token(cast.city_staff)}")
    assert client.get("/api/v1/members?page=abc").json() == {
        "errors": ["page: expected a whole number, got 'abc'"]}
    assert client.get("/api/v1/members?page_size=0").status_code == 400
    assert client.get("/api/v1/members?page=99").status_code == 404


def test_the_openapi_document_lists_every_endpoint(cast: Cast) -> None:
    client = Client(HTTP_AUTHORIZATION=f"Token {_token(cast.observer)}")
    paths = set(client.get("/api/v1/openapi.json").json()["paths"])
    assert paths == {"/me", "/organizations", "/organizations/{pk}", "/members",
                     "/members/{pk}", "/tally", "/campaigns", "/campaigns/{pk}",
                     "/campaigns/{pk}/congresses", "/packages"}


def test_cli_creates_and_revokes_tokens(cast: Cast) -> None:
    _register()
    result = CliRunner().invoke(app, ["token", "create", "observer", "--name", "báo cáo"])
    assert result.exit_code == 0, result.output
    key = next(w for w in result.output.split() if w.startswith("dh_"))
    assert Client(HTTP_AUTHORIZATION=f"Token {key}").get("/api/v1/me").status_code == 200
    assert CliRunner().invoke(app, ["token", "revoke", key[:8]]).exit_code == 0
    assert Client(HTTP_AUTHORIZATION=f"Token {key}").get("/api/v1/me").status_code == 401
