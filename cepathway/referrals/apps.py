from django.apps import AppConfig


class ReferralsConfig(AppConfig):
    name = "cepathway.referrals"
    label = "referrals"

    def ready(self) -> None:
        from cepathway.children import chronology, search
        from cepathway.core import work as my_work
        from cepathway.ui import glossary, navigation

        from . import access, audit_words, work

        for panel in (work.hub_queue, work.cerar_decisions, work.my_referrals):
            my_work.register(panel)
        chronology.register(work.referral_entries)
        search.register_reference_lookup(access.children_with_reference)
        audit_words.register()
        navigation.register(
            "Make a referral", "referrals:new", allowed=lambda u: u.has_perm("referrals.submit_contact"), order=10
        )
        navigation.register("Referrals", "referrals:list", order=15)
        # The words of the partnership's documents (the Level 1 invitation; the domain notes).
        glossary.register("CERAR", "Child Exploitation Risk and Review")
        glossary.register("METCO", "Missing, Exploited and Trafficked Coordinator")
        navigation.register(
            "Checklist", "referrals:checklist", allowed=lambda u: u.has_perm("referrals.edit_checklist"), order=80
        )
