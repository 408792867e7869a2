"""The form that changes a partnership's policy. It only reads what was typed; whether the policy it
describes can be run is `core.policy.policy_problems`, asked by `services.publish`."""

import re
from dataclasses import replace
from datetime import time, timedelta
from typing import Any

from django import forms

from cepathway.core.policy import (
    CHECKLIST_FACTORS,
    TIMESCALES,
    ChecklistWeighting,
    Contacts,
    PartnershipPolicy,
    ReviewRule,
    SupportLink,
    Timescales,
    Venue,
)
from cepathway.people.models import PARTNERSHIP_WIDE_ROLES, Role

from .services import REVIEWABLE
from .wording import (
    ALLOCATION_PHRASES,
    CONTACT_LABELS,
    ORDINALS,
    THRESHOLDS,
    WEEKDAYS,
    capitalise,
    status_label,
)

# The people who chair CE meetings.
CHAIR_ROLES = (Role.CERAR_LEAD, Role.TEAM_MANAGER, Role.SOCIAL_WORKER, Role.LEAD_PROFESSIONAL)
# Level 2's agenda is every qualifying child in the partnership, so only someone who sees the whole
# partnership can organise it.
ORGANISER_ROLES = tuple(role for role in Role if role in PARTNERSHIP_WIDE_ROLES)
NOBODY = "nobody"
# The parts of a support link the form asks for, with their labels; rows beyond the policy's links
# are left empty for new ones (an empty row is no link).
SUPPORT_LINK_PARTS = {
    "name": "Name",
    "url": "Web address",
    "phone": "Phone number",
    "what_for": "What it helps with",
}
SPARE_SUPPORT_LINK_ROWS = 2
LIMIT = 999  # what the form reads as a number of weeks or days; policy says what it allows


def _role_choices(roles: Any) -> list[tuple[str, str]]:
    return [(str(role), Role(role).label) for role in roles]


def _status_choices() -> list[tuple[str, str]]:
    return [(status, status_label(status)) for status in REVIEWABLE]


def _whole_number(label: str, message: str, width: int = 3) -> forms.IntegerField:
    errors = dict.fromkeys(("required", "invalid", "min_value", "max_value"), message)
    return forms.IntegerField(
        label=label,
        min_value=-LIMIT,
        max_value=LIMIT,
        error_messages=errors,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "class": f"govuk-input--width-{width}"}),
    )


def _number(label: str, message: str) -> forms.FloatField:
    return forms.FloatField(
        label=label,
        error_messages=dict.fromkeys(("required", "invalid"), message),
        widget=forms.TextInput(attrs={"inputmode": "decimal", "class": "govuk-input--width-4"}),
    )


def _radios(label: str, choices: Any, message: str, **kwargs: Any) -> forms.TypedChoiceField:
    return forms.TypedChoiceField(
        label=label,
        choices=choices,
        widget=forms.RadioSelect,
        error_messages=dict.fromkeys(("required", "invalid_choice"), message),
        **kwargs,
    )


def _checkboxes(label: str, choices: Any, message: str, required: bool = True) -> forms.MultipleChoiceField:
    return forms.MultipleChoiceField(
        label=label,
        choices=choices,
        required=required,
        widget=forms.CheckboxSelectMultiple,
        error_messages=dict.fromkeys(("required", "invalid_choice"), message),
    )


def field_name(path: str) -> str:
    """The form field a policy problem's path belongs to: "reviews.high.every" is reviews_high_every."""
    return path.replace(".", "_")


