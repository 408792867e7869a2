"""What the policy pages show of a policy: its sentences, tables and summary lists."""

from dataclasses import dataclass
from typing import Any

from django.utils import timezone
from django.utils.html import format_html, format_html_join

from cepathway.core.policy import CHECKLIST_FACTORS, TIMESCALES, PartnershipPolicy
from cepathway.ui.components import SummaryRow, Table

from . import wording
from .models import PolicyVersion
from .services import REVIEWABLE


@dataclass(frozen=True)
class PolicyPage:
    policy: PartnershipPolicy
    version: PolicyVersion
    published: str
    sentences: list[str]
    reviews: Table
    allocation: Table
    meetings: list[SummaryRow]
    checklist_factors: Table
    checklist_levels: Table
    contacts: list[SummaryRow]
    timescales: list[SummaryRow]


def published_text(version: PolicyVersion) -> str:
    """ "Version 3, published by Sam Jones on 4 March 2027 at 10:12." """
    when = wording.long_date(timezone.localdate(version.created_at))
    if version.created_by is None:
        return f"Version {version.number}, set up by the service on {when}."
    return f"Version {version.number}, published by {version.created_by.display_name} on {when}."


def policy_page(policy: PartnershipPolicy, version: PolicyVersion) -> PolicyPage:
    return PolicyPage(
        policy=policy,
        version=version,
        published=published_text(version),
        sentences=[
            *(row.sentence for row in wording.review_rule_rows(policy)),
            wording.allocation_sentence(policy),
            wording.level1_chair_sentence(policy),
            wording.level2_agenda_sentence(policy),
            wording.level2_day_sentence(policy),
        ],
        reviews=_reviews(policy),
        allocation=_allocation(policy),
        meetings=_meetings(policy),
        checklist_factors=Table(
            caption="How an answer counts",
            caption_size="s",
            head=["Answer", "Counts (times the indicator's weight)"],
            rows=[
                [what, wording.number_text(getattr(policy.checklist, name))] for name, what in CHECKLIST_FACTORS.items()
            ],
            first_cell_is_header=True,
            numeric_columns=[1],
        ),
        checklist_levels=Table(
            caption="The level the checklist suggests",
            caption_size="s",
            head=["Suggested level", "From (points)"],
            rows=[
                [wording.status_label(status), wording.number_text(getattr(policy.checklist, name))]
                for name, status in wording.THRESHOLDS.items()
            ],
            first_cell_is_header=True,
            numeric_columns=[1],
        ),
        contacts=_contacts(policy),
        timescales=timescale_rows(policy),
    )


def _reviews(policy: PartnershipPolicy) -> Table:
    rows = [
        [
            row.status_label,
            wording.capitalise(row.every_text),
            row.chair_label,
            wording.join_labels(row.venue_labels),
            wording.join_labels(row.not_at_labels) or "No restriction",
        ]
        for row in wording.review_rule_rows(policy)
    ]
    return Table(
        caption="Reviews by CE status",
        caption_size="m",
        head=["Status", "How often", "Chaired by", "May be held at", "Never held at"],
        rows=rows,
        first_cell_is_header=True,
    )


def _allocation(policy: PartnershipPolicy) -> Table:
    rows = []
    for status in REVIEWABLE:
        role = policy.status_requires.get(status)
        rows.append(
            [wording.status_label(status), wording.capitalise(wording.allocation_phrase(role)) if role else "Nobody"]
        )
    return Table(
        caption="Who a child with each status must have allocated",
        caption_size="m",
        head=["Status", "Must have"],
        rows=rows,
        first_cell_is_header=True,
    )


def _or_none(text: str) -> str:
    return text or "None"


def _meetings(policy: PartnershipPolicy) -> list[SummaryRow]:
    organisers = wording.join_labels([wording.role_label(role) for role in policy.level2_organiser_roles], word="or")
    return [
        SummaryRow("Level 1 meetings are chaired by", wording.role_label(policy.level1_chair_role)),
        SummaryRow("Always on the Level 2 agenda", _or_none(wording.status_labels(policy.level2_statuses))),
        SummaryRow(
            "Discussed at Level 2 by exception", _or_none(wording.status_labels(policy.level2_by_exception_statuses))
        ),
        SummaryRow("Level 2 meets on", wording.capitalise(wording.level2_day_text(policy))),
        SummaryRow("Level 2 is organised by", _or_none(organisers)),
        SummaryRow("Reminders go out", f"{wording.days_text(policy.reminder_window.days)} before something is due"),
        SummaryRow(
            "An overdue review may be booked up to",
            f"{wording.days_text(policy.overdue_review_rebook_within.days)} from today",
        ),
        SummaryRow(
            "A meeting not booked here may be recorded up to",
            f"{wording.days_text(policy.late_recording_within.days)} after it was held",
        ),
        SummaryRow(
            "A meeting may be booked, or an action be due, up to",
            f"{wording.days_text(policy.book_ahead_within.days)} ahead",
        ),
        SummaryRow("Meetings are proposed for", f"{policy.default_meeting_time:%H:%M}"),
        SummaryRow("Bank holidays are those of", wording.region_name(policy.working_days_region)),
    ]


def timescale_rows(policy: PartnershipPolicy) -> list[SummaryRow]:
    return [
        SummaryRow(scale.summary, wording.quantity_text(getattr(policy.timescales, name), scale.unit))
        for name, scale in TIMESCALES.items()
    ]


def _contacts(policy: PartnershipPolicy) -> list[SummaryRow]:
    rows = []
    for name, label in wording.CONTACT_LABELS.items():
        value: Any = getattr(policy.contacts, name) or "Not given"
        if name == "complaints_url" and policy.contacts.complaints_url:
            value = format_html('<a class="govuk-link" href="{}">{}</a>', value, value)
        rows.append(SummaryRow(label, value))
    links = policy.contacts.support_links
    rows.append(SummaryRow("Support for families", _support_links(policy) if links else "None given"))
    return rows


def _support_links(policy: PartnershipPolicy) -> Any:
    items = format_html_join(
        "",
        "<li>{}{}{}</li>",
        (
            (
                format_html('<a class="govuk-link" href="{}">{}</a>', link.url, link.name) if link.url else link.name,
                f", {link.phone}" if link.phone else "",
                f": {link.what_for}" if link.what_for else "",
            )
            for link in policy.contacts.support_links
        ),
    )
    return format_html('<ul class="govuk-list">{}</ul>', items)


@dataclass(frozen=True)
class HistoryRow:
    version: PolicyVersion
    published_on: str
    published_by: str
    reason: str
    changes: list[str]
    is_current: bool


def history_rows(entries: list[Any]) -> list[HistoryRow]:
    """The history page's rows, newest first (entries from services.history)."""
    return [
        HistoryRow(
            version=entry.version,
            published_on=wording.long_date(timezone.localdate(entry.version.created_at)),
            published_by=entry.version.created_by.display_name if entry.version.created_by else "Set up by the service",
            reason=entry.version.reason,
            changes=entry.changes,
            is_current=index == 0,
        )
        for index, entry in enumerate(entries)
    ]
