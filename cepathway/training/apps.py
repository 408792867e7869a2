from django.apps import AppConfig


class TrainingConfig(AppConfig):
    name = "cepathway.training"
    label = "training"
    verbose_name = "Training and CE champions"

    def ready(self) -> None:
        from . import wiring

        wiring.connect()
