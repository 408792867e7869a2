from typing import Any

from django import template

from cepathway.referrals import progress

register = template.Library()


@register.simple_tag
def progress_of(referral: Any) -> str:
    """`{% progress_of referral %}`: the referral's status, followed along the pathway after the decision."""
    return progress.progress_of(referral)
