from django.apps import AppConfig


class ComplaintsConfig(AppConfig):
    name = "cepathway.complaints"
    label = "complaints"
    verbose_name = "Concerns and complaints"

    def ready(self) -> None:
        from . import wiring

        wiring.connect()
