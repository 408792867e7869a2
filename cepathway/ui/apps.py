from django.apps import AppConfig


class UiConfig(AppConfig):
    name = "cepathway.ui"
    label = "ui"
