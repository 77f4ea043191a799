"""Fixtures of the election engine's tests (helpers live in ``tally_helpers``)."""

from __future__ import annotations

import pytest

from daihoi.election import Rulebook, load_rulebook


@pytest.fixture
def party_2024() -> Rulebook:
    return load_rulebook("party-2024")
