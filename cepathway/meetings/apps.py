from django.apps import AppConfig


class MeetingsConfig(AppConfig):
    name = "cepathway.meetings"
    label = "meetings"
