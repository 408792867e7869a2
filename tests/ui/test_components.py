"""Component tags: markup, escaping and the error summary."""

import pytest
from django import forms
from django.template import Context, Template, TemplateSyntaxError
from django.utils.html import format_html
from pytest_django.asserts import assertHTMLEqual, assertInHTML

from cepathway.ui.components import Action, SummaryRow, Table


def render(source: str, **context: object) -> str:
    return Template("{% load govuk %}" + source).render(Context(context))


class ReferralForm(forms.Form):
    name = forms.CharField(label="Name", error_messages={"required": "Enter the child's name"})
    route = forms.ChoiceField(
        choices=[("a", "A"), ("b", "B")], widget=forms.RadioSelect, error_messages={"required": "Select a route"}
    )
    ref = forms.CharField(widget=forms.HiddenInput, error_messages={"required": "Missing reference"})

    def clean(self) -> dict:
        raise forms.ValidationError("This child already has an open <referral>")


def test_error_summary_links_fields_and_lists_other_errors() -> None:
    form = ReferralForm(data={})
    assertHTMLEqual(
        render("{% error_summary form %}", form=form),
        """
        <div class="govuk-error-summary" data-module="govuk-error-summary">
          <div role="alert">
            <h2 class="govuk-error-summary__title">There is a problem</h2>
            <div class="govuk-error-summary__body">
              <ul class="govuk-list govuk-error-summary__list">
                <li>This child already has an open &lt;referral&gt;</li>
                <li>(Hidden field ref) Missing reference</li>
                <li><a href="#id_name">Enter the child's name</a></li>
                <li><a href="#id_route">Select a route</a></li>
              </ul>
            </div>
          </div>
        </div>
        """,
    )


def test_error_summary_links_to_the_first_radio_which_exists() -> None:
    html = str(ReferralForm(data={"name": "Ada"}))
    assert 'id="id_route"' in html
    assert "#id_route" in render("{% error_summary form %}", form=ReferralForm(data={"name": "Ada"}))


def test_error_summary_is_empty_without_errors() -> None:
    assert render("{% error_summary form %}", form=ReferralForm()).strip() == ""
    assert render("{% error_summary form %}", form=None).strip() == ""


def test_error_summary_takes_several_forms_and_lists_of_forms() -> None:
    first, second = ReferralForm(data={"name": "Ada"}), ReferralForm(data={}, prefix="second")
    html = render("{% error_summary first others %}", first=first, others=[second])
    assert "#id_route" in html
    assert "#id_second-name" in html


def test_tag_colours() -> None:
    assertHTMLEqual(
        render('{% govuk_tag "Open" "green" %}'), '<strong class="govuk-tag govuk-tag--green">Open</strong>'
    )
    assertHTMLEqual(render('{% govuk_tag "Level 2" %}'), '<strong class="govuk-tag">Level 2</strong>')
    with pytest.raises(TemplateSyntaxError, match="unknown colour"):
        render('{% govuk_tag "Open" "mauve" %}')


def test_text_in_components_is_escaped() -> None:
    nasty = "<script>alert(1)</script>"
    for source in [
        "{% govuk_tag text %}",
        "{% govuk_warning_text text %}",
        "{% govuk_back_link '/' text %}",
        "{% govuk_button text %}",
        "{% govuk_button text href='/' %}",
        "{% govuk_details summary=text %}x{% endgovuk_details %}",
        "{% govuk_inset_text %}{{ text }}{% endgovuk_inset_text %}",
        "{% govuk_notification_banner title=text %}{{ text }}{% endgovuk_notification_banner %}",
    ]:
        html = render(source, text=nasty)
        assert "<script>" not in html, source
        assert "&lt;script&gt;" in html, source


def test_back_link_and_buttons() -> None:
    assertHTMLEqual(
        render("{% govuk_back_link '/children/' %}"), '<a href="/children/" class="govuk-back-link">Back</a>'
    )
    assertHTMLEqual(
        render('{% govuk_button "Save as draft" variant="secondary" name="action" value="draft" %}'),
        '<button type="submit" name="action" value="draft" class="govuk-button govuk-button--secondary"'
        ' data-module="govuk-button">Save as draft</button>',
    )
    assertHTMLEqual(
        render('{% govuk_button "Add a child" href="/children/new" %}'),
        '<a href="/children/new" role="button" draggable="false" class="govuk-button" data-module="govuk-button">'
        "Add a child</a>",
    )


def test_details_can_start_open_and_hold_markup() -> None:
    html = render('{% govuk_details summary="Help" open=True %}<p class="govuk-body">Call us</p>{% endgovuk_details %}')
    assertInHTML('<div class="govuk-details__text"><p class="govuk-body">Call us</p></div>', html)
    assert '<details class="govuk-details" open>' in html


def test_content_tags_take_only_named_arguments() -> None:
    with pytest.raises(TemplateSyntaxError, match="only name=value"):
        render('{% govuk_details "Help" %}x{% endgovuk_details %}')


def test_summary_list_escapes_text_keeps_line_breaks_and_marks_rows_without_actions() -> None:
    rows = [
        SummaryRow("Name", "Ada <b>Lovelace</b>", [Action("Change", "/name", "name")]),
        SummaryRow("Address", "1 High Street\nTown"),
        SummaryRow("Status", format_html('<strong class="govuk-tag">{}</strong>', "Open")),
    ]
    assertHTMLEqual(
        render("{% govuk_summary_list rows %}", rows=rows),
        """
        <dl class="govuk-summary-list">
          <div class="govuk-summary-list__row">
            <dt class="govuk-summary-list__key">Name</dt>
            <dd class="govuk-summary-list__value">Ada &lt;b&gt;Lovelace&lt;/b&gt;</dd>
            <dd class="govuk-summary-list__actions">
              <a class="govuk-link" href="/name">Change<span class="govuk-visually-hidden"> name</span></a>
            </dd>
          </div>
          <div class="govuk-summary-list__row govuk-summary-list__row--no-actions">
            <dt class="govuk-summary-list__key">Address</dt>
            <dd class="govuk-summary-list__value">1 High Street<br>Town</dd>
          </div>
          <div class="govuk-summary-list__row govuk-summary-list__row--no-actions">
            <dt class="govuk-summary-list__key">Status</dt>
            <dd class="govuk-summary-list__value"><strong class="govuk-tag">Open</strong></dd>
          </div>
        </dl>
        """,
    )


def test_table_escapes_cells() -> None:
    table = Table(rows=[["<i>x</i>", "1"]], head=["Name", "Count"], numeric_columns={1})
    html = render("{% govuk_table table %}", table=table)
    assert "&lt;i&gt;x&lt;/i&gt;" in html
    assertInHTML('<td class="govuk-table__cell govuk-table__cell--numeric">1</td>', html)
    assertInHTML('<th scope="col" class="govuk-table__header govuk-table__header--numeric">Count</th>', html)
    assert "<caption" not in html
