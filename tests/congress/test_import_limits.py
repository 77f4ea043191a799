"""The web election import refuses JSON nested 50,000 deep or a 5,000-digit number with a
message on the page, never a server error (issue #13, break 6)."""

from __future__ import annotations

import io

import pytest
from django.test import Client
from django.urls import reverse

from daihoi.congress.models import Election
from tests.conftest import Cast
from tests.congress.conftest import Hall

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(("body", "words"), [
    ("[" * 50_000 + "]" * 50_000, "nested more than 64 levels deep"),
    ('{"ballots_issued": ' + "9" * 5000 + "}", "a number has 5000 digits"),
])
def test_the_web_import_refuses_json_past_the_limits(
        hall: Hall, cast: Cast, body: str, words: str) -> None:
    client = Client()
    client.force_login(cast.ward_office)
    upload = io.BytesIO(body.encode())
    upload.name = "bau-cu.json"
    response = client.post(reverse("congress:election_import", kwargs={"pk": hall.congress.pk}),
                           {"file": upload}, follow=True)
    assert response.status_code == 200
    assert words in response.content.decode()
    assert not Election.objects.exists()
