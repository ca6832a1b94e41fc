from django.apps import AppConfig


class MinutesConfig(AppConfig):
    name = "minutes"
    verbose_name = "Procès-verbaux et listes des délibérations"

    def ready(self) -> None:
        from minutes import signals  # noqa: F401, PLC0415 - connects the receivers
