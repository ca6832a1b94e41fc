from django.apps import AppConfig


class ActesConfig(AppConfig):
    name = "actes"
    verbose_name = "Délibérations"
