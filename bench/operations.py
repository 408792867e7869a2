"""The key operations of issue 8, each a request built from one world's targets (bench/targets.py).

An operation is run as one of the bench logins; `send(client, targets)` makes one request. Writes are
real where they can be repeated (the contact form makes a new referral each time); the Level 1
outcome is posted without a status, so the form is parsed, checked and shown again with its error
without ending a child's pathway (a world has too few meetings awaiting an outcome to spend one a
request).
"""

import random
import string
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from .client import Client, Response

Targets = dict[str, Any]
MY_WORK_ROLES = [
    "cerar",
    "manager",
    "hub",
    "socialworker",
    "leadprofessional",
    "school",
    "police",
    "level2",
    "auditor",
    "admin",
    "unrelated",
]


@dataclass(frozen=True)
class Operation:
    name: str
    role: str
    request: str
    send: Callable[[Client, Targets], Response]
    needs: tuple[str, ...] = ()
    expect: tuple[int, ...] = (200,)

    def possible(self, targets: Targets) -> bool:
        return all(targets.get(key) for key in self.needs)


def get(template: str) -> Callable[[Client, Targets], Response]:
    return lambda client, targets: client.get(template.format(**targets))


def fictional_surname() -> str:
    """A new made-up surname each time, so the hub's duplicate check finds no match to ask about."""
    return "Bench" + "".join(random.choices(string.ascii_lowercase, k=8))


def contact_form(targets: Targets) -> list[tuple[str, str]]:
    """A new fictional child each time (name, birthday, house), so the duplicate check rarely asks;
    when it does, the answer is "a different child" (`match=new`)."""
    born = date.today().replace(year=date.today().year - random.randint(10, 17), month=random.randint(1, 12), day=1)
    born = born.replace(day=random.randint(1, 28))
    fields = {
        "first_name": "Fictional",
        "last_name": fictional_surname(),
        "sex": "female",
        "ethnicity": "NOBT",
        "address_line_1": f"{random.randint(1, 999)} Fictional Street",
        "town": "Faketown",
        "postcode": "CA1 1AA",
        "school": "Fictional Academy",
        "referrer_phone": "01632 960001",
        "parent_name": "Fictional Parent",
        "parent_relationship": "Mother",
        "parent_aware": "yes",
        "concern": "Fictional: seen getting into cars with older men after school.",
        "legal_basis": "consent",
        "urgency": "standard",
        "ce_types": "cse",
        "not_in_immediate_danger": "on",
        "date_of_birth_day": str(born.day),
        "date_of_birth_month": str(born.month),
        "date_of_birth_year": str(born.year),
        "match": "new",
    }
    answers = [(f"indicator_{pk}", "current:evidenced") for pk in targets.get("indicators", [])]
    return [*fields.items(), *answers]


def contact_payload(targets: Targets) -> dict[str, Any]:
    fields = dict(contact_form({}))
    born = date(int(fields["date_of_birth_year"]), int(fields["date_of_birth_month"]), int(fields["date_of_birth_day"]))
    payload: dict[str, Any] = {
        key: value
        for key, value in fields.items()
        if not key.startswith(("date_of_birth_", "not_in", "ce_types", "match"))
    }
    payload.update(date_of_birth=born.isoformat(), not_in_immediate_danger=True, ce_types=["cse"])
    payload["answers"] = [
        {"indicator_id": pk, "recency": "current", "evidence": "evidenced"} for pk in targets.get("indicators", [])
    ]
    return payload


def submit_contact(client: Client, targets: Targets) -> Response:
    return client.post_form("/referrals/new", contact_form(targets))


def submit_contact_api(client: Client, targets: Targets) -> Response:
    return client.send_json("POST", "/api/referrals?confirm_new_child=1", contact_payload(targets))


def refused_outcome(client: Client, targets: Targets) -> Response:
    return client.post_form(f"/meetings/{targets['meeting']}/outcome", {"rationale": "Fictional: no status chosen."})


def audit_by_date(targets: Targets) -> str:
    year, month, day = targets["audit_date"].split("-")
    return f"/audit/?date_from_day={int(day)}&date_from_month={int(month)}&date_from_year={year}"


def operations() -> list[Operation]:
    mine = [Operation(f"My work ({role})", role, "GET /", get("/")) for role in MY_WORK_ROLES]
    return mine + [
        Operation("child record", "cerar", "GET /children/{child}", get("/children/{child}")),
        Operation("chronology", "cerar", "GET /children/{child}/chronology", get("/children/{child}/chronology")),
        Operation("pathway", "cerar", "GET /meetings/children/{child}/", get("/meetings/children/{child}/")),
        Operation(
            "allocation form",
            "cerar",
            "GET /children/{allocation_child}/allocation",
            get("/children/{allocation_child}/allocation"),
            ("allocation_child",),
        ),
        Operation(
            "outcome form", "cerar", "GET /meetings/{meeting}/outcome", get("/meetings/{meeting}/outcome"), ("meeting",)
        ),
        Operation("Level 1 outcome (POST, refused)", "cerar", "POST outcome", refused_outcome, ("meeting",)),
        Operation("contact form submit", "school", "POST /referrals/new", submit_contact, expect=(302,)),
        Operation(
            "Level 2 agenda",
            "cerar",
            "GET /meetings/level2/{month}/",
            get("/meetings/level2/{level2_month}/"),
            ("level2_month",),
        ),
        Operation("child list", "cerar", "GET /children/", get("/children/")),
        Operation("child search", "cerar", "GET /children/?q=", get("/children/?q={search}")),
        Operation("overdue overview", "manager", "GET /meetings/overdue", get("/meetings/overdue")),
        Operation("audit by child", "auditor", "GET /audit/?child=", get("/audit/?child={child}")),
        Operation("audit by user", "auditor", "GET /audit/?user=", get("/audit/?user={audit_user}")),
        Operation("audit by date", "auditor", "GET /audit/?date_from=", lambda c, t: c.get(audit_by_date(t))),
        Operation("API child record", "cerar", "GET /api/children/{child}", get("/api/children/{child}")),
        Operation(
            "API chronology", "cerar", "GET /api/children/{child}/chronology", get("/api/children/{child}/chronology")
        ),
        Operation(
            "API Level 2 agenda",
            "cerar",
            "GET /api/meetings/level2/{month}",
            get("/api/meetings/level2/{level2_month}"),
            ("level2_month",),
        ),
        Operation("API child list", "cerar", "GET /api/children", get("/api/children")),
        Operation("API child search", "cerar", "GET /api/children?q=", get("/api/children?q={search}")),
        Operation("API overdue", "manager", "GET /api/meetings/overdue", get("/api/meetings/overdue")),
        Operation("API my meetings", "socialworker", "GET /api/meetings/my-meetings", get("/api/meetings/my-meetings")),
        Operation("API my actions", "socialworker", "GET /api/meetings/my-actions", get("/api/meetings/my-actions")),
        Operation("API referrals", "hub", "GET /api/referrals", get("/api/referrals")),
        Operation("API audit by user", "auditor", "GET /api/audit?user=", get("/api/audit?user={audit_user}")),
        Operation("API audit by child", "auditor", "GET /api/audit?child=", get("/api/audit?child={child}")),
        Operation("API contact submit", "school", "POST /api/referrals", submit_contact_api, expect=(201,)),
    ]


FLOOR = Operation("framework floor", "cerar", "GET /bench/floor/", get("/bench/floor/"))
