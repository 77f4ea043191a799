from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "daihoi.accounts"
    label = "accounts"
    verbose_name = "Users"
