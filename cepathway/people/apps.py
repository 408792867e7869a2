from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "cepathway.people"
    label = "people"

    def ready(self) -> None:
        from cepathway.ui import navigation

        navigation.register("API token", "api-token", order=99)
