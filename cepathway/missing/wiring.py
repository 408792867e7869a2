"""What this app contributes to the pages of the apps below it (navigation, My work panels, the
chronology, the child's page, the Level 2 agenda, audit words); the lower apps never import it."""


def connect() -> None:
    """Called once from MissingConfig.ready()."""
    from cepathway.children.chronology import register_group

    register_group("missing", "Missing episodes and return interviews", ["missing"])
    from cepathway.children import chronology, summary
    from cepathway.core import audit_words, work
    from cepathway.meetings.level2 import item_notes
    from cepathway.ui import navigation

    from . import child_summary, level2, panels, rules
    from .chronology import chronology_entries

    navigation.register(
        "Return home interviews",
        "missing:interviews",
        allowed=lambda user: user.has_perm(rules.VIEW_LIST),
        order=58,
    )
    work.register(panels.children_to_consider)
    work.register(panels.overdue_interviews)
    chronology.register(chronology_entries)
    summary.register(child_summary.child_summary)
    item_notes.register(level2.item_lines)
    audit_words.register_nouns(
        {
            "missing.MissingEpisode": "missing episode",
            "missing.ReturnInterview": "return home interview",
            "missing.TriggerConsideration": (
                "decision on a missing trigger",
                "decisions on missing triggers",
            ),
        },
        fields={
            "missing.MissingEpisode": {"returned_at": "time of return", "where_found": "where found"},
            "missing.ReturnInterview": {
                "child_said": "what the child said",
                "mentions_exploitation": "mentions exploitation",
            },
        },
    )
