"""What this part contributes to lower apps' pages (navigation, panels, sections); called from
cepathway/intelligence/wiring.py."""


def connect() -> None:
    from cepathway.children import summary
    from cepathway.core import audit_words
    from cepathway.meetings import family_sharing
    from cepathway.meetings.level2 import sections as level2_sections

    from . import (
        contributions,
        rules,  # noqa: F401  (registers the permission)
        sections,
    )

    level2_sections.register(sections.persons_of_concern)
    level2_sections.register(sections.places_of_concern)
    summary.register(contributions.child_card)
    family_sharing.register(contributions.shareable)
    audit_words.register_nouns(
        {
            "intelligence.SharingDecision": (
                "decision on what may be shared with the family",
                "decisions on what may be shared with the family",
            ),
            "intelligence.IntelligenceAlert": "alert of new graded information",
        },
        fields={
            "intelligence.SharingDecision": {
                "what": "what may be shared",
                "with_whom": "who it may be shared with",
                "why": "why it may be shared",
                "handling_conditions": "handling conditions",
                "person_id": "person of concern",
                "place_id": "place of concern",
                "withdrawn_at": "withdrawal",
            }
        },
    )
