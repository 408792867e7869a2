"""Forms: they parse and check what a person typed, with messages a professional understands, and
`submit(record, *, by)` hands it to the service that does the work. Pages and the API use the same
forms, so they accept the same input and call the same service. The pathway's rules are checked
again by the services, which have the last word."""

from collections.abc import Iterable
from datetime import date, datetime, time
from typing import Any, cast

from django import forms
from django.utils import timezone

from cepathway.children.models import CEStatus
from cepathway.core.policy import PartnershipPolicy, Venue
from cepathway.people.models import Agency, Role, User
from cepathway.people.pickers import PeopleField, PersonField
from cepathway.policy import wording
from cepathway.ui.forms import GovukDateField, required_when, reveal

from . import at_meeting, before_meeting, booking, held_afterwards, invitations, outcomes, safety_plan
from .level2 import flags
from .level2 import services as level2
from .models import (
    MAX_SHORT_TEXT,
    MAX_TEXT,
    ActionStatus,
    Attendance,
    CallState,
    CEType,
    ClosureReason,
    Level2Item,
    MeetingKind,
    VoiceMethod,
    VoiceOf,
)

DATE_HINT = "For example, 27 3 2026"
TIME_HINT = "Use the 24-hour clock, for example 14:30"


def date_field(label: str, *, required: bool = True, help_text: str = DATE_HINT, **rules: Any) -> GovukDateField:
    """A GOV.UK day, month and year date. `rules`: must_be_past, must_be_future, allow_today."""
    return GovukDateField(label=label, required=required, help_text=help_text, **rules)


def time_field(label: str, *, required: bool = True) -> forms.TimeField:
    return forms.TimeField(
        label=label,
        required=required,
        input_formats=["%H:%M", "%H.%M", "%H%M"],
        help_text=TIME_HINT,
        error_messages={
            "required": f"Enter the {label.lower()}",
            "invalid": f"The {label.lower()} must be a time on the 24-hour clock, like 14:30",
        },
        widget=forms.TimeInput(attrs={"class": "govuk-input govuk-input--width-5"}, format="%H:%M"),
    )


def text_field(label: str, *, max_length: int = MAX_TEXT, required: bool = True, **kwargs: Any) -> forms.CharField:
    return forms.CharField(
        label=label,
        max_length=max_length,
        required=required,
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={
            "required": f"Enter {label[0].lower() + label[1:]}",
            "max_length": f"{label} must be {max_length:,} characters or fewer",
        },
        **kwargs,
    )


def line_field(label: str, *, max_length: int, required: bool = False, **kwargs: Any) -> forms.CharField:
    return forms.CharField(
        label=label,
        max_length=max_length,
        required=required,
        error_messages={
            "required": f"Enter {label[0].lower() + label[1:]}",
            "max_length": f"{label} must be {max_length:,} characters or fewer",
        },
        **kwargs,
    )


def _field(form: forms.BaseForm, name: str) -> Any:
    """A form's field, for setting its queryset or choices (typed loosely on purpose)."""
    return form.fields[name]


def combine(day: date, when: time) -> datetime:
    return timezone.make_aware(datetime.combine(day, when))


def chair_field(label: str = "Chair") -> PersonField:
    return PersonField(
        queryset=User.objects.none(),
        label=label,
        empty_label="Choose the chair",
        error_messages={"required": "Choose the chair"},
    )


def _picker(form: forms.BaseForm, name: str) -> PersonField | PeopleField:
    return cast(PersonField | PeopleField, form.fields[name])


