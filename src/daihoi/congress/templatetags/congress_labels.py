"""Template filters for the display names of election codes (``daihoi.congress.labels``):
``{{ election|round_label }}``, ``{{ congress.rules|rulebook_label }}``,
``{{ election.body|body_label }}``."""

from __future__ import annotations

from django import template

from daihoi.congress import labels
from daihoi.congress.models import Election

register = template.Library()


@register.filter
def round_label(election: Election) -> str:
    return labels.round_label(election)


@register.filter
def rulebook_label(rulebook_id: str) -> str:
    return labels.rulebook_label(rulebook_id)


@register.filter
def body_label(body: str) -> str:
    return labels.body_label(body)