class PolicyForm(forms.Form):
    """Every part of the policy a partnership administrator changes, and why."""

    based_on = forms.IntegerField(widget=forms.HiddenInput)
    name = forms.CharField(
        label="Name of the policy",
        max_length=200,
        help_text="For example, the document it follows.",
        error_messages={"required": "Enter the name of the policy"},
    )
    # Fields for each status (reviews_<status>_every, _chair_role, _venues; status_requires_<status>)
    # are added in __init__.
    level1_chair_role = _radios(
        "Who chairs a Level 1 meeting?", _role_choices(CHAIR_ROLES), "Select who chairs a Level 1 meeting"
    )
    level2_statuses = _checkboxes(
        "Which statuses are always on the Level 2 agenda?",
        _status_choices(),
        "Select the statuses always on the Level 2 agenda",
    )
    level2_by_exception_statuses = _checkboxes(
        "Which statuses are discussed at Level 2 by exception, when someone flags the child?",
        _status_choices(),
        "Select the statuses discussed by exception from the list",
        required=False,
    )
    level2_week_of_month = _radios(
        "Which week of the month does Level 2 meet?",
        [(number, capitalise(ordinal)) for number, ordinal in ORDINALS.items()],
        "Select the week of the month Level 2 meets",
        coerce=int,
    )
    level2_weekday = _radios(
        "On which day?",
        list(enumerate(WEEKDAYS[:5])),
        "Select the day Level 2 meets",
        coerce=int,
    )
    level2_organiser_roles = _checkboxes(
        "Who organises Level 2?", _role_choices(ORGANISER_ROLES), "Select who organises Level 2"
    )
    reminder_window = _whole_number(
        "How many days ahead do reminders go out?",
        "Enter how many days ahead reminders go out, as a whole number like 7",
    )
    overdue_review_rebook_within = _whole_number(
        "Within how many days of today may an overdue review be booked?",
        "Enter how many days an overdue review may be booked within, as a whole number like 14",
    )
    late_recording_within = _whole_number(
        "Up to how many days after a meeting not booked here may it be recorded?",
        "Enter how many days after a meeting it may be recorded, as a whole number like 30",
    )
    book_ahead_within = _whole_number(
        "Up to how many days ahead may a meeting be booked or an action be due?",
        "Enter how many days ahead a meeting may be booked, as a whole number like 365",
    )
    default_meeting_time = forms.TimeField(
        label="What time are meetings proposed for?",
        help_text="Use the 24-hour clock, for example 10:00 or 14:30.",
        input_formats=["%H:%M", "%H.%M"],
        error_messages=dict.fromkeys(("required", "invalid"), "Enter the time like 10:00 or 14:30"),
        widget=forms.TimeInput(format="%H:%M", attrs={"class": "govuk-input--width-5"}),
    )
    reason = forms.CharField(
        label="Why are you changing it?",
        help_text="Everyone who reads the policy's history sees this.",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Say why you are changing the policy"},
    )

    def __init__(self, *args: Any, policy: PartnershipPolicy, **kwargs: Any) -> None:
        kwargs.setdefault("initial", initial_for(policy))
        super().__init__(*args, **kwargs)
        self.fields.update(_status_fields())
        self.fields.update(_checklist_fields())
        self.fields.update(_contact_fields())
        self.fields.update(_timescale_fields())
        self.support_link_count = len(policy.contacts.support_links) + SPARE_SUPPORT_LINK_ROWS
        self.fields.update(_support_link_fields(self.support_link_count))
        self._support_link_rows: list[int] = []
        # In the order the page shows them, so the error summary lists problems in that order too.
        self.order_fields(
            [
                "based_on",
                "name",
                *(name for status in REVIEWABLE for name in _status_field_names(status)),
                "level1_chair_role",
                "level2_statuses",
                "level2_by_exception_statuses",
                "level2_week_of_month",
                "level2_weekday",
                "level2_organiser_roles",
                "reminder_window",
                "overdue_review_rebook_within",
                "late_recording_within",
                "book_ahead_within",
                "default_meeting_time",
                *(f"checklist_{name}" for name in (*CHECKLIST_FACTORS, *THRESHOLDS)),
                *(f"contacts_{name}" for name in CONTACT_LABELS),
                *(f"timescales_{name}" for name in TIMESCALES),
                *(
                    _support_link_name(row, part)
                    for row in range(self.support_link_count)
                    for part in SUPPORT_LINK_PARTS
                ),
                "reason",
            ]
        )

    def status_fields(self, status: str) -> list[forms.BoundField]:
        """The fields about one status, in order, for its fieldset."""
        return [self[name] for name in _status_field_names(status)]

    def checklist_fields(self) -> list[forms.BoundField]:
        return [self[f"checklist_{name}"] for name in (*CHECKLIST_FACTORS, *THRESHOLDS)]

    def contact_fields(self) -> list[forms.BoundField]:
        return [self[f"contacts_{name}"] for name in CONTACT_LABELS]

    def timescale_fields(self) -> list[forms.BoundField]:
        return [self[f"timescales_{name}"] for name in TIMESCALES]

    def support_link_fields(self) -> list[tuple[int, list[forms.BoundField]]]:
        """(number from 1, its fields) of each support link row, for a fieldset each."""
        return [
            (row + 1, [self[_support_link_name(row, part)] for part in SUPPORT_LINK_PARTS])
            for row in range(self.support_link_count)
        ]

    def support_links(self) -> tuple[SupportLink, ...]:
        """The links typed, in order; a row left empty is no link."""
        links, self._support_link_rows = [], []
        for row in range(self.support_link_count):
            parts = {part: self.cleaned_data[_support_link_name(row, part)].strip() for part in SUPPORT_LINK_PARTS}
            if any(parts.values()):
                links.append(SupportLink(**parts))
                self._support_link_rows.append(row)
        return tuple(links)

    def policy(self, base: PartnershipPolicy) -> PartnershipPolicy:
        """The policy the form describes: `base` with every part the form holds replaced."""
        data = self.cleaned_data
        requires = {status: data[f"status_requires_{status}"] for status in REVIEWABLE}
        return replace(
            base,
            name=data["name"].strip(),
            reviews={
                status: ReviewRule(
                    every=timedelta(weeks=data[f"reviews_{status}_every"]),
                    chair_role=data[f"reviews_{status}_chair_role"],
                    venues=tuple(data[f"reviews_{status}_venues"]),
                )
                for status in REVIEWABLE
            },
            status_requires={status: role for status, role in requires.items() if role != NOBODY},
            level1_chair_role=data["level1_chair_role"],
            level2_statuses=tuple(data["level2_statuses"]),
            level2_by_exception_statuses=tuple(data["level2_by_exception_statuses"]),
            level2_week_of_month=data["level2_week_of_month"],
            level2_weekday=data["level2_weekday"],
            level2_organiser_roles=tuple(data["level2_organiser_roles"]),
            reminder_window=timedelta(days=data["reminder_window"]),
            overdue_review_rebook_within=timedelta(days=data["overdue_review_rebook_within"]),
            late_recording_within=timedelta(days=data["late_recording_within"]),
            book_ahead_within=timedelta(days=data["book_ahead_within"]),
            default_meeting_time=time(data["default_meeting_time"].hour, data["default_meeting_time"].minute),
            checklist=ChecklistWeighting(
                **{name: data[f"checklist_{name}"] for name in (*CHECKLIST_FACTORS, *THRESHOLDS)}
            ),
            contacts=Contacts(
                **{name: data[f"contacts_{name}"].strip() for name in CONTACT_LABELS},
                support_links=self.support_links(),
            ),
            timescales=Timescales(**{name: data[f"timescales_{name}"] for name in TIMESCALES}),
        )

    def add_problems(self, problems: dict[str, str]) -> None:
        """Put each of policy's problems beside its field (or above the form when no field holds it)."""
        for path, message in problems.items():
            path, message = self._on_its_row(path, message)
            name = field_name(path)
            self.add_error(name if name in self.fields else None, message)

    def _on_its_row(self, path: str, message: str) -> tuple[str, str]:
        """A support link's problem, moved to the row it was typed on (empty rows are skipped)."""
        match = re.fullmatch(r"contacts\.support_links\.(\d+)\.(\w+)", path)
        if not match or int(match[1]) >= len(self._support_link_rows):
            return path, message
        number, row = int(match[1]), self._support_link_rows[int(match[1])]
        message = message.replace(f"support link {number + 1}", f"support link {row + 1}")
        return f"contacts.support_links.{row}.{match[2]}", message


