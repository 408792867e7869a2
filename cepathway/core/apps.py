from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "cepathway.core"
    label = "core"
    verbose_name = "Core"
