from django.apps import AppConfig


class PolicyConfig(AppConfig):
    name = "cepathway.policy"
    label = "policy"
    verbose_name = "Partnership policy"

    def ready(self) -> None:
        from cepathway.ui import navigation

        from . import rules  # noqa: F401  (registers the permissions)

        navigation.register("Policy", "policy:current", allowed=lambda u: u.has_perm("policy.view_policy"), order=85)
