from django.apps import AppConfig


class PolicyConfig(AppConfig):
    name = "cepathway.policy"
    label = "policy"
    verbose_name = "Partnership policy"

    def ready(self) -> None:
        from django.core.signals import request_finished, request_started

        from cepathway.ui import navigation

        from . import audit_words, rules, services  # noqa: F401  (rules registers the permissions)

        audit_words.register()
        request_started.connect(services.begin_request, dispatch_uid="policy-begin-request")
        request_finished.connect(services.end_request, dispatch_uid="policy-end-request")

        navigation.register("Policy", "policy:current", allowed=lambda u: u.has_perm("policy.view_policy"), order=85)
