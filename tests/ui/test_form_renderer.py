"""The GOV.UK form renderer: every field drawn as a GOV.UK form group."""

from django import forms
from django.template import Context, Template
from pytest_django.asserts import assertHTMLEqual, assertInHTML

from cepathway.ui.forms import FieldView, GovukFormRenderer
from cepathway.ui.templatetags.govuk import govuk_field


class ChildForm(forms.Form):
    name = forms.CharField(label="Full name", help_text="As the family writes it", max_length=50)
    nickname = forms.CharField(label="Known as", required=False)
    notes = forms.CharField(label="What happened?", widget=forms.Textarea(attrs={"rows": 5}), max_length=500)
    summary = forms.CharField(label="Summary", widget=forms.Textarea)
    agency = forms.ChoiceField(label="Agency", choices=[("", "Choose an agency"), ("police", "Police")])
    consent = forms.ChoiceField(
        label="Has the family consented?", choices=[("yes", "Yes"), ("no", "No")], widget=forms.RadioSelect
    )
    level = forms.ChoiceField(
        label="Risk level", choices=[("low", "Low"), ("medium", "Medium"), ("high", "High")], widget=forms.RadioSelect
    )
    concerns = forms.MultipleChoiceField(
        label="Concerns",
        choices=[("cce", "Criminal exploitation"), ("cse", "Sexual exploitation")],
        widget=forms.CheckboxSelectMultiple,
    )
    urgent = forms.BooleanField(label="This is urgent", help_text="We call within the hour")
    token = forms.CharField(widget=forms.HiddenInput)


def bound(**data: object) -> ChildForm:
    form = ChildForm(data=data)
    form.is_valid()
    return form


def test_forms_use_the_govuk_renderer() -> None:
    assert isinstance(ChildForm().renderer, GovukFormRenderer)


def test_text_input_has_label_hint_and_no_required_attribute() -> None:
    html = ChildForm()["name"].as_field_group()
    assertHTMLEqual(
        html,
        """
        <div class="govuk-form-group">
          <label class="govuk-label" for="id_name">Full name</label>
          <div id="id_name-hint" class="govuk-hint">As the family writes it</div>
          <input type="text" name="name" maxlength="50" class="govuk-input" id="id_name"
            aria-describedby="id_name-hint">
        </div>
        """,
    )


def test_text_input_with_an_error() -> None:
    html = bound(name="")["name"].as_field_group()
    assertHTMLEqual(
        html,
        """
        <div class="govuk-form-group govuk-form-group--error">
          <label class="govuk-label" for="id_name">Full name</label>
          <div id="id_name-hint" class="govuk-hint">As the family writes it</div>
          <p id="id_name-error" class="govuk-error-message">
            <span class="govuk-visually-hidden">Error:</span> This field is required.
          </p>
          <input type="text" name="name" maxlength="50" class="govuk-input govuk-input--error" id="id_name"
            aria-describedby="id_name-hint id_name-error" aria-invalid="true">
        </div>
        """,
    )


def test_whitespace_only_text_is_an_error_and_is_shown_back() -> None:
    form = bound(name="   ")
    assert form.errors["name"] == ["This field is required."]
    html = form["name"].as_field_group()
    assert 'value="   "' in html  # shown back as typed, so the person sees what was wrong
    assertInHTML(
        '<p id="id_name-error" class="govuk-error-message">'
        '<span class="govuk-visually-hidden">Error:</span> This field is required.</p>',
        html,
    )


def test_optional_fields_say_so_in_the_label() -> None:
    assertInHTML(
        '<label class="govuk-label" for="id_nickname">Known as (optional)</label>',
        ChildForm()["nickname"].as_field_group(),
    )


def test_widget_classes_are_kept() -> None:
    class WidthForm(forms.Form):
        code = forms.CharField(widget=forms.TextInput(attrs={"class": "govuk-input--width-10"}))

    html = WidthForm(data={})["code"].as_field_group()
    assert 'class="govuk-input govuk-input--error govuk-input--width-10"' in html


def test_textarea_with_max_length_is_a_character_count_without_a_maxlength_attribute() -> None:
    html = bound(notes="")["notes"].as_field_group()
    assertHTMLEqual(
        html,
        """
        <div class="govuk-form-group govuk-character-count govuk-form-group--error" data-module="govuk-character-count"
          data-maxlength="500">
          <label class="govuk-label" for="id_notes">What happened?</label>
          <p id="id_notes-error" class="govuk-error-message">
            <span class="govuk-visually-hidden">Error:</span> This field is required.
          </p>
          <textarea name="notes" rows="5" class="govuk-textarea govuk-textarea--error govuk-js-character-count"
            id="id_notes" aria-describedby="id_notes-info id_notes-error" aria-invalid="true"></textarea>
          <div id="id_notes-info" class="govuk-hint govuk-character-count__message">
            You can enter up to 500 characters
          </div>
        </div>
        """,
    )


def test_textarea_without_max_length_is_plain() -> None:
    html = ChildForm()["summary"].as_field_group()
    assertHTMLEqual(
        html,
        """
        <div class="govuk-form-group">
          <label class="govuk-label" for="id_summary">Summary</label>
          <textarea name="summary" rows="10" class="govuk-textarea" id="id_summary"></textarea>
        </div>
        """,
    )


