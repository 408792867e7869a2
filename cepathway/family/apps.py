from django.apps import AppConfig


class FamilyConfig(AppConfig):
    name = "cepathway.family"
    label = "family"
    verbose_name = "The family's voice, guide and letters"

    def ready(self) -> None:
        from . import wiring

        wiring.connect()
