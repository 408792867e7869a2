"""What the guide for parents and carers says that depends on the partnership's policy.

Every sentence here is made from the policy (`cepathway.policy.wording` for status and role names,
cadences and lists), so when the partnership publishes a new policy the guide says the new thing.
The fixed words around them are in the template, written for a reading age of 11 or under
(tests/family/test_reading_age.py measures both).
"""

from dataclasses import dataclass, field

from cepathway.core.policy import Contacts, PartnershipPolicy, SupportLink
from cepathway.policy import wording

CHILD = "your child"


@dataclass(frozen=True)
class StatusReview:
    """One status as the guide tells a family about it."""

    status: str
    label: str
    meaning: str  # what the status means, in the family summary's words
    review: str  # how often the meeting looks again, and who chairs it


@dataclass(frozen=True)
class Guide:
    partnership_name: str
    contacts: Contacts
    views_link_days: str
    level1_chair: str = ""
    statuses: list[StatusReview] = field(default_factory=list)
    status_list: str = ""  # "High, Medium or Low"
    child: str = CHILD
    level2_when: str = ""
    level2_who: str = ""
    level2_low: str = ""
    informal_days: str = ""
    acknowledge_days: str = ""
    formal_days: str = ""

    @property
    def support_links(self) -> tuple[SupportLink, ...]:
        return self.contacts.support_links

    @property
    def may_complain(self) -> bool:
        contacts = self.contacts
        return bool(contacts.complaints_email or contacts.complaints_phone or contacts.complaints_url)


def review_text(policy: PartnershipPolicy, status: str) -> str:
    """ "The meeting looks again every 8 weeks. A team manager chairs it." """
    rule = policy.review_rule(status)
    if rule is None:
        return ""
    every = wording.every_text(wording.weeks_of(rule.every))
    chair = wording.with_article(wording.role_name(rule.chair_role))
    return f"The meeting looks again {every}. {wording.capitalise(chair)} chairs it."


def meaning_text(policy: PartnershipPolicy, status: str) -> str:
    """What the status means and who works with the family, in the family summary's words:
    "The meeting is worried that your child may be being exploited. A social worker will work with
    you and your child." """
    worry = wording.WORRY.get(status)  # type: ignore[call-overload]
    sentences = [worry.format(name=CHILD)] if worry else []
    role = policy.status_requires.get(status)
    if role is not None:
        who = wording.capitalise(wording.with_article(wording.role_name(role)))
        sentences.append(f"{who} will work with you and {CHILD}.")
    return " ".join(sentences)


def _level2_when(policy: PartnershipPolicy) -> str:
    months = policy.level2_every_months
    return "once a month" if months == 1 else f"once every {months} months"


def guide_for(partnership_name: str, policy: PartnershipPolicy) -> Guide:
    timescales = policy.timescales
    statuses = [
        StatusReview(
            status=status,
            label=wording.status_label(status),
            meaning=meaning_text(policy, status),
            review=review_text(policy, status),
        )
        for status in wording.in_status_order(policy.reviews)
    ]
    low = wording.status_labels(policy.level2_by_exception_statuses, word="or")
    return Guide(
        partnership_name=partnership_name,
        contacts=policy.contacts,
        views_link_days=wording.quantity_text(timescales.views_link_days, "days"),
        level1_chair=wording.with_article(wording.role_name(policy.level1_chair_role)),
        statuses=statuses,
        status_list=wording.status_labels(policy.reviews, word="or"),
        level2_when=_level2_when(policy),
        level2_who=wording.status_labels(policy.level2_statuses, word="or"),
        level2_low=low,
        informal_days=wording.quantity_text(timescales.complaint_informal_working_days, "working days"),
        acknowledge_days=wording.quantity_text(timescales.complaint_acknowledge_working_days, "working days"),
        formal_days=wording.quantity_text(timescales.complaint_formal_working_days, "working days"),
    )
