"""Vietnamese by default, English from the switch, the Vietnamese catalogue complete."""

from __future__ import annotations

import pytest
from django.test import Client

from daihoi.project import i18n
from tests.conftest import Cast


def test_every_string_has_its_vietnamese_translation() -> None:
    assert i18n.missing() == []
    assert i18n.placeholder_problems() == []
    assert i18n.mo_is_current()


@pytest.mark.django_db
def test_pages_are_vietnamese_by_default_and_english_on_request(cast: Cast) -> None:
    client = Client()
    client.force_login(cast.city_staff)
    page = client.get("/").content.decode()
    assert "Tổng quan" in page
    assert "Đăng xuất" in page
    client.post("/ngon-ngu/", {"language": "en", "next": "/"})
    page = client.get("/").content.decode()
    assert "Overview" in page
    assert "Sign out" in page
