"""Who an invitation letter is written to."""

from django import forms

from cepathway.meetings.models import VoiceOf

FORMATS = ("html", "pdf")


class InvitationLetterForm(forms.Form):
    """The person the invitation letter is written to: a first name and whether they are a parent or
    carer or the child. Nothing is saved."""

    first_name = forms.CharField(
        label="Their first name",
        max_length=100,
        help_text="The letter starts 'Dear' and this name. Only the first name is used.",
        error_messages={
            "required": "Enter the first name of the person the letter is for",
            "max_length": "The first name must be 100 characters or fewer",
        },
    )
    voice_of = forms.ChoiceField(
        label="Who is the letter for?",
        choices=[(VoiceOf.PARENT_CARER.value, "A parent or carer"), (VoiceOf.CHILD.value, "The child")],
        widget=forms.RadioSelect,
        error_messages={"required": "Select who the letter is for", "invalid_choice": "Select who the letter is for"},
    )
    format = forms.ChoiceField(
        label="How do you want the letter?",
        choices=[("html", "As a page to read and print"), ("pdf", "As a PDF to download")],
        widget=forms.RadioSelect,
        initial="html",
        required=False,
    )

    def clean_first_name(self) -> str:
        name = " ".join(self.cleaned_data["first_name"].split())
        if not name:
            raise forms.ValidationError("Enter the first name of the person the letter is for")
        return name
