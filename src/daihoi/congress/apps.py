from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CongressConfig(AppConfig):
    name = "daihoi.congress"
    label = "congress"
    verbose_name = _("Congress day")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from daihoi.web.context import EXTRA_NAV

        entry = ("congress:list", _("Congress day"), None, 3)
        if entry not in EXTRA_NAV:
            EXTRA_NAV.append(entry)
