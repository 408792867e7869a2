"""The form layer tells the truth: the error summary lists errors in the order of the fields on the
page (whatever order a form or a service added them in), errors about the whole form first; a field
needed only on another answer is not called "(optional)" and is drawn under that answer (GOV.UK
conditional reveal); glossary terms are spelled out once."""

from django import forms
from django.template import Context, Template

from cepathway.core.errors import RuleError
from cepathway.core.pages import refuse
from cepathway.ui import glossary
from cepathway.ui.forms import required_when, reveal
from cepathway.ui.templatetags.govuk import error_summary


class ContactForm(forms.Form):
    name = forms.CharField(label="Name")
    sharing = forms.ChoiceField(
        label="How is this shared?",
        choices=[("consent", "With consent"), ("without", "Without consent")],
        widget=forms.RadioSelect,
    )
    reason = required_when(forms.CharField(label="Why not", required=False), "Needed when shared without consent.")
    phone = forms.CharField(label="Phone", required=False)
    sure = forms.BooleanField(label="I am sure")

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        reveal(self, "sharing", "without", "reason")

    def clean(self) -> dict:
        data = super().clean() or {}
        if data.get("sharing") == "without" and not data.get("reason"):
            self.add_error("reason", "Enter why consent was not sought")
        return data


def summary_targets(form: forms.Form) -> list[str]:
    return [error.href or error.text for error in error_summary(form)["errors"]]


def test_the_error_summary_follows_the_fields_not_the_order_errors_were_added():
    form = ContactForm({"sharing": "without"})
    assert not form.is_valid()
    # Added last to first, as a service's RuleError for an early field would be after the form's own.
    form.errors.pop("name")
    refuse(form, RuleError("Enter the name", field="name"))
    refuse(form, RuleError("The whole thing is wrong"))
    assert summary_targets(form) == ["The whole thing is wrong", "#id_name", "#id_reason", "#id_sure"]


def test_a_revealed_field_is_listed_where_the_page_shows_it_under_its_answer():
    class Reordered(ContactForm):
        field_order = ["reason", "sure", "name", "sharing", "phone"]  # the revealed field first in the form

    form = Reordered({"sharing": "without"})
    assert not form.is_valid()
    # `{{ form }}` draws sure, name, sharing (with reason inside it), phone: the summary follows that.
    assert summary_targets(form) == ["#id_sure", "#id_name", "#id_reason"]


def test_a_field_needed_on_another_answer_is_not_called_optional_and_says_when():
    html = str(ContactForm()["reason"].as_field_group())
    assert "Why not</label>" in html and "(optional)" not in html
    assert "Needed when shared without consent." in html
    assert "Phone (optional)" in str(ContactForm()["phone"].as_field_group())


def test_radios_whose_answers_include_none_of_these_are_not_called_optional():
    class Checklist(forms.Form):
        missing = forms.ChoiceField(
            label="Goes missing",
            choices=[("", "Not a concern"), ("current", "Yes, current")],
            required=False,
            widget=forms.RadioSelect,
        )
        level = forms.ChoiceField(label="Level", choices=[("low", "Low")], required=False, widget=forms.RadioSelect)

    assert ">Goes missing</legend>" in str(Checklist()["missing"].as_field_group())
    assert ">Level (optional)</legend>" in str(Checklist()["level"].as_field_group())


def test_the_revealed_field_is_drawn_inside_its_answer_and_only_there():
    form = ContactForm({"sharing": "without"})
    form.is_valid()
    html = str(form)
    assert html.count('name="reason"') == 1
    radios = str(form["sharing"].as_field_group())
    assert 'data-aria-controls="conditional-id_sharing-2"' in radios
    conditional = radios.index('id="conditional-id_sharing-2"')
    assert radios.index('class="govuk-radios__conditional"') < conditional < radios.index('name="reason"')
    assert "govuk-radios--inline" not in radios  # GOV.UK: no side-by-side radios with a reveal
    hidden = str(ContactForm({"sharing": "consent"})["sharing"].as_field_group())
    assert "govuk-radios__conditional govuk-radios__conditional--hidden" in hidden  # until chosen, with JavaScript


def test_a_glossary_term_is_spelled_out_at_its_first_use_in_the_text_only(monkeypatch):
    monkeypatch.setitem(glossary._TERMS, "ZQX", "Zebra Quality Exchange")
    html = Template(
        '{% load govuk %}{% spell_out_terms %}<p title="ZQX">The ZQX team</p><select><option>ZQX</option></select>'
        "<p>ZQX again</p>{% endspell_out_terms %}"
    ).render(Context())
    assert html == (
        '<p title="ZQX">The <abbr title="Zebra Quality Exchange">ZQX</abbr> team</p>'
        "<select><option>ZQX</option></select><p>ZQX again</p>"
    )
