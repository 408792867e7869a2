from django.apps import AppConfig


class IntelligenceConfig(AppConfig):
    name = "cepathway.intelligence"
    label = "intelligence"
    verbose_name = "Intelligence, persons and places of concern, disruption"

    def ready(self) -> None:
        from . import wiring

        wiring.connect()
