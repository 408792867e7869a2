from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "cepathway.people"
    label = "people"
