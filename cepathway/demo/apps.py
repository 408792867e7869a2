from django.apps import AppConfig


class DemoConfig(AppConfig):
    """Fictional demo data for `make run`. The top layer: it may use every other app."""

    name = "cepathway.demo"
    label = "demo"
