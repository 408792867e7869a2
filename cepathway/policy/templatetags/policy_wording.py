"""What pages, letters and emails say about policy, from the partnership's own policy:
{% load policy_wording %}.

    {% policy_for child.partnership as policy %}
    <p class="govuk-body">{% review_sentence policy "medium" %}</p>
    {% review_due_sentence policy meeting.status_under_review meeting.due_on %}

Each tag is the function of the same name in cepathway.policy.wording; output is escaped.
"""

from datetime import date
from typing import Any

from django import template

from cepathway.core.policy import PartnershipPolicy

from .. import wording
from ..services import policy_for as _policy_for

register = template.Library()


@register.simple_tag
def policy_for(partnership: Any) -> PartnershipPolicy:
    """The partnership's current policy (a Partnership or its id), for `{% policy_for x as policy %}`."""
    return _policy_for(partnership)


@register.simple_tag
def status_labels(statuses: Any) -> str:
    return wording.status_labels(statuses)


@register.simple_tag
def review_rule_rows(policy: PartnershipPolicy) -> list[wording.ReviewRuleText]:
    return wording.review_rule_rows(policy)


@register.simple_tag
def review_sentence(policy: PartnershipPolicy, status: str) -> str:
    return wording.review_sentence(policy, status)


@register.simple_tag
def review_due_sentence(policy: PartnershipPolicy, status: str, due_on: date) -> str:
    return wording.review_due_sentence(policy, status, due_on)


@register.simple_tag
def allocation_sentence(policy: PartnershipPolicy) -> str:
    return wording.allocation_sentence(policy)


@register.simple_tag
def allocation_hint(policy: PartnershipPolicy, role: str) -> str:
    return wording.allocation_hint(policy, role)


@register.simple_tag
def level1_chair_sentence(policy: PartnershipPolicy) -> str:
    return wording.level1_chair_sentence(policy)


@register.simple_tag
def level2_agenda_sentence(policy: PartnershipPolicy) -> str:
    return wording.level2_agenda_sentence(policy)


@register.simple_tag
def level2_reason_label(policy: PartnershipPolicy, reason: str) -> str:
    """The label of one Level 2 agenda reason ("status" or "flagged")."""
    return wording.level2_reason_labels(policy).get(reason, "")


@register.simple_tag
def level2_day_sentence(policy: PartnershipPolicy) -> str:
    return wording.level2_day_sentence(policy)


@register.simple_tag
def level2_flag_hint(policy: PartnershipPolicy) -> str:
    return wording.level2_flag_hint(policy)


@register.simple_tag
def family_status_meaning(policy: PartnershipPolicy, status: str, name: str) -> str:
    return wording.family_status_meaning(policy, status, name)


@register.simple_tag
def checklist_score_sentence(policy: PartnershipPolicy) -> str:
    return wording.checklist_score_sentence(policy)
