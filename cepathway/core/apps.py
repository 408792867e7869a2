from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "cepathway.core"
    label = "core"
    verbose_name = "Core"

    def ready(self) -> None:
        from cepathway.ui import navigation

        from . import outbox_views, schedule, work

        schedule.register_core_jobs()
        work.register(outbox_views.failures_panel)

        navigation.register("My work", "my-work", order=0)
        navigation.register("Audit log", "audit-search", allowed=lambda u: u.has_perm("core.search_audit"), order=90)
        navigation.register(
            "Outgoing email", "outgoing-email", allowed=lambda u: u.has_perm("core.manage_outbox"), order=96
        )
