"""Telling the referrer the outcome, without details they are not entitled to.

The email gives the reference, the child's initials, the outcome and the advice CERAR or the hub
wrote for the referrer. It never carries the assessment, the rationale, the checklist or the
child's full name: the referrer signs in to see what they may see.
"""

from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from cepathway.core import audit

from .models import Referral, ReferralStatus


def tell_referrer(referral: Referral, *, by: Any) -> None:
    if referral.status not in {ReferralStatus.ENDED, ReferralStatus.LEVEL1_REQUIRED}:
        return
    context = {
        "referral": referral,
        "initials": referral.child.initials,
        "ended": referral.status == ReferralStatus.ENDED,
        "path": settings.CEPATHWAY_BASE_URL.rstrip("/") + reverse("referrals:detail", args=[referral.pk]),
        "service_name": settings.CEPATHWAY_SERVICE_NAME,
    }
    subject = f"{referral.reference}: outcome of your child exploitation referral"
    body = render_to_string("referrals/email/outcome.txt", context)
    recipient = referral.referrer.email

    def send() -> None:
        if recipient:
            send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [recipient])

    transaction.on_commit(send)
    Referral.objects.filter(pk=referral.pk).update(referrer_notified_at=timezone.now())
    audit.sent(by, referral, detail=f"outcome emailed to the referrer ({referral.referrer})")
