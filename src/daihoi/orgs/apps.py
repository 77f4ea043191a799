from django.apps import AppConfig


class OrgsConfig(AppConfig):
    name = "daihoi.orgs"
    label = "orgs"
    verbose_name = "Organisations and members"
