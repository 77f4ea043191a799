from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "daihoi.reports"
    label = "reports"
    verbose_name = _("Reports")

    def ready(self) -> None:
        from daihoi.accounts.models import Role
        from daihoi.web.context import EXTRA_NAV

        roles: set[str] = {Role.SUPERIOR_STAFF, Role.OBSERVER}
        entry = ("reports:index", _("Summary reports"), roles, 5)
        if entry not in EXTRA_NAV:
            EXTRA_NAV.append(entry)
