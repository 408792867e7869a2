from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "cepathway.core"
    label = "core"
    verbose_name = "Core"

    def ready(self) -> None:
        from cepathway.ui import navigation

        navigation.register("My work", "my-work", order=0)
        navigation.register("Audit log", "audit-search", allowed=lambda u: u.has_perm("core.search_audit"), order=90)
