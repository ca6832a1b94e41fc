from django.apps import AppConfig


class GuideConfig(AppConfig):
    name = "guide"
    verbose_name = "Aide et confort de lecture"

    def ready(self) -> None:
        from guide import reading  # noqa: F401, PLC0415 - connects its signal
