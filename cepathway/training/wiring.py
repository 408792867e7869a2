"""What this app contributes to the pages of the apps below it (navigation, My work panels, the
chronology, the child's page, the Level 2 agenda, audit words); the lower apps never import it."""


def connect() -> None:
    """Called once from TrainingConfig.ready()."""
    from cepathway.core import audit_words, work
    from cepathway.meetings import invitee_notes
    from cepathway.ui import navigation

    from . import panels, rules, standing

    navigation.register("Training", "training:overview", allowed=lambda user: user.has_perm(rules.MANAGE), order=87)
    navigation.register(
        "CE champions", "training:champions", allowed=lambda user: user.has_perm(rules.VIEW_CHAMPIONS), order=88
    )
    navigation.register("My training", "training:mine", allowed=lambda user: user.has_perm(rules.RECORD_OWN), order=97)
    invitee_notes.register(standing.invitee_notes)
    work.register(panels.own_training)
    audit_words.register_nouns(
        {
            "training.TrainingRecord": "child exploitation training record",
            "training.ChampionAppointment": ("CE champion appointment", "CE champion appointments"),
        },
        fields={
            "training.TrainingRecord": {"completed_on": "date completed", "provider": "course or provider"},
            "training.ChampionAppointment": {
                "since": "date they became champion",
                "until": "date they stopped",
                "contact_email": "contact email",
                "contact_phone": "contact phone",
                "contact_notes": "how best to reach them",
                "extra_training": "champion sessions and extra training",
            },
        },
    )
