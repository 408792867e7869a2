"""Fictional demo records for `make run` (called from demo_setup; safe to run again): training for
the demo logins (most current, the police officer's Level 1 lapsed, so it shows beside them on the
demo Level 1 meetings they are invited to; the lead professional never trained) and a CE champion
for the demo school and the demo police."""

from typing import Any

from dateutil.relativedelta import relativedelta
from django.utils import timezone

from .models import ChampionAppointment, Level, TrainingRecord

# login: ((level, months ago, provider), ...)
TRAINING = {
    "cerar": ((Level.LEVEL1, 30, "Partnership eLearning"), (Level.LEVEL2, 20, "Partnership Level 2 course")),
    "manager": ((Level.LEVEL1, 14, "Partnership eLearning"), (Level.LEVEL2, 14, "Partnership Level 2 course")),
    "socialworker": ((Level.LEVEL1, 8, "Partnership eLearning"), (Level.LEVEL2, 6, "Partnership Level 2 course")),
    "hub": ((Level.LEVEL1, 12, "Partnership eLearning"),),
    "school": ((Level.LEVEL1, 5, "Partnership eLearning"), (Level.LEVEL2, 4, "Partnership Level 2 course")),
    # Completed 40 months ago: lapsed under the default 36 months.
    "police": ((Level.LEVEL1, 40, "Partnership eLearning"),),
    "intelligence": ((Level.LEVEL1, 10, "Partnership eLearning"), (Level.LEVEL2, 41, "Partnership Level 2 course")),
    "level2": ((Level.LEVEL1, 3, "Partnership eLearning"), (Level.LEVEL2, 3, "Partnership Level 2 course")),
    # "leadprofessional": none recorded.
}

CHAMPIONS = {
    # login: (months since appointed, how best to reach them, sessions attended)
    "school": (
        18,
        "Term time, Monday to Thursday",
        "CE champions session (fictional), spring term\nContextual safeguarding workshop (fictional)",
    ),
    "intelligence": (9, "Weekdays; leave a message out of hours", "CE champions session (fictional), autumn"),
}


def add_demo(partnership: Any, users: dict[str, Any]) -> None:
    """Add this app's fictional records to the demo partnership, once."""
    if TrainingRecord.objects.of_partnership(partnership.pk).filter(fictional=True).exists():
        return
    today = timezone.localdate()
    admin = users["admin"]
    for login, courses in TRAINING.items():
        person = users[login]
        for level, months_ago, provider in courses:
            record = TrainingRecord(
                person=person,
                level=level,
                completed_on=today - relativedelta(months=months_ago),
                provider=f"{provider} (fictional)",
                fictional=True,
            )
            record.save_tracked(person if login != "police" else admin)
    for login, (months, reach, sessions) in CHAMPIONS.items():
        person = users[login]
        if ChampionAppointment.objects.filter(person=person, until__isnull=True).exists():
            continue
        champion = ChampionAppointment(
            person=person,
            agency=person.agency,
            since=today - relativedelta(months=months),
            contact_notes=reach,
            extra_training=sessions,
            fictional=True,
        )
        champion.save_tracked(admin)
