"""Passwords, sign-in throttling, headers, CSRF, and Django's deployment checks."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.test import Client

from tests.conftest import PASSWORD, Cast

pytestmark = pytest.mark.django_db


def test_production_hashes_passwords_with_argon2() -> None:
    from daihoi.project import settings as project_settings

    assert project_settings.PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")


def test_sign_in_is_throttled_after_repeated_failures(cast: Cast) -> None:
    client = Client()
    for _ in range(settings.LOGIN_MAX_FAILURES):
        response = client.post("/dang-nhap/", {"username": "ward_office", "password": "sai"})
        assert response.status_code == 200
    response = client.post("/dang-nhap/", {"username": "ward_office", "password": PASSWORD})
    assert "Đăng nhập sai quá nhiều lần" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_a_good_sign_in_clears_earlier_failures(cast: Cast) -> None:
    client = Client()
    client.post("/dang-nhap/", {"username": "ward_office", "password": "sai"})
    response = client.post("/dang-nhap/", {"username": "ward_office", "password": PASSWORD})
    assert response.status_code == 302


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
