from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "cepathway.notifications"
    label = "notifications"
    verbose_name = "Notifications"

    def ready(self) -> None:
        from cepathway.core import work as my_work

        from . import panels

        my_work.register(panels.notifications_panel)