class VersionedForm(forms.Form):
    """Carries the version of the record the person opened, so a later save can spot a clash."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)

    @property
    def expected_version(self) -> int:
        return int(self.cleaned_data["version"])


class WhenWhereForm(forms.Form):
    date = date_field("Date", must_be_future=True, allow_today=True)
    time = time_field("Start time")
    venue = forms.ChoiceField(
        label="Where is the meeting held?",
        choices=list(Venue.LABELS.items()),
        widget=forms.RadioSelect,
        error_messages={"required": "Choose where the meeting is held"},
    )
    location = line_field(
        "Room and address, or how to join online",
        max_length=300,
        help_text="Shared with the people invited. Do not put the child's name here.",
    )

    def clean(self) -> dict[str, Any]:
        data: dict[str, Any] = super().clean() or {}
        if data.get("date") and data.get("time"):
            data["when"] = combine(data["date"], data["time"])
        return data

    def details(self, chair: Any = None) -> booking.Details:
        data = self.cleaned_data
        return booking.Details(data["when"], data["venue"], data["location"], chair or data["chair"])


class ScheduleLevel1Form(WhenWhereForm):
    def submit(self, child: Any, *, by: Any) -> Any:
        """The person scheduling chairs the Level 1 meeting (policy: CERAR)."""
        return booking.schedule_level1(child, self.details(chair=by), by=by)


class ChangeDetailsForm(VersionedForm, WhenWhereForm):
    """Changing a meeting already scheduled: its date may already have passed (an overdue meeting
    being given a new chair). The service refuses a move into the past, not keeping the date."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(GovukDateField, self.fields["date"]).must_be_future = False


