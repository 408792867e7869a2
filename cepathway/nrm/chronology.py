"""What NRM referrals add to a child's chronology: the referral, each decision, the guardian
allocated and the referral closed. Only for those who may read the child's NRM referrals, and only
what every one of them may read (no exploitation detail or notes)."""

from collections.abc import Iterable
from datetime import date, datetime, time
from typing import Any

from django.utils import timezone

from cepathway.children.access import is_visible
from cepathway.children.chronology import Entry, newest
from cepathway.children.models import Child

from .models import Decision, NrmReferral

KIND = "nrm"


def _at(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(9, 0)))


def chronology_entries(child: Child, user: Any, latest: int | None = None) -> Iterable[Entry]:
    if not user.has_perm("nrm.view_referrals") or not is_visible(child, user):
        return []
    rows = NrmReferral.objects.visible_to(user).filter(child=child)
    entries: list[Entry] = []
    for referral in newest(rows, latest, "modified_at"):
        link = ("nrm:child", child.pk)
        entries.append(
            Entry(
                _at(referral.referred_on),
                KIND,
                "Referred to the National Referral Mechanism",
                f"By {referral.first_responder_name} ({referral.get_first_responder_kind_display()})",
                by_id=referral.created_by_id,
                link=link,
            )
        )
        if referral.reasonable_grounds != Decision.AWAITED and referral.reasonable_grounds_on:
            decision = referral.get_reasonable_grounds_display().lower()
            entries.append(
                Entry(
                    _at(referral.reasonable_grounds_on), KIND, f"NRM reasonable grounds decision: {decision}", link=link
                )
            )
        if referral.conclusive_grounds != Decision.AWAITED and referral.conclusive_grounds_on:
            decision = referral.get_conclusive_grounds_display().lower()
            entries.append(
                Entry(
                    _at(referral.conclusive_grounds_on), KIND, f"NRM conclusive grounds decision: {decision}", link=link
                )
            )
        if referral.guardian_allocated_on:
            entries.append(
                Entry(
                    _at(referral.guardian_allocated_on),
                    KIND,
                    "Independent Child Trafficking Guardian allocated",
                    f"{referral.guardian_name}, {referral.guardian_organisation}",
                    link=link,
                )
            )
        if referral.closed_on:
            entries.append(Entry(_at(referral.closed_on), KIND, "NRM referral closed", link=link))
    return entries
