"""The network route: ``POST /api/v1/packages`` files a package as the file route does."""

from __future__ import annotations

import pytest
from django.test import Client

from daihoi.accounts.models import User
from daihoi.api.models import ApiToken, hash_key
from tests.conftest import Cast


def token_for(user: User) -> str:
    key = ApiToken.new_key()
    ApiToken.objects.create(user=user, name="laptop", key_hash=hash_key(key), prefix=key[:8])
    return key


@pytest.mark.django_db
def test_a_package_must_be_sent_as_bytes(cast: Cast) -> None:
    response = Client().post("/api/v1/packages", data=b"{}", content_type="application/json",
                             HTTP_AUTHORIZATION=f"Token {token_for(cast.ward_office)}")
    assert response.status_code == 415
    assert "octet-stream" in response.json()["errors"][0]


@pytest.mark.django_db
def test_a_damaged_package_is_refused_in_json_with_the_reason(cast: Cast) -> None:
    response = Client().post("/api/v1/packages", data=b"PK\x03\x04broken",
                             content_type="application/octet-stream",
                             HTTP_AUTHORIZATION=f"Token {token_for(cast.ward_office)}")
    assert response.status_code == 422
    assert "không đọc được" in response.json()["errors"][0]


@pytest.mark.django_db
def test_anonymous_delivery_is_refused() -> None:
    response = Client().post("/api/v1/packages", data=b"x",
                             content_type="application/octet-stream")
    assert response.status_code == 401

