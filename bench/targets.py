"""What the benchmark asks for in one generated world, printed as JSON (run by bench/run.py and
bench/load.py with DATABASE_URL pointing at that world; never on its own data but a bench world's).

    DATABASE_URL=postgres://.../cepathway_bench_county .venv/bin/python bench/targets.py

Ids come from the generator's `sample_ids(partnership_code)` when it offers them, else from the
first partnership's records (the one the bench logins belong to). It also issues an API token per
login, and captures the SELECTs the child record page runs, for the database floor.
"""

import json
import os
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cepathway.settings")


def generator_samples(code: str) -> dict[str, Any]:
    """The generator's representative ids (cepathway.demo.world.samples), under the bench's names."""
    try:
        from cepathway.demo.world.samples import sample_ids
    except ImportError:
        return {}
    found = sample_ids(code)
    year, month = found.get("next_level2_year"), found.get("next_level2_month")
    chosen = {
        "child": found.get("high_child"),
        "allocation_child": found.get("allocation_child"),
        "meeting": found.get("outcome_meeting"),
        "level2_month": f"{year:04d}-{month:02d}" if year and month else None,
    }
    return {key: value for key, value in chosen.items() if value}


def representative_child(partnership: Any) -> Any:
    from cepathway.children.models import Child

    on_pathway = Child.objects.filter(partnership=partnership).exclude(ce_status="").order_by("pk")
    return on_pathway.first() or Child.objects.filter(partnership=partnership).order_by("pk").first()


def outcome_meeting(cerar: Any, client: Any) -> Any:
    """A Level 1 meeting whose outcome form CERAR may open (scheduled, in CERAR's partnership)."""
    from cepathway.meetings.models import Meeting

    candidates = Meeting.objects.filter(child__partnership=cerar.agency.partnership, state="scheduled")
    for meeting in candidates.order_by("scheduled_for")[:50]:
        if client.get(f"/meetings/{meeting.pk}/outcome").status_code == 200:
            return meeting
    return None


def level2_month(partnership: Any) -> str | None:
    from cepathway.meetings.models import Level2Meeting

    latest = Level2Meeting.objects.filter(partnership=partnership).order_by("-month").first()
    return f"{latest.month:%Y-%m}" if latest else None


def child_record_selects(client: Any, child_id: str) -> list[str]:
    """The SELECTs the child record page runs, less the session's: the rows the page shows."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        client.get(f"/children/{child_id}")
    statements = [query["sql"] for query in captured.captured_queries]
    return [sql for sql in statements if sql.startswith("SELECT") and "django_session" not in sql]


def api_tokens(users: dict[str, Any]) -> dict[str, str]:
    from cepathway.people.models import ApiToken

    return {name: ApiToken.issue(user, name="bench")[1] for name, user in users.items()}


def indicator_ids(partnership: Any) -> list[str]:
    from cepathway.referrals.models import Indicator

    found = Indicator.objects.filter(category__partnership=partnership).order_by("category__order", "order")
    return [str(pk) for pk in found.values_list("pk", flat=True)[:3]]


def fallback_samples(partnership: Any, cerar: Any, client: Any) -> dict[str, Any]:
    """What the generator did not offer (or a world it did not make, such as demo_setup's), found here."""
    child = representative_child(partnership)
    meeting = outcome_meeting(cerar, client)
    return {
        "child": str(child.pk),
        "allocation_child": str(child.pk),
        "meeting": str(meeting.pk) if meeting else None,
        "level2_month": level2_month(partnership),
    }


def collect() -> dict[str, Any]:
    from django.db import transaction
    from django.test import Client
    from django.utils import timezone

    from cepathway.children.models import Child
    from cepathway.demo.world.people import LOGINS
    from cepathway.people.models import User

    usernames = [username for username, _, _ in LOGINS]  # the logins the generator made
    users = {user.username: user for user in User.objects.filter(username__in=usernames).select_related("agency")}
    cerar = users["cerar"]
    partnership = cerar.agency.partnership
    client = Client()
    client.force_login(cerar)
    with transaction.atomic():
        found = {**fallback_samples(partnership, cerar, client), **generator_samples(partnership.code)}
        found["floor_sql"] = child_record_selects(client, found["child"])
        transaction.set_rollback(True)
    found.update(
        partnership=partnership.code,
        search=Child.objects.get(pk=found["child"]).last_name,
        indicators=indicator_ids(partnership),
        audit_user="socialworker",
        audit_date=f"{timezone.localdate():%Y-%m-%d}",
        tokens=api_tokens(users),
    )
    return found


if __name__ == "__main__":
    import django

    django.setup()
    print(json.dumps(collect()))
