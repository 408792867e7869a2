"""The forms of the family's voice: asking for views (professionals), withdrawing a link, and the
two versions of the family's own form (a parent or carer's, and the child's)."""

from typing import Any

from django import forms

from cepathway.meetings.forms import VersionedForm, line_field, text_field
from cepathway.meetings.models import VoiceOf
from cepathway.ui.forms import required_when, reveal

from . import services

WORDS = 3000  # characters a box takes: a page or two, enough to say what matters

PHONE_RE = r"^[0-9+()\- ]{7,20}$"


class AskForViewsForm(forms.Form):
    voice_of = forms.ChoiceField(
        label="Who is the link for?",
        choices=[(VoiceOf.PARENT_CARER, "A parent or carer"), (VoiceOf.CHILD, "The child")],
        widget=forms.RadioSelect,
        error_messages={"required": "Choose who the link is for"},
    )
    relationship = required_when(
        line_field("Their relationship to the child", max_length=100, help_text="For example, mother, foster carer"),
        "Needed for a parent or carer.",
    )
    first_name = line_field(
        "Their first name",
        max_length=100,
        required=True,
        help_text="The page the link opens says hello to them by this name. It shows nothing else about them.",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        reveal(self, "voice_of", VoiceOf.PARENT_CARER, "relationship")

    def clean(self) -> dict[str, Any]:
        data: dict[str, Any] = super().clean() or {}
        if data.get("voice_of") == VoiceOf.PARENT_CARER and not data.get("relationship"):
            self.add_error("relationship", "Enter the parent or carer's relationship to the child")
        return data

    def submit(self, meeting: Any, *, by: Any) -> services.Issued:
        return services.issue(meeting, **self.cleaned_data, by=by)


class WithdrawForm(VersionedForm):
    def submit(self, link: Any, *, by: Any) -> Any:
        return services.withdraw(link, by=by, expected_version=self.expected_version)


# --- The family's own forms (no account) ---------------------------------------------------------


def _wants_call(label: str) -> forms.ChoiceField:
    return forms.ChoiceField(
        label=label,
        choices=[("yes", "Yes, please call me"), ("no", "No, thank you")],
        widget=forms.RadioSelect,
        required=False,
    )


def _phone() -> forms.Field:
    return required_when(
        forms.RegexField(
            label="Your phone number",
            regex=PHONE_RE,
            max_length=40,
            required=False,
            error_messages={"invalid": "Enter a phone number, like 07700 900 982"},
            widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel", "class": "govuk-input--width-20"}),
        ),
        "Needed if you want a call.",
    )


def _best_times() -> forms.CharField:
    return line_field("Good times to call", max_length=300, help_text="For example, after 4pm")


class CallMixin:
    """A phone call instead of, or as well as, writing: a yes or no, and a number if yes."""

    cleaned_data: dict[str, Any]

    def add_call_reveal(self) -> None:
        reveal(self, "wants_call", "yes", "phone", "best_times")  # type: ignore[arg-type]

    def check_call(self, data: dict[str, Any]) -> None:
        if data.get("wants_call") == "yes" and not data.get("phone"):
            self.add_error("phone", "Enter your phone number, so we can call you")  # type: ignore[attr-defined]

    def call_part(self) -> dict[str, Any]:
        data = self.cleaned_data
        wants = data.get("wants_call") == "yes"
        return {
            "wants_call": wants,
            "phone": data.get("phone", "") if wants else "",
            "best_times": data.get("best_times", "") if wants else "",
        }


def _box(label: str, hint: str = "") -> forms.CharField:
    return text_field(label, max_length=WORDS, required=False, help_text=hint)


class ParentViewsForm(CallMixin, forms.Form):
    """A parent's or carer's views: three short questions, any of which may be left empty."""

    going_well = _box("What is going well?")
    worries = _box("What worries you?")
    would_help = _box("What would help?")
    wants_call = _wants_call("Would you like a phone call?")
    phone = _phone()
    best_times = _best_times()

    QUESTIONS = (
        ("going_well", "What is going well"),
        ("worries", "What worries me"),
        ("would_help", "What would help"),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.add_call_reveal()

    def clean(self) -> dict[str, Any]:
        data: dict[str, Any] = super().clean() or {}
        if not any((data.get(name) or "").strip() for name, _ in self.QUESTIONS) and "going_well" not in self.errors:
            self.add_error("going_well", "Write something in at least one box")
        self.check_call(data)
        return data

    def views(self) -> services.Views:
        data = self.cleaned_data
        parts = [f"{title}:\n{data[name].strip()}" for name, title in self.QUESTIONS if (data.get(name) or "").strip()]
        return services.Views(text="\n\n".join(parts), **self.call_part())


WORRY_CHOICES = [
    ("not", "Not worried"),
    ("little", "A little worried"),
    ("quite", "Quite worried"),
    ("very", "Very worried"),
]


class ChildViewsForm(CallMixin, forms.Form):
    """The child's views: how worried they are (a choice of faces, which they may skip) and their words."""

    worry = forms.ChoiceField(
        label="How worried are you?", choices=WORRY_CHOICES, widget=forms.RadioSelect, required=False
    )
    words = text_field(
        "What do you want the meeting to know?",
        max_length=WORDS,
        required=False,
        help_text="You can write a lot or a little.",
    )
    wants_call = _wants_call("Would you like to talk on the phone?")
    phone = _phone()
    best_times = _best_times()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.add_call_reveal()

    def clean(self) -> dict[str, Any]:
        data: dict[str, Any] = super().clean() or {}
        if not data.get("worry") and not (data.get("words") or "").strip() and "words" not in self.errors:
            self.add_error("words", "Write something, or choose a face")
        self.check_call(data)
        return data

    def views(self) -> services.Views:
        data = self.cleaned_data
        parts = []
        if data.get("worry"):
            parts.append(f"How worried I am: {dict(WORRY_CHOICES)[data['worry']]} (chosen from four faces)")
        if (data.get("words") or "").strip():
            parts.append(f"What I want the meeting to know:\n{data['words'].strip()}")
        return services.Views(text="\n\n".join(parts), **self.call_part())


def views_form_for(link: Any, data: Any = None) -> ParentViewsForm | ChildViewsForm:
    return ChildViewsForm(data) if link.voice_of == VoiceOf.CHILD else ParentViewsForm(data)
