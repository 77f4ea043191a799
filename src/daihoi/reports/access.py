"""Who reads the summary report: the superior's staff and observers (and those above them),
exactly the users who may monitor the campaign (``daihoi.campaigns.access.can_monitor``)."""

from __future__ import annotations

from django.http import HttpRequest

from daihoi.accounts.models import User
from daihoi.campaigns.access import can_monitor, get_campaign_for_user, visible_campaigns
from daihoi.campaigns.models import Campaign


def get_report_campaign(request: HttpRequest, pk: int) -> Campaign:
    """The campaign if the user may read its report: 404 when not visible, 403 when the user
    sees it only as a subordinate (their own congress)."""
    campaign = get_campaign_for_user(request, pk, monitor=True)
    # The issuing body's name needs the superior's parent: one query, here.
    _parent = campaign.superior.parent
    return campaign


def reportable_campaigns(user: User) -> list[Campaign]:
    campaigns = visible_campaigns(user).select_related("superior").order_by(
        "-term_start", "superior__path")
    return [c for c in campaigns if can_monitor(user, c)]
