from django.apps import AppConfig


class ChildrenConfig(AppConfig):
    name = "cepathway.children"
    label = "children"

    def ready(self) -> None:
        from cepathway.ui import navigation

        navigation.register("Children", "children:list", order=20)
