"""Rounds, rulebooks and bodies by name, in Vietnamese and in English, never by code."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from django.utils import translation

from daihoi.congress import labels

pytestmark = pytest.mark.django_db


def test_rounds_are_numbered_and_named() -> None:
    first = SimpleNamespace(pk=1, previous=None, round="first")
    further = SimpleNamespace(pk=2, previous=first, round="further")
    revote = SimpleNamespace(pk=3, previous=further, round="tie_revote")
    with translation.override("vi"):
        assert labels.round_label(first) == "vòng 1"  # type: ignore[arg-type]
        assert labels.round_label(further) == (  # type: ignore[arg-type]
            "vòng 2 (bầu tiếp cho số còn thiếu)")
        assert labels.round_label(revote) == (  # type: ignore[arg-type]
            "vòng 3 (bầu lại giữa những người bằng phiếu)")
    with translation.override("en"):
        assert labels.round_label(first) == "round 1"  # type: ignore[arg-type]


def test_rulebooks_are_named_by_their_regulation() -> None:
    with translation.override("vi"):
        assert labels.rulebook_label("party-2024") == (
            "Quy chế bầu cử trong Đảng (2024) — QĐ 190-QĐ/TW (10/10/2024); HD 04-HD/TW "
            "(31/12/2024)")
        assert labels.rulebook_label("not-shipped") == "Quy chế bầu cử nạp từ tệp"
        ids = [rid for rid, _ in labels.rulebook_choices()]
        assert ids[0] == "party-2024"
        assert all(rid not in label for rid, label in labels.rulebook_choices())


def test_bodies_are_named() -> None:
    with translation.override("vi"):
        assert labels.body_label("committee") == "Ban Chấp hành"
        assert labels.body_label("delegates") == "Đại biểu đi dự đại hội cấp trên"
        assert labels.body_label("something_else") == "Cơ quan khác"
