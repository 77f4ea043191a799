from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "daihoi.api"
    label = "api"
    verbose_name = "REST API"
