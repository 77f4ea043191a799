"""Passwords, sign-in throttling, headers, CSRF, and Django's deployment checks."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from typing import Any

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.test import Client
from django.utils import timezone

from daihoi.api.models import ApiToken, hash_key
from tests.conftest import PASSWORD, Cast

pytestmark = pytest.mark.django_db


def test_production_hashes_passwords_with_argon2() -> None:
    from daihoi.project import settings as project_settings

    assert project_settings.PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")


def _sign_in(username: str, password: str, address: str = "10.0.0.1") -> Any:
    return Client(REMOTE_ADDR=address).post(
        "/dang-nhap/", {"username": username, "password": password})


def test_sign_in_is_throttled_after_repeated_failures_and_says_until_when(cast: Cast) -> None:
    for _ in range(settings.LOGIN_MAX_FAILURES - 1):
        assert _sign_in("ward_office", "sai").status_code == 200
    assert _sign_in("ward_office", "sai").status_code == 429
    response = _sign_in("ward_office", PASSWORD)
    assert response.status_code == 429
    page = response.content.decode()
    assert "Đăng nhập sai quá nhiều lần" in page
    last = AccessAttempt.objects.get(username="ward_office").attempt_time
    until = timezone.localtime(last + dt.timedelta(seconds=settings.LOGIN_WINDOW_SECONDS))
    assert f"bị khóa đăng nhập đến {until:%H:%M} ngày {until:%d/%m/%Y}" in page


def test_a_good_sign_in_clears_earlier_failures_of_its_own_account(cast: Cast) -> None:
    for _ in range(settings.LOGIN_MAX_FAILURES - 1):
        _sign_in("ward_office", "sai", address=f"10.0.1.{_}")
    assert _sign_in("ward_office", PASSWORD).status_code == 302
    for _ in range(settings.LOGIN_MAX_FAILURES - 1):
        _sign_in("ward_office", "sai", address=f"10.0.2.{_}")
    assert _sign_in("ward_office", PASSWORD).status_code == 302


def test_a_good_sign_in_to_another_account_does_not_clear_the_address(cast: Cast) -> None:
    """Issue #13, break 2: four wrong passwords for one account and one good sign-in to
    another, repeated, gave twelve guesses in fifteen seconds with no lock."""
    guesses = 0
    for _round in range(3):
        for _ in range(4):
            if _sign_in("ward_office", "sai").status_code == 429:
                break
            guesses += 1
        _sign_in("observer", PASSWORD)
    assert guesses <= settings.LOGIN_MAX_FAILURES
    assert _sign_in("ward_office", PASSWORD).status_code == 429
    assert _sign_in("ward_office", PASSWORD, address="10.9.9.9").status_code == 429


def test_one_users_sign_in_does_not_unlock_another(cast: Cast) -> None:
    for _ in range(settings.LOGIN_MAX_FAILURES):
        _sign_in("ward_office", "sai")
    assert _sign_in("observer", PASSWORD, address="10.0.0.2").status_code == 302
    assert _sign_in("ward_office", PASSWORD, address="10.0.0.2").status_code == 429


def test_an_address_is_locked_across_user_names(cast: Cast) -> None:
    for i in range(settings.LOGIN_MAX_FAILURES):
        _sign_in(f"doan-{i}", "sai")
    assert _sign_in("observer", PASSWORD).status_code == 429
    assert _sign_in("observer", PASSWORD, address="10.0.0.3").status_code == 302


def test_the_lock_ends_with_the_window(cast: Cast) -> None:
    for _ in range(settings.LOGIN_MAX_FAILURES):
        _sign_in("ward_office", "sai")
    AccessAttempt.objects.update(attempt_time=timezone.now() - dt.timedelta(
        seconds=settings.LOGIN_WINDOW_SECONDS + 1))
    assert _sign_in("ward_office", PASSWORD).status_code == 302


def test_api_tokens_are_not_throttled_by_sign_in_failures(cast: Cast) -> None:
    key = ApiToken.new_key()
    ApiToken.objects.create(user=cast.ward_office, name="t", key_hash=hash_key(key),
                            prefix=key[:8])
    for _ in range(settings.LOGIN_MAX_FAILURES):
        _sign_in("ward_office", "sai", address="127.0.0.1")
    response = Client(HTTP_AUTHORIZATION=f"Token {key}").get("/api/v1/me")
    assert response.status_code == 200


def test_security_headers_are_set(cast: Cast) -> None:
    client = Client()
    client.force_login(cast.observer)
    response = client.get("/")
    assert "default-src 'self'" in response["Content-Security-Policy"]
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cache-Control"] == "no-store"


def test_a_forged_post_without_csrf_token_is_refused_in_vietnamese(cast: Cast) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(cast.city_staff)
    response = client.post("/to-chuc/dang-vien/them/", {"full_name": "Giả"})
    assert response.status_code == 403
    assert "mã bảo mật" in response.content.decode()


def test_deploy_check_is_clean_in_production_settings(tmp_path: object) -> None:
    env = {
        **os.environ,
        "DAIHOI_DEBUG": "0",
        "DAIHOI_HTTPS": "1",
        "DAIHOI_SECRET_KEY": "k" * 20 + "-production-secret-" + "q7Z" * 10,
        "DAIHOI_ALLOWED_HOSTS": "daihoi.example.org",
        "DAIHOI_DATA_DIR": str(tmp_path),
        "DJANGO_SETTINGS_MODULE": "daihoi.project.settings",
    }
    env.pop("DATABASE_URL", None)
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)  # set for the browser tests, never in production
    result = subprocess.run(
        [sys.executable, "-m", "django", "check", "--deploy", "--fail-level", "WARNING"],
        env=env, capture_output=True, text=True, check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_a_bad_setting_fails_loudly(tmp_path: object) -> None:
    env = {**os.environ, "DAIHOI_DEBUG": "maybe", "DAIHOI_DATA_DIR": str(tmp_path)}
    result = subprocess.run(
        [os.path.join(os.path.dirname(sys.executable), "daihoi"), "migrate"],
        env=env, capture_output=True, text=True, check=False,
    )
    assert result.returncode != 0
    assert "DAIHOI_DEBUG='maybe'" in result.stderr


def test_the_operator_can_lift_a_lock_from_the_command_line(cast: Cast) -> None:
    from typer.testing import CliRunner

    from daihoi.cli.main import _register, app

    for _ in range(settings.LOGIN_MAX_FAILURES):
        _sign_in("ward_office", "sai", address=f"10.0.3.{_}")
    assert _sign_in("ward_office", PASSWORD, address="10.0.4.1").status_code == 429
    _register()
    result = CliRunner().invoke(app, ["unlock", "ward_office"])
    assert result.exit_code == 0, result.output
    assert _sign_in("ward_office", PASSWORD, address="10.0.4.1").status_code == 302
