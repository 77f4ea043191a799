from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TransferConfig(AppConfig):
    name = "daihoi.transfer"
    label = "transfer"
    verbose_name = _("Congress kits and result packages")
    default_auto_field = "django.db.models.BigAutoField"
