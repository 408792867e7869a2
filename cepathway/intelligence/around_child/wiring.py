"""What this part contributes to lower apps' pages (navigation, panels, sections); called from
cepathway/intelligence/wiring.py."""


def connect() -> None:
    from cepathway.children import summary
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
