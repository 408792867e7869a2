"""What this app contributes to the pages of the apps below it (navigation, My work panels, the
chronology, the child's page, the Level 2 agenda, audit words); the lower apps never import it."""


def connect() -> None:
    """Called once from NrmConfig.ready()."""
    from cepathway.children.chronology import register_group

    register_group("nrm", "National Referral Mechanism", ["nrm"])
    from cepathway.children import chronology, summary
    from cepathway.core import audit_words, work
    from cepathway.meetings.level2 import item_notes
    from cepathway.ui import navigation

    from . import (
        agenda_notes,
        child_summary,
        panels,
        rules,  # noqa: F401  (registers the permissions)
    )
    from . import chronology as nrm_chronology

    navigation.register(
        "NRM decisions", "nrm:overdue", allowed=lambda user: user.has_perm("nrm.view_overdue"), order=47
    )
    work.register(panels.awaited_past_expected)
    chronology.register(nrm_chronology.chronology_entries)
    summary.register(child_summary.nrm_link)
    item_notes.register(agenda_notes.level2_lines)
    audit_words.register_nouns(
        {"nrm.NrmReferral": ("NRM referral", "NRM referrals")},
        fields={
            "nrm.NrmReferral": {
                "reasonable_grounds": "reasonable grounds decision",
                "reasonable_grounds_on": "date of the reasonable grounds decision",
                "conclusive_grounds": "conclusive grounds decision",
                "conclusive_grounds_on": "date of the conclusive grounds decision",
                "reconsideration_requested_on": "date a reconsideration was asked for",
                "guardian_name": "Independent Child Trafficking Guardian",
                "guardian_organisation": "guardian's organisation",
                "guardian_allocated_on": "date the guardian was allocated",
                "outcome": "outcome and notes",
                "closed_on": "date closed",
            }
        },
    )
