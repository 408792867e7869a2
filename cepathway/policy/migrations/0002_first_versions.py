"""Every partnership that exists already gets version 1 of its policy: the Westmorland and Furness
practitioner briefing (cepathway.core.policy.DEFAULT_POLICY) as it stood when policy became data,
with the hub's urgent line copied from the partnership (people migration 0002 then removes it).

The document is written out here, not made from DEFAULT_POLICY, so this migration does the same
thing whatever the code later says.
"""

import copy

from django.db import migrations

BRIEFING_STAFF_VENUES = ["childrens_services", "school", "police", "online", "other"]

BRIEFING = {
    "name": "Westmorland and Furness practitioner briefing",
    "reviews": {
        "high": {"every_weeks": 4, "chair_role": "team_manager", "venues": BRIEFING_STAFF_VENUES},
        "medium": {"every_weeks": 8, "chair_role": "team_manager", "venues": BRIEFING_STAFF_VENUES},
        "low": {"every_weeks": 12, "chair_role": "lead_professional", "venues": [*BRIEFING_STAFF_VENUES, "early_help"]},
    },
    "level1_chair_role": "cerar_lead",
    "status_requires": {"high": "social_worker", "medium": "social_worker", "low": "lead_professional"},
    "level2_statuses": ["high", "medium"],
    "level2_by_exception_statuses": ["low"],
    "level2_every_months": 1,
    "level2_week_of_month": 2,
    "level2_weekday": 1,
    "level2_organiser_roles": ["cerar_lead", "team_manager"],
    "working_days_region": "ENG",
    "reminder_window_days": 7,
    "overdue_review_rebook_within_days": 14,
    "default_meeting_time": "10:00",
    "checklist": {
        "current": 1.0,
        "past_three_to_six_months": 0.5,
        "evidenced": 1.0,
        "suspected": 0.5,
        "low_from": 1.0,
        "medium_from": 6.0,
        "high_from": 12.0,
    },
    "contacts": {
        "hub_urgent_phone": "",
        "cerar_email": "",
        "cerar_phone": "",
        "complaints_email": "",
        "complaints_phone": "",
        "complaints_url": "",
    },
}
REASON = "The partnership's first policy: the practitioner briefing, with the hub's urgent line as it was."


def first_versions(apps, schema_editor):
    Partnership = apps.get_model("people", "Partnership")
    PolicyVersion = apps.get_model("policy", "PolicyVersion")
    for partnership in Partnership.objects.exclude(policy_versions__isnull=False):
        document = copy.deepcopy(BRIEFING)
        document["contacts"]["hub_urgent_phone"] = partnership.hub_urgent_phone
        PolicyVersion.objects.create(partnership=partnership, number=1, document=document, reason=REASON)


def phones_back(apps, schema_editor):
    """Undo: the hub's urgent line goes back on the partnership (from its latest version)."""
    Partnership = apps.get_model("people", "Partnership")
    PolicyVersion = apps.get_model("policy", "PolicyVersion")
    for partnership in Partnership.objects.all():
        latest = PolicyVersion.objects.filter(partnership=partnership).order_by("-number").first()
        if latest is not None:
            partnership.hub_urgent_phone = latest.document.get("contacts", {}).get("hub_urgent_phone", "")[:40]
            partnership.save(update_fields=["hub_urgent_phone"])


class Migration(migrations.Migration):
    dependencies = [("policy", "0001_initial"), ("people", "0001_initial")]

    operations = [migrations.RunPython(first_versions, phones_back)]
