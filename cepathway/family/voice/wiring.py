"""What the family's voice contributes to lower apps' pages (the meeting page's panel, audit words);
called from cepathway/family/wiring.py."""


def connect() -> None:
    from cepathway.core import audit_words
    from cepathway.meetings import meeting_panels

    from . import panels, rules  # noqa: F401 - rules registers the permissions

    meeting_panels.register(panels.views_links_panel)
    audit_words.register_nouns(
        {"family.ViewsLink": ("link for the family's views", "links for the family's views")},
        fields={
            "family.ViewsLink": {"state": "state", "used_at": "when the views were sent", "views": "views sent"},
        },
    )