def _support_link_name(row: int, part: str) -> str:
    return f"contacts_support_links_{row}_{part}"


def _support_link_fields(rows: int) -> dict[str, forms.Field]:
    fields: dict[str, forms.Field] = {}
    for row in range(rows):
        for part, label in SUPPORT_LINK_PARTS.items():
            fields[_support_link_name(row, part)] = forms.CharField(
                label=label,
                required=False,
                max_length=200,
                help_text="Starting https://" if part == "url" else "",
                widget=forms.URLInput() if part == "url" else forms.TextInput(),
            )
    return fields


def _status_field_names(status: str) -> list[str]:
    return [
        f"reviews_{status}_every",
        f"reviews_{status}_chair_role",
        f"reviews_{status}_venues",
        f"status_requires_{status}",
    ]


def _status_fields() -> dict[str, forms.Field]:
    fields: dict[str, forms.Field] = {}
    for status in REVIEWABLE:
        label = status_label(status)
        fields[f"reviews_{status}_every"] = _whole_number(
            f"How often are {label} reviews held, in weeks?",
            f"Enter how often {label} reviews are held, in whole weeks like 4",
        )
        fields[f"reviews_{status}_chair_role"] = _radios(
            f"Who chairs a {label} review?", _role_choices(CHAIR_ROLES), f"Select who chairs a {label} review"
        )
        fields[f"reviews_{status}_venues"] = _checkboxes(
            f"Where may a {label} review be held?",
            list(Venue.LABELS.items()),
            f"Select at least one place a {label} review may be held",
        )
        allocation = [(str(role), capitalise(phrase)) for role, phrase in ALLOCATION_PHRASES.items()]
        fields[f"status_requires_{status}"] = _radios(
            f"Who must a child with a {label} status have allocated?",
            [*allocation, (NOBODY, "Nobody")],
            f"Select who a child with a {label} status must have allocated",
        )
    return fields


