"""Forms of a person's own account: their password, their API tokens."""

from typing import Any

from django import forms
from django.conf import settings
from django.contrib.auth.forms import PasswordChangeForm

HINT_FOR_NEW = (
    "At least {length} characters. Not a common password, and not like your name or username. "
    "A few unrelated words make a good one."
)


def _minimum_length() -> int:
    validators: list[dict[str, Any]] = list(settings.AUTH_PASSWORD_VALIDATORS)  # type: ignore[arg-type]
    for validator in validators:
        if validator["NAME"].endswith("MinimumLengthValidator"):
            return int(validator.get("OPTIONS", {}).get("min_length", 8))
    return 8


class ChangePasswordForm(PasswordChangeForm):
    """Django's own password change (checks the current password and the validators), in our words."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["old_password"].label = "Your current password"
        self.fields["new_password1"].label = "New password"
        self.fields["new_password1"].help_text = HINT_FOR_NEW.format(length=_minimum_length())
        self.fields["new_password2"].label = "New password again"
        self.fields["new_password2"].help_text = ""
        self.error_messages = {
            **self.error_messages,
            "password_incorrect": "Your current password is not right. Enter it again.",
            "password_mismatch": "The two new passwords are not the same. Enter the same new password twice.",
        }
        for name, words in {
            "old_password": "Enter your current password",
            "new_password1": "Enter a new password",
            "new_password2": "Enter the new password again",
        }.items():
            self.fields[name].error_messages["required"] = words


class TokenNameForm(forms.Form):
    name = forms.CharField(
        label="What is the token for?",
        help_text="A name you will recognise, such as the system that will use it. Up to 100 characters.",
        max_length=100,
        error_messages={
            "required": "Enter what the token is for",
            "max_length": "What the token is for must be 100 characters or fewer",
        },
    )


class SecondFactorForm(forms.Form):
    """The code page after the password: a code from the app, or a recovery code."""

    code = forms.CharField(
        label="Code",
        help_text="The 6-digit code your authenticator app shows now, or one of your recovery codes.",
        max_length=40,
        error_messages={"required": "Enter the code from your authenticator app, or a recovery code"},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["code"].widget.attrs.update(
            {"autocomplete": "one-time-code", "autocapitalize": "none", "spellcheck": "false"}
        )


class ConfirmAppForm(forms.Form):
    """Setting up: the code the app shows, to show that it has the key."""

    code = forms.CharField(
        label="Enter the 6-digit code your app shows",
        max_length=12,
        error_messages={"required": "Enter the 6-digit code your app shows"},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["code"].widget.attrs.update({"autocomplete": "one-time-code", "inputmode": "numeric"})

    def clean_code(self) -> str:
        code = "".join(self.cleaned_data["code"].split())
        if not (code.isdigit() and len(code) == 6):
            raise forms.ValidationError("Enter the code as 6 digits, like 123456")
        return code


class PasswordAgainForm(forms.Form):
    """Turning two-factor off: the person's password, so that someone at an unlocked screen cannot."""

    password = forms.CharField(
        label="Your password",
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        error_messages={"required": "Enter your password"},
    )

    def __init__(self, user: Any, *args: Any, **kwargs: Any) -> None:
        self.user = user
        super().__init__(*args, **kwargs)

    def clean_password(self) -> str:
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError("Your password is not right. Enter it again.")
        return password
