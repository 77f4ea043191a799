"""The API's limits and scopes: read-only and expiring tokens, JSON errors on every path, and
JSON inputs past a size, depth or digit limit refused with a clear 400/413 (issue #13, break 6;
deliverables 5 and 7)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone
from typer.testing import CliRunner

from daihoi.api.actions import do_create_token
from daihoi.api.models import ApiToken
from daihoi.cli.main import _register, app
from tests.conftest import Cast

pytestmark = pytest.mark.django_db
EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "election-committee.json"
DEEP = "[" * 50_000 + "]" * 50_000
LONG_NUMBER = '{"ballots_issued": ' + "9" * 5000 + "}"


def _client(user: Any, **options: Any) -> Client:
    _token, key = do_create_token(user, acting_user=None, name="test", **options)
    return Client(HTTP_AUTHORIZATION=f"Token {key}")


def test_a_read_only_token_reads_and_is_refused_every_write(cast: Cast) -> None:
    client = _client(cast.counter, read_only=True)
    assert client.get("/api/v1/me").status_code == 200
    for method in ("post", "put", "patch", "delete"):
        response = getattr(client, method)("/api/v1/tally", EXAMPLE.read_text(),
                                           content_type="application/json")
        assert response.status_code == 403, method
        assert response.json() == {
            "errors": ["this API token is read-only: it may only read (GET)"]}


def test_a_full_token_may_still_write(cast: Cast) -> None:
    response = _client(cast.counter).post("/api/v1/tally", EXAMPLE.read_text(),
                                          content_type="application/json")
    assert response.status_code == 200


def test_an_expired_token_is_refused_with_401_json(cast: Cast) -> None:
    client = _client(cast.observer, expires_in_days=1)
    assert client.get("/api/v1/me").status_code == 200
    ApiToken.objects.update(expires_at=timezone.now() - dt.timedelta(seconds=1))
    response = client.get("/api/v1/me")
    assert response.status_code == 401
    assert response.json()["errors"][0].startswith("API token expired at ")


def test_the_cli_creates_read_only_expiring_tokens(cast: Cast) -> None:
    _register()
    result = CliRunner().invoke(app, ["token", "create", "observer", "--read-only",
                                      "--expires-in-days", "30"])
    assert result.exit_code == 0, result.output
    assert "read only" in result.output
    token = ApiToken.objects.get()
    assert token.read_only
    assert token.expires_at is not None
    days = (token.expires_at - timezone.now()).total_seconds() / 86400
    assert 29.9 < days <= 30


@pytest.mark.parametrize(("body", "words"), [
    (DEEP, "nested more than 64 levels deep"),
    (LONG_NUMBER, "a number has 5000 digits"),
    ('{"x": NaN}', "NaN is not a JSON number"),
])
def test_tally_refuses_json_past_the_limits_with_a_clear_400(
        cast: Cast, body: str, words: str) -> None:
    response = _client(cast.counter).post("/api/v1/tally", body,
                                          content_type="application/json")
    assert response.status_code == 400
    assert words in response.json()["errors"][0]


def test_a_body_over_the_upload_limit_is_413_json(cast: Cast, settings: Any) -> None:
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    response = _client(cast.counter).post("/api/v1/tally", json.dumps({"x": "y" * 2000}),
                                          content_type="application/json")
    assert response.status_code == 413
    assert response.json()["errors"]


def test_every_api_error_is_json(cast: Cast, monkeypatch: pytest.MonkeyPatch) -> None:
    client = _client(cast.observer)
    unknown = client.get("/api/v1/nothing-here")
    assert unknown.status_code == 404
    assert unknown.json() == {"errors": ["not found"]}
    assert client.delete("/api/v1/me").status_code == 405
    assert client.delete("/api/v1/me").json()["errors"]

    from daihoi.api import views

    def broken(*args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("boom")

    monkeypatch.setattr(views, "org_data", broken)
    crash = Client(raise_request_exception=False,
                   HTTP_AUTHORIZATION=client.defaults["HTTP_AUTHORIZATION"]).get("/api/v1/me")
    assert crash.status_code == 500
    assert crash.json() == {"errors": ["internal server error; it has been logged"]}


def test_a_session_write_without_csrf_is_403_json(cast: Cast) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(cast.counter)
    response = client.post("/api/v1/tally", EXAMPLE.read_text(), content_type="application/json")
    assert response.status_code == 403
    assert response.json()["errors"]


def _cli_tally(tmp_path: Path, text: str) -> Any:
    _register()
    path = tmp_path / "election.json"
    path.write_text(text)
    return CliRunner().invoke(app, ["tally", str(path)])


@pytest.mark.parametrize(("body", "words"), [
    (DEEP, "nested more than 64 levels deep"),
    (LONG_NUMBER, "a number has 5000 digits"),
])
def test_the_cli_tally_says_one_line_and_no_traceback(
        tmp_path: Path, body: str, words: str) -> None:
    result = _cli_tally(tmp_path, body)
    assert result.exit_code == 2, result.output
    assert words in result.output
    assert "Traceback" not in result.output
    assert not isinstance(result.exception, (RecursionError, ValueError))
