from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ScanningConfig(AppConfig):
    name = "daihoi.scanning"
    label = "scanning"
    verbose_name = _("Scanned ballots")
    default_auto_field = "django.db.models.BigAutoField"
