from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "daihoi.accounts"
    label = "accounts"
    verbose_name = "Users"

    def ready(self) -> None:
        from daihoi.accounts import throttle  # noqa: F401 - connects clear_on_success
