from django.apps import AppConfig


class PolicyConfig(AppConfig):
    name = "cepathway.policy"
    label = "policy"
    verbose_name = "Partnership policy"

    def ready(self) -> None:
        from cepathway.ui import navigation

        from . import audit_words, rules  # noqa: F401  (rules registers the permissions)

        audit_words.register()

        navigation.register("Policy", "policy:current", allowed=lambda u: u.has_perm("policy.view_policy"), order=85)