class RecordHeldForm(WhenWhereForm):
    """A meeting already held that was not booked here beforehand (`held_afterwards`)."""

    kind = forms.ChoiceField(
        label="What kind of meeting was it?",
        choices=[(MeetingKind.LEVEL1, "Level 1 meeting"), (MeetingKind.REVIEW, "Review")],
        widget=forms.RadioSelect,
        error_messages={"required": "Choose whether it was a Level 1 meeting or a review"},
    )
    status_under_review = required_when(
        forms.ChoiceField(
            label="Which CE status was the review about?",
            choices=[],
            required=False,
            widget=forms.RadioSelect,
            help_text="The status the child had when the review was held.",
        ),
        "Needed for a review.",
    )
    chair = chair_field("Who chaired it?")
    reason = line_field(
        "Why is it recorded after it was held?",
        max_length=MAX_SHORT_TEXT,
        required=True,
        help_text="For example, an urgent meeting held the same day, or a case moved in from our previous system.",
    )

    field_order = ["kind", "status_under_review", "date", "time", "venue", "location", "chair", "reason"]

    def __init__(
        self, *args: Any, partnership_id: Any, policy: PartnershipPolicy, connected: Iterable[Any] = (), **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        date_input = cast(GovukDateField, self.fields["date"])
        date_input.must_be_future, date_input.must_be_past = False, True
        date_input.label, date_input.error_label = "Date it was held", "The date it was held"
        self.fields["time"].label = "Time it started"
        self.fields["time"].error_messages["required"] = "Enter the time it started"
        self.fields["venue"].label = "Where was it held?"
        self.fields["venue"].error_messages["required"] = "Choose where the meeting was held"
        self.fields["location"].label = "Room and address, or how people joined online"
        self.fields["location"].help_text = ""
        self.fields["reason"].error_messages["required"] = "Say why the meeting is recorded after it was held"
        reveal(self, "kind", MeetingKind.REVIEW, "status_under_review")
        reviewed = wording.in_status_order(policy.reviews)
        _field(self, "status_under_review").choices = [(status, wording.status_label(status)) for status in reviewed]
        roles = dict.fromkeys([policy.level1_chair_role, *policy.review_chair_roles])
        _picker(self, "chair").choose_among(partnership_id, roles, connected=connected)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("kind") == MeetingKind.REVIEW and not data.get("status_under_review"):
            self.add_error("status_under_review", "Choose the CE status the review was about")
        return data

    def submit(self, child: Any, *, by: Any) -> Any:
        data = self.cleaned_data
        held = held_afterwards.HeldMeeting(
            kind=data["kind"],
            details=self.details(),
            reason=data["reason"],
            status_under_review=data["status_under_review"] if data["kind"] == MeetingKind.REVIEW else "",
        )
        return held_afterwards.record_held(child, held, by=by)


class MeetingDetailsForm(ChangeDetailsForm):
    chair = chair_field()
    late_reason = required_when(
        line_field("If it was held on an earlier day than booked: why is it recorded late?", max_length=500),
        "Needed only for a date in the past, the day it was held (an urgent meeting, for example).",
    )

    def __init__(
        self, *args: Any, partnership_id: Any, chair_role: str, connected: Iterable[Any] = (), **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        _picker(self, "chair").choose_among(partnership_id, (chair_role,), connected=connected)
        self.fields["chair"].help_text = f"By policy, {wording.with_article(wording.role_name(chair_role))}."

    def submit(self, meeting: Any, *, by: Any) -> list[str]:
        return booking.change_details(
            meeting,
            self.details(),
            expected_version=self.expected_version,
            by=by,
            late_reason=self.cleaned_data["late_reason"],
        )


class CancelForm(VersionedForm):
    reason = line_field("Why is the meeting cancelled?", max_length=500, required=True)

    def submit(self, meeting: Any, *, by: Any) -> None:
        booking.cancel(meeting, reason=self.cleaned_data["reason"], expected_version=self.expected_version, by=by)


class InviteForm(forms.Form):
    people = PeopleField(
        queryset=User.objects.none(),
        label="Who should be invited?",
        error_messages={"required": "Choose at least one person to invite"},
        help_text=(
            "The people already working with the child are ticked. Search to add anyone else in the partnership. "
            "Invitees can see the child's record."
        ),
    )

    def __init__(self, *args: Any, queryset: Any, connected: Iterable[Any] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _picker(self, "people").choose_among(None, queryset=queryset, with_children=True, connected=connected)

    def submit(self, meeting: Any, *, by: Any) -> list[Any]:
        return invitations.invite(meeting, list(self.cleaned_data["people"]), by=by)


class VoiceForm(forms.Form):
    voice_of = forms.ChoiceField(
        label="Whose views are these?",
        choices=VoiceOf.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose whose views these are"},
    )
    relationship = required_when(
        line_field("Relationship to the child", max_length=100, help_text="For example, mother, foster carer"),
        "Needed for a parent's or carer's views.",
    )
    method = forms.ChoiceField(
        label="How were the views given?",
        choices=VoiceMethod.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose how the views were given"},
    )
    gathered_on = date_field("Date the views were given", must_be_past=True, allow_today=True)
    views = text_field("Their views, in their own words where possible")
    read_out = forms.BooleanField(label="Read these views out at the meeting", required=False, initial=True)

    def clean(self) -> dict[str, Any]:
        data: dict[str, Any] = super().clean() or {}
        if data.get("voice_of") == VoiceOf.PARENT_CARER and not data.get("relationship"):
            self.add_error("relationship", "Enter the parent or carer's relationship to the child")
        return data

    def submit(self, meeting: Any, *, by: Any) -> Any:
        return before_meeting.record_voice(meeting, **self.cleaned_data, by=by)


class CallRequestForm(forms.Form):
    requested_by = forms.ChoiceField(
        label="Who asked for a telephone discussion with CERAR?",
        choices=VoiceOf.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose who asked"},
    )
    contact_name = line_field("Name of the person to call", max_length=200, required=True)
    contact_phone = forms.RegexField(
        label="Telephone number",
        regex=r"^[0-9+()\- ]{7,20}$",
        max_length=40,
        error_messages={
            "required": "Enter the telephone number",
            "invalid": "Enter a telephone number, like 01632 960 001 or +44 7700 900 982",
        },
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "off", "class": "govuk-input--width-20"}),
    )
    best_times = line_field("Best times to call", max_length=300)

    def submit(self, meeting: Any, *, by: Any) -> Any:
        return before_meeting.log_call_request(meeting, **self.cleaned_data, by=by)


class ArrangeCallForm(VersionedForm):
    state = forms.ChoiceField(
        label="What is happening with the call?",
        choices=[c for c in CallState.choices if c[0] != CallState.REQUESTED],
        widget=forms.RadioSelect,
        error_messages={"required": "Choose what is happening with the call"},
    )
    date = required_when(
        date_field("Date of the call", required=False, help_text=f"When arranged or held. {DATE_HINT}"),
        "Needed when the call is arranged.",
    )
    time = required_when(time_field("Time of the call", required=False), "Needed when the call is arranged.")
    notes = text_field("Notes", max_length=MAX_SHORT_TEXT, required=False)

    def clean(self) -> dict[str, Any]:
        data: dict[str, Any] = super().clean() or {}
        if data.get("date") and data.get("time"):
            data["arranged_for"] = combine(data["date"], data["time"])
        elif data.get("state") == CallState.ARRANGED:
            self.add_error("date", "Enter the date and time of the call")
        else:
            data["arranged_for"] = None
        return data

    def submit(self, call: Any, *, by: Any) -> list[str]:
        data = self.cleaned_data
        return before_meeting.arrange_call(
            call,
            state=data["state"],
            arranged_for=data["arranged_for"],
            notes=data["notes"],
            expected_version=self.expected_version,
            by=by,
        )


class AttendanceForm(VersionedForm):
    """One attendance choice and apology note per invitee."""

    def __init__(self, *args: Any, invitations: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.invitations = invitations
        for invitation in invitations:
            self.fields[f"attendance_{invitation.pk}"] = forms.ChoiceField(
                label=f"{invitation.user.display_name}, {invitation.agency or 'no agency'}",
                choices=Attendance.choices,
                initial=invitation.attendance,
                widget=forms.RadioSelect,
                error_messages={"required": f"Choose whether {invitation.user.display_name} attended"},
            )
            self.fields[f"note_{invitation.pk}"] = line_field(
                f"Apology or note for {invitation.user.display_name}", max_length=500, initial=invitation.apology_note
            )

    def rows(self) -> list[tuple[Any, Any, Any]]:
        return [(inv, self[f"attendance_{inv.pk}"], self[f"note_{inv.pk}"]) for inv in self.invitations]

    def register(self) -> dict[Any, tuple[str, str]]:
        return {
            inv.pk: (self.cleaned_data[f"attendance_{inv.pk}"], self.cleaned_data[f"note_{inv.pk}"])
            for inv in self.invitations
        }

    def submit(self, meeting: Any, *, by: Any) -> list[str]:
        return at_meeting.record_attendance(meeting, self.register(), expected_version=self.expected_version, by=by)


class ContributionForm(forms.Form):
    agency = forms.ModelChoiceField(
        queryset=Agency.objects.none(),
        label="Agency",
        empty_label="Choose the agency",
        error_messages={"required": "Choose the agency that shared the information"},
    )
    information = text_field("Information shared at the meeting")
    shareable_with_family = text_field(
        "What of it may be shared with the child and family",
        required=False,
        help_text="Leave empty if none of it may be shared. This is what the family summary will say.",
    )
    not_shareable_reason = text_field(
        "Why the rest may not be shared",
        max_length=MAX_SHORT_TEXT,
        required=False,
        help_text="For example, it would prejudice a police investigation or identify a source.",
    )

    def __init__(self, *args: Any, partnership_id: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _field(self, "agency").queryset = Agency.objects.filter(partnership_id=partnership_id).order_by("name")

    def submit(self, meeting: Any, *, by: Any) -> Any:
        return at_meeting.add_contribution(meeting, **self.cleaned_data, by=by)


SCALE_CHOICES = [("", "Not scored yet")] + [(str(n), str(n)) for n in range(11)]


SHAREABLE = (
    "Write this so it can be shared with the family in the outcome summary: information that may not be "
    "shared belongs in the agency's contribution."
)


class DiscussionForm(VersionedForm):
    vulnerabilities = text_field("What we are worried about: vulnerabilities", required=False, help_text=SHAREABLE)
    harm = text_field("What we are worried about: harm and potential harm", required=False)
    strengths = text_field("What is working well: the child's strengths", required=False)
    family_responses = text_field("What is working well: the family's responses", required=False)
    needs_to_happen = text_field("What needs to happen", required=False)
    scale = forms.TypedChoiceField(
        label="On a scale of 0 to 10, where is the meeting?",
        help_text="0 means harm is certain; 10 means the child is safe enough for the pathway to end.",
        choices=SCALE_CHOICES,
        coerce=int,
        empty_value=None,
        required=False,
    )

    def submit(self, meeting: Any, *, by: Any) -> list[str]:
        values = {name: self.cleaned_data[name] for name in meeting.DISCUSSION_FIELDS}
        return at_meeting.record_discussion(meeting, values, expected_version=self.expected_version, by=by)


class OutcomeForm(VersionedForm):
    status = forms.ChoiceField(
        label="What CE status did the meeting decide?",
        choices=[(s.value, s.label) for s in (CEStatus.HIGH, CEStatus.MEDIUM, CEStatus.LOW, CEStatus.NONE)],
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the CE status the meeting decided"},
    )
    # Needed on some answers only (checked in clean() and by the service): the hint says when, and
    # the label does not say "(optional)".
    ce_types = required_when(
        forms.MultipleChoiceField(
            label="Types of exploitation",
            choices=CEType.choices,
            widget=forms.CheckboxSelectMultiple,
            required=False,
            help_text="Select all that apply.",
        ),
        f"Needed for every status but {CEStatus.NONE.label}.",
    )
    rationale = text_field("Why the meeting decided this status")
    social_worker = PersonField(
        queryset=User.objects.none(),
        label="Allocated social worker",
        required=False,
        empty_label="No change",
    )
    lead_professional = PersonField(
        queryset=User.objects.none(),
        label="Lead professional",
        required=False,
        empty_label="No change",
    )
    review_date = date_field(
        "Review date", required=False, help_text="Leave empty to use the date policy sets.", must_be_future=True
    )
    review_time = time_field("Review start time", required=False)
    review_venue = required_when(
        forms.ChoiceField(
            label="Where will the review be held?",
            choices=[("", "Choose a place")] + list(Venue.LABELS.items()),
            required=False,
        ),
        f"Needed for every status but {CEStatus.NONE.label}.",
    )
    review_location = line_field("Review room and address, or how to join online", max_length=300)
    review_chair = required_when(
        PersonField(
            queryset=User.objects.none(),
            label="Review chair",
            required=False,
            empty_label="Choose the chair",
        ),
        f"Needed for every status but {CEStatus.NONE.label}.",
    )
    invite_same_people = forms.BooleanField(label="Invite the same people to the review", required=False, initial=True)
    closure_reason = required_when(
        forms.ChoiceField(
            label="Why does the pathway end?",
            choices=[("", "Choose a reason")] + list(ClosureReason.choices),
            required=False,
        ),
        f"Needed when the status is {CEStatus.NONE.label}.",
    )
    closure_detail = required_when(
        text_field("More about why the pathway ends", max_length=MAX_SHORT_TEXT, required=False),
        f'Needed when the reason is "{ClosureReason.OTHER.label}".',
    )

    def __init__(
        self, *args: Any, partnership_id: Any, policy: PartnershipPolicy, connected: Iterable[Any] = (), **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.policy = policy
        connected = set(connected)
        for name, roles in (
            ("social_worker", (Role.SOCIAL_WORKER,)),
            ("lead_professional", (Role.LEAD_PROFESSIONAL,)),
            ("review_chair", policy.review_chair_roles),
        ):
            _picker(self, name).choose_among(partnership_id, roles, connected=connected)
        for name, role in (("social_worker", Role.SOCIAL_WORKER), ("lead_professional", Role.LEAD_PROFESSIONAL)):
            hint = wording.allocation_hint(policy, role)  # the statuses that need one allocated, if any
            if hint:
                required_when(self.fields[name], hint)

    def clean(self) -> dict[str, Any]:
        data: dict[str, Any] = super().clean() or {}
        status = data.get("status")
        if status and status != CEStatus.NONE:
            if not data.get("ce_types"):
                self.add_error("ce_types", "Choose at least one type of exploitation")
            if not data.get("review_venue"):
                self.add_error("review_venue", "Choose where the review will be held")
            if not data.get("review_chair"):
                self.add_error("review_chair", "Choose who chairs the review")
        if status == CEStatus.NONE and not data.get("closure_reason"):
            self.add_error("closure_reason", "With no CE status the pathway ends: choose the reason")
        data["review_when"] = None
        if data.get("review_date"):
            data["review_when"] = combine(
                data["review_date"], data.get("review_time") or self.policy.default_meeting_time
            )
        return data

    def outcome(self) -> outcomes.Outcome:
        data = self.cleaned_data
        names = [name for name in outcomes.Outcome.__dataclass_fields__ if name in data]
        return outcomes.Outcome(**{name: data[name] for name in names})

    def submit(self, meeting: Any, *, by: Any) -> outcomes.OutcomeResult:
        return outcomes.record_outcome(meeting, self.outcome(), expected_version=self.expected_version, by=by)


class ActionForm(forms.Form):
    description = text_field("What needs to be done", max_length=MAX_SHORT_TEXT)
    owner = PersonField(
        queryset=User.objects.none(),
        label="Who owns the action?",
        empty_label="Choose a person",
        error_messages={"required": "Choose who owns the action"},
        help_text="Their agency is recorded with the action. They will see it on their work page.",
    )
    due_on = date_field("Due by", must_be_future=True, allow_today=True)

    def __init__(self, *args: Any, partnership_id: Any, connected: Iterable[Any] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _picker(self, "owner").choose_among(partnership_id, connected=connected)

    def submit(self, record: Any, *, by: Any) -> Any:
        """An action agreed at a meeting, or by the Level 2 panel about an item on its agenda."""
        if isinstance(record, Level2Item):
            return safety_plan.add_action(None, level2_item=record, **self.cleaned_data, by=by)
        return safety_plan.add_action(record, **self.cleaned_data, by=by)


class ActionUpdateForm(VersionedForm):
    note = text_field("What progress has been made?", max_length=MAX_SHORT_TEXT)
    status = forms.ChoiceField(
        label="Status now",
        choices=ActionStatus.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the action's status"},
    )
    due_on = date_field(
        "New due date", required=False, help_text="Only if the due date changes.", must_be_future=True, allow_today=True
    )

    def submit(self, action: Any, *, by: Any) -> Any:
        data = self.cleaned_data
        return safety_plan.update_action(
            action,
            note=data["note"],
            status=data["status"],
            due_on=data["due_on"],
            expected_version=self.expected_version,
            by=by,
        )


class FlagForm(forms.Form):
    reason = text_field("Why should this child be discussed at Level 2?", max_length=MAX_SHORT_TEXT)

    def submit(self, child: Any, *, by: Any) -> Any:
        return flags.flag_for_level2(child, reason=self.cleaned_data["reason"], by=by)


class Level2Form(WhenWhereForm):
    month = forms.ChoiceField(label="Which month is the meeting for?", widget=forms.RadioSelect)
    chair = chair_field()
    field_order = ["month", "date", "time", "venue", "location", "chair"]

    def __init__(self, *args: Any, partnership_id: Any, months: list[date], roles: tuple[str, ...], **kwargs: Any):
        super().__init__(*args, **kwargs)
        _field(self, "month").choices = [(m.isoformat(), f"{m:%B %Y}") for m in months]
        _picker(self, "chair").choose_among(partnership_id, roles)

    def clean_month(self) -> date:
        return date.fromisoformat(self.cleaned_data["month"])

    def submit(self, partnership: Any, *, by: Any) -> Any:
        return level2.create_level2(partnership, month=self.cleaned_data["month"], details=self.details(), by=by)


class Level2DetailsForm(ChangeDetailsForm):
    """A Level 2 meeting's date, place, chair and panel, changed before it is held."""

    chair = chair_field()
    members = PeopleField(
        queryset=User.objects.none(),
        label="Panel members",
        required=False,
        help_text="Panel members can see the children on the agenda. Someone taken off the panel no longer can.",
    )
    field_order = ["date", "time", "venue", "location", "chair", "members"]

    def __init__(
        self, *args: Any, partnership_id: Any, roles: tuple[str, ...], panel_roles: tuple[str, ...], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        _picker(self, "chair").choose_among(partnership_id, roles)
        _picker(self, "members").choose_among(partnership_id, panel_roles)

    def submit(self, level2_meeting: Any, *, by: Any) -> list[str]:
        members = list(self.cleaned_data["members"])
        return level2.change_level2_details(
            level2_meeting, self.details(), members=members, expected_version=self.expected_version, by=by
        )


class Level2DecisionForm(VersionedForm):
    decisions = text_field("What did the panel decide?")

    def submit(self, item: Any, *, by: Any) -> None:
        level2.record_decisions(
            item, decisions=self.cleaned_data["decisions"], expected_version=self.expected_version, by=by
        )


class Level2HeldForm(forms.Form):
    notes = text_field("Notes of the meeting", required=False)

    def submit(self, level2_meeting: Any, *, by: Any) -> Any:
        return level2.mark_held(level2_meeting, notes=self.cleaned_data["notes"], by=by)
