"""What the audit log calls the referrals app's records and their fields (registered with
cepathway.core.audit_words in ReferralsConfig)."""

from cepathway.core import audit_words


def register() -> None:
    audit_words.register_nouns(
        {
            "referrals.Referral": "referral",
            "referrals.ReferralAnswer": "checklist answer on a referral",
            "referrals.ReferralProtectiveFactor": "protective factor on a referral",
            "referrals.TriageEvent": "step in a referral's assessment",
            "referrals.ChecklistCategory": ("checklist category", "checklist categories"),
            "referrals.Indicator": "checklist question",
            "referrals.Modifier": "checklist modifier",
            "referrals.ProtectiveFactor": "protective factor",
        },
        fields={
            "referrals.Referral": {
                "ce_types": "types of exploitation",
                "hub_ce_concern": "hub's view of a CE concern",
                "hub_rationale": "hub's rationale",
                "hub_assessment": "hub's assessment",
                "hub_agencies_consulted": "agencies the hub consulted",
                "judged_level": "level CERAR judged",
                "decision_rationale": "rationale for the decision",
                "referrer_notified_at": "time the referrer was told",
                "decided_by": "person who decided",
                "decided_at": "time of the decision",
            },
            "referrals.Indicator": {"text": "question", "ce_types": "types of exploitation"},
        },
    )
