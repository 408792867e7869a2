from django.apps import AppConfig


class ReferralsConfig(AppConfig):
    name = "cepathway.referrals"
    label = "referrals"

    def ready(self) -> None:
        from cepathway.children import chronology
        from cepathway.core import work as my_work

        from . import work

        for panel in (work.hub_queue, work.cerar_decisions, work.my_referrals):
            my_work.register(panel)
        chronology.register(work.referral_entries)
