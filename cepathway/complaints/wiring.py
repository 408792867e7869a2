"""What this app contributes to the pages of the apps below it (navigation, My work panels, the
chronology, the child's page, the meeting's page, audit words); the lower apps never import it."""


def connect() -> None:
    """Called once from ComplaintsConfig.ready()."""
    from cepathway.children.chronology import register_group

    register_group("complaints", "Concerns and complaints", ["complaint"])
    from cepathway.children import chronology, summary
    from cepathway.core import audit_words, work
    from cepathway.meetings import meeting_panels
    from cepathway.ui import navigation

    from . import panels, rules  # noqa: F401  (rules registers the permissions)

    navigation.register(
        "Complaints",
        "complaints:list",
        allowed=lambda user: user.has_perm("complaints.view_partnership_list"),
        order=75,
    )
    work.register(panels.work_panel)
    meeting_panels.register(panels.meeting_panel)
    summary.register(panels.child_card)
    chronology.register(panels.chronology_entries)
    audit_words.register_nouns(
        {
            "complaints.Complaint": "concern or complaint",
            "complaints.ComplaintStep": "step of a concern or complaint",
        },
        fields={
            "complaints.Complaint": {
                "acknowledged_on": "date acknowledged",
                "responded_on": "date answered",
                "response": "answer",
                "outcome": "outcome",
                "stage": "stage",
                "escalated_on": "date it became a formal complaint",
                "sent_to_service": "what was sent to the complaints service",
                "service_reference": "complaints service reference",
                "closed_on": "date closed",
            }
        },
    )
