from django.apps import AppConfig


class MissingConfig(AppConfig):
    name = "cepathway.missing"
    label = "missing"
    verbose_name = "Missing episodes and return home interviews"

    def ready(self) -> None:
        from . import wiring

        wiring.connect()
