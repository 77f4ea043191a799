from __future__ import annotations

import pytest
from django.test import Client

from daihoi.campaigns.models import Campaign, Congress
from tests.campaigns.helpers import make_campaign
from tests.conftest import PASSWORD, Cast, Tree


@pytest.fixture(autouse=True)
def _media(settings: object, tmp_path: object) -> None:
    settings.MEDIA_ROOT = str(tmp_path)  # type: ignore[attr-defined]


@pytest.fixture
def campaign(tree: Tree) -> Campaign:
    return make_campaign(tree.city)


@pytest.fixture
def congress(campaign: Campaign, tree: Tree) -> Congress:
    return campaign.congresses.get(organization=tree.ward)


def client_for(user: object) -> Client:
    client = Client()
    assert client.login(username=user.username, password=PASSWORD)  # type: ignore[attr-defined]
    return client


__all__ = ["Cast", "client_for"]
