"""What a professional types into the single contact form, as POST data and as an API payload."""

from datetime import date
from typing import Any

from cepathway.referrals.models import Indicator

CHILD = {
    "first_name": "Fictional",
    "last_name": "Childname",
    "other_names": "",
    "sex": "female",
    "gender": "",
    "ethnicity": "NOBT",
    "address_line_1": "1 Fictional Street",
    "address_line_2": "",
    "town": "Faketown",
    "postcode": "CA1 1AA",
    "school": "Fictional Academy",
}
CONTACT = {
    "referrer_phone": "01632 960001",
    "parent_name": "Fictional Parent",
    "parent_relationship": "Mother",
    "parent_phone": "",
    "parent_aware": "yes",
    "concern": "Seen getting into cars with older men after school.",
    "legal_basis": "consent",
    "consent_not_sought_reason": "",
    "urgency": "standard",
}


def born_years_ago(years: int) -> date:
    today = date.today()
    return today.replace(year=today.year - years, day=min(today.day, 28))


def contact_post(partnership: Any, *, born: date | None = None, answers: int = 3, **overrides: Any) -> dict[str, Any]:
    born = born or born_years_ago(14)
    data: dict[str, Any] = {**CHILD, **CONTACT, "ce_types": ["cse"], "not_in_immediate_danger": "on"}
    data.update(date_of_birth_day=born.day, date_of_birth_month=born.month, date_of_birth_year=born.year)
    for indicator in indicators(partnership)[:answers]:
        data[f"indicator_{indicator.pk}"] = "current:evidenced"
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def contact_payload(partnership: Any, *, born: date | None = None, answers: int = 3, **overrides: Any) -> dict:
    born = born or born_years_ago(14)
    payload: dict[str, Any] = {**CHILD, **CONTACT, "ce_types": ["cse"], "not_in_immediate_danger": True}
    payload["date_of_birth"] = born.isoformat()
    payload["answers"] = [
        {"indicator_id": str(i.pk), "recency": "current", "evidence": "evidenced"}
        for i in indicators(partnership)[:answers]
    ]
    payload.update(overrides)
    return payload


def indicators(partnership: Any) -> list[Indicator]:
    return list(Indicator.objects.filter(category__partnership=partnership).order_by("category__order", "order"))
