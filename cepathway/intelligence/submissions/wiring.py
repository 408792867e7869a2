"""What this part contributes to lower apps' pages (navigation, panels, sections); called from
cepathway/intelligence/wiring.py."""


def connect() -> None:
    from cepathway.core import audit_words, work
    from cepathway.ui import navigation

    from . import panels, services

    navigation.register("Intelligence", "intelligence:home", allowed=services.may_submit, order=50)
    work.register(panels.waiting_to_be_graded)
    audit_words.register_nouns(
        {
            "intelligence.Submission": "intelligence submission",
            "intelligence.SubmissionSubject": (
                "person named in an intelligence submission",
                "persons named in intelligence submissions",
            ),
            "intelligence.SubmissionPlace": (
                "place named in an intelligence submission",
                "places named in intelligence submissions",
            ),
            "intelligence.SubmissionVehicle": (
                "vehicle named in an intelligence submission",
                "vehicles named in intelligence submissions",
            ),
            "intelligence.SubmissionPhone": (
                "phone number named in an intelligence submission",
                "phone numbers named in intelligence submissions",
            ),
            "intelligence.SubmissionOnlineAccount": (
                "online account named in an intelligence submission",
                "online accounts named in intelligence submissions",
            ),
        },
        fields={
            "intelligence.Submission": {
                "source_evaluation": "source evaluation",
                "intelligence_assessment": "intelligence assessment",
                "handling": "handling code",
                "handling_conditions": "conditions of sharing",
                "handling_readers": "who may read it in full",
                "sanitised_text": "sanitised version",
                "feedback_to_submitter": "what the submitter was told",
            }
        },
    )
