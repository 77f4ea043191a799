from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CampaignsConfig(AppConfig):
    name = "daihoi.campaigns"
    label = "campaigns"
    verbose_name = "Congress campaigns"

    def ready(self) -> None:
        from daihoi.web.context import EXTRA_NAV

        entry = ("campaigns:list", _("Campaigns"), None, 3)
        if entry not in EXTRA_NAV:
            EXTRA_NAV.append(entry)