def _checklist_fields() -> dict[str, forms.Field]:
    fields: dict[str, forms.Field] = {}
    for name, what in CHECKLIST_FACTORS.items():
        fields[f"checklist_{name}"] = _number(
            f"{what} counts (times the indicator's weight)",
            f"Enter how much {what[:1].lower()}{what[1:]} counts, as a number like 0.5",
        )
    for name, status in THRESHOLDS.items():
        label = status_label(status)
        fields[f"checklist_{name}"] = _number(
            f"{label} is suggested from (points)", f"Enter the points {label} is suggested from, as a number like 6"
        )
    return fields


def _contact_fields() -> dict[str, forms.Field]:
    fields: dict[str, forms.Field] = {}
    for name, label in CONTACT_LABELS.items():
        fields[f"contacts_{name}"] = forms.CharField(
            label=label,
            required=False,
            max_length=200,
            widget=forms.EmailInput() if name.endswith("_email") else forms.TextInput(),
        )
    return fields


def _timescale_fields() -> dict[str, forms.Field]:
    fields: dict[str, forms.Field] = {}
    for name, scale in TIMESCALES.items():
        field = _whole_number(
            f"{scale.question} ({scale.unit})",
            f"Enter the number of {scale.unit} as a whole number, like {getattr(Timescales(), name)}",
        )
        field.help_text = scale.source
        fields[f"timescales_{name}"] = field
    return fields


def initial_for(policy: PartnershipPolicy) -> dict[str, Any]:
    """What the form shows for `policy`."""
    initial: dict[str, Any] = {
        "based_on": policy.number,
        "name": policy.name,
        "level1_chair_role": policy.level1_chair_role,
        "level2_statuses": list(policy.level2_statuses),
        "level2_by_exception_statuses": list(policy.level2_by_exception_statuses),
        "level2_week_of_month": policy.level2_week_of_month,
        "level2_weekday": policy.level2_weekday,
        "level2_organiser_roles": list(policy.level2_organiser_roles),
        "reminder_window": policy.reminder_window.days,
        "overdue_review_rebook_within": policy.overdue_review_rebook_within.days,
        "late_recording_within": policy.late_recording_within.days,
        "book_ahead_within": policy.book_ahead_within.days,
        "default_meeting_time": policy.default_meeting_time,
    }
    for status in REVIEWABLE:
        rule = policy.review_rule(status)
        if rule is not None:
            initial[f"reviews_{status}_every"] = rule.every.days // 7
            initial[f"reviews_{status}_chair_role"] = rule.chair_role
            initial[f"reviews_{status}_venues"] = list(rule.venues)
        initial[f"status_requires_{status}"] = policy.status_requires.get(status, NOBODY)
    for name in (*CHECKLIST_FACTORS, *THRESHOLDS):
        initial[f"checklist_{name}"] = getattr(policy.checklist, name)
    for name in CONTACT_LABELS:
        initial[f"contacts_{name}"] = getattr(policy.contacts, name)
    for row, link in enumerate(policy.contacts.support_links):
        for part in SUPPORT_LINK_PARTS:
            initial[_support_link_name(row, part)] = getattr(link, part)
    for name in TIMESCALES:
        initial[f"timescales_{name}"] = getattr(policy.timescales, name)
    return initial
