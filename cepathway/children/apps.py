from django.apps import AppConfig


class ChildrenConfig(AppConfig):
    name = "cepathway.children"
    label = "children"
