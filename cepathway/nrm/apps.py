from django.apps import AppConfig


class NrmConfig(AppConfig):
    name = "cepathway.nrm"
    label = "nrm"
    verbose_name = "National Referral Mechanism"

    def ready(self) -> None:
        from . import wiring

        wiring.connect()
