"""Telling the referrer the outcome, without details they are not entitled to.

The email gives the reference, the child's initials, the outcome and the advice CERAR or the hub
wrote for the referrer. It never carries the assessment, the rationale, the checklist or the
child's full name: the referrer signs in to see what they may see.
"""

from typing import Any

from django.urls import reverse

from cepathway.core import mail
from cepathway.core.models import OutgoingEmail

from .models import Referral, ReferralStatus


def tell_referrer(referral: Referral, *, by: Any) -> None:
    if referral.status not in {ReferralStatus.ENDED, ReferralStatus.LEVEL1_REQUIRED}:
        return
    context = {
        "referral": referral,
        "initials": referral.child.initials,
        "ended": referral.status == ReferralStatus.ENDED,
        "path": mail.base_url() + reverse("referrals:detail", args=[referral.pk]),
    }
    mail.send(
        "referrals/email/outcome",
        context,
        [referral.referrer.email],
        about=[(referral, f"outcome emailed to the referrer ({referral.referrer})")],
        on_sent="cepathway.referrals.notifications.referrer_told",
        by=by,
    )


def referrer_told(message: OutgoingEmail) -> None:
    """The outcome email has gone: the referral records when the referrer was told."""
    referral_ids = [entry["pk"] for entry in message.about if entry["model"] == Referral._meta.label_lower]
    Referral.objects.filter(pk__in=referral_ids).update(referrer_notified_at=message.sent_at)
