from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "daihoi.web"
    label = "web"
    verbose_name = "Web"
