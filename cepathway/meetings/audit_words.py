"""What the audit log calls the meetings app's records and their fields (registered with
cepathway.core.audit_words in MeetingsConfig)."""

from cepathway.core import audit_words


def register() -> None:
    audit_words.register_nouns(
        {
            "meetings.Pathway": "CE pathway",
            "meetings.Meeting": "meeting",
            "meetings.Invitation": "meeting invitation",
            "meetings.VoiceRecord": ("record of the child's or family's views", "records of views"),
            "meetings.CallRequest": "request for a telephone discussion with CERAR",
            "meetings.Contribution": "agency's contribution to a meeting",
            "meetings.StatusDecision": "CE status decision",
            "meetings.Action": "safety-plan action",
            "meetings.ActionUpdate": "progress note on a safety-plan action",
            "meetings.Level2Meeting": "Level 2 meeting",
            "meetings.Level2Flag": "request to bring a child to Level 2",
            "meetings.Level2Item": "Level 2 agenda item",
        },
        fields={
            "meetings.Action": {"due_on": "due date", "owner_agency": "owner's agency", "completed_on": "date done"},
            "meetings.Meeting": {
                "scheduled_for": "date and time",
                "due_on": "due date",
                "held_at": "time it was held",
                "attendance_recorded_at": "attendance",
                "cancelled_reason": "reason for cancelling",
            },
            "meetings.Invitation": {"withdrawn_at": "withdrawal", "sent_at": "sending"},
            "meetings.StatusDecision": {"ce_types": "types of exploitation"},
            "meetings.Pathway": {"closed_at": "closing", "closure_reason": "reason it ended"},
        },
    )