def test_select_with_an_error() -> None:
    html = bound(agency="")["agency"].as_field_group()
    assert "govuk-form-group--error" in html
    assertInHTML(
        """
        <select name="agency" class="govuk-select govuk-select--error" id="id_agency"
          aria-describedby="id_agency-error" aria-invalid="true">
          <option value="" selected>Choose an agency</option>
          <option value="police">Police</option>
        </select>
        """,
        html,
    )


def test_two_radios_sit_inline_in_a_fieldset_with_govuk_ids() -> None:
    html = bound(consent="no")["consent"].as_field_group()
    assertHTMLEqual(
        html,
        """
        <div class="govuk-form-group">
          <fieldset class="govuk-fieldset">
            <legend class="govuk-fieldset__legend">Has the family consented?</legend>
            <div class="govuk-radios govuk-radios--inline" data-module="govuk-radios">
              <div class="govuk-radios__item">
                <input class="govuk-radios__input" id="id_consent" name="consent" type="radio" value="yes">
                <label class="govuk-label govuk-radios__label" for="id_consent">Yes</label>
              </div>
              <div class="govuk-radios__item">
                <input class="govuk-radios__input" id="id_consent-2" name="consent" type="radio" value="no" checked>
                <label class="govuk-label govuk-radios__label" for="id_consent-2">No</label>
              </div>
            </div>
          </fieldset>
        </div>
        """,
    )


def test_three_radios_stack_and_the_fieldset_describes_the_error() -> None:
    html = bound()["level"].as_field_group()
    assert "govuk-radios--inline" not in html
    assert '<fieldset class="govuk-fieldset" aria-describedby="id_level-error">' in html
    assert 'id="id_level-3"' in html


def test_checkboxes_keep_what_was_ticked() -> None:
    html = bound(concerns=["cse"])["concerns"].as_field_group()
    assertInHTML(
        '<input class="govuk-checkboxes__input" id="id_concerns-2" name="concerns" type="checkbox" value="cse"'
        " checked>",
        html,
    )
    assertInHTML(
        '<input class="govuk-checkboxes__input" id="id_concerns" name="concerns" type="checkbox" value="cce">', html
    )
    assert 'data-module="govuk-checkboxes"' in html


def test_single_checkbox_with_hint_and_error() -> None:
    html = bound()["urgent"].as_field_group()
    assertHTMLEqual(
        html,
        """
        <div class="govuk-form-group govuk-form-group--error">
          <p id="id_urgent-error" class="govuk-error-message">
            <span class="govuk-visually-hidden">Error:</span> This field is required.
          </p>
          <div class="govuk-checkboxes" data-module="govuk-checkboxes">
            <div class="govuk-checkboxes__item">
              <input class="govuk-checkboxes__input" id="id_urgent" name="urgent" type="checkbox" value="true"
                aria-describedby="id_urgent-hint id_urgent-error">
              <label class="govuk-label govuk-checkboxes__label" for="id_urgent">This is urgent</label>
              <div id="id_urgent-hint" class="govuk-hint govuk-checkboxes__hint">We call within the hour</div>
            </div>
          </div>
        </div>
        """,
    )
    assert "urgent" not in ChildForm(data={"urgent": "true"}).errors


def test_hidden_field_has_no_form_group() -> None:
    assertHTMLEqual(ChildForm()["token"].as_field_group(), '<input type="hidden" name="token" id="id_token">')


def test_whole_form_renders_through_the_renderer() -> None:
    html = Template("{{ form }}").render(Context({"form": bound(name="Ada")}))
    assert html.count('class="govuk-form-group') >= 9
    assert html.index('type="hidden"') < html.index("govuk-form-group")
    assert 'value="Ada"' in html


def test_govuk_field_tag_sizes_labels_and_legends() -> None:
    form = ChildForm()
    assert '<label class="govuk-label govuk-label--l" for="id_name">' in govuk_field(form["name"], size="l")
    assert '<legend class="govuk-fieldset__legend govuk-fieldset__legend--m">' in govuk_field(form["level"], size="m")
    html = Template("{% load govuk %}{% govuk_field form.name size='s' %}").render(Context({"form": form}))
    assert "govuk-label--s" in html


def test_a_widget_id_is_used_for_label_hint_and_error() -> None:
    class IdForm(forms.Form):
        code = forms.CharField(help_text="Hint", widget=forms.TextInput(attrs={"id": "case-code"}))

    html = IdForm(data={})["code"].as_field_group()
    assert 'for="case-code"' in html
    assert 'aria-describedby="case-code-hint case-code-error"' in html
    assert FieldView(IdForm()["code"]).target_id == "case-code"


def test_html_in_labels_hints_errors_values_and_choices_is_escaped() -> None:
    class NastyForm(forms.Form):
        name = forms.CharField(label="<b>Name</b>", help_text="<i>hint</i>", validators=[_reject])
        pick = forms.ChoiceField(choices=[("<x>", "<script>alert(1)</script>")], widget=forms.RadioSelect)

    form = NastyForm(data={"name": '"><script>alert(1)</script>', "pick": "nope"})
    html = str(form)
    assert "<script>" not in html
    assert "<b>" not in html and "<i>" not in html
    assert "&lt;b&gt;Name&lt;/b&gt;" in html
    assert "&lt;i&gt;hint&lt;/i&gt;" in html
    assert "Bad &lt;value&gt;" in html
    assert 'value="&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;"' in html
    assert 'value="&lt;x&gt;"' in html


def _reject(value: str) -> None:
    raise forms.ValidationError("Bad <value>")
