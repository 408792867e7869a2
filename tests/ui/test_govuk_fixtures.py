"""Our templates held to govuk-frontend's own fixtures: each component's options with the HTML it expects.

The fixtures ship in the npm package (frontend/node_modules), so these tests skip when it is not installed:
the rest of the suite needs no Node.js.
"""

import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from django import forms
from django.template import Context, Template
from django.test.html import parse_html
from django.utils.safestring import mark_safe

from cepathway.ui.components import Action, SummaryRow, Table
from cepathway.ui.forms import GovukDateField

COMPONENTS = Path(__file__).resolve().parents[2] / "frontend/node_modules/govuk-frontend/dist/govuk/components"
pytestmark = pytest.mark.skipif(
    not COMPONENTS.is_dir(), reason="govuk-frontend is not installed (run frontend/build.sh) so its fixtures are absent"
)


@cache
def fixture(component: str, name: str) -> dict[str, Any]:
    fixtures = json.loads((COMPONENTS / component / "fixtures.json").read_text())["fixtures"]
    return next(f for f in fixtures if f["name"] == name)


def tags(source: str, **context: Any) -> str:
    return Template("{% load govuk %}" + source).render(Context(context))


def field_group(name: str, field: forms.Field, data: dict[str, Any] | None = None) -> str:
    """One field of a one-field form whose ids are its names, as in the fixtures."""
    form_class = type("FixtureForm", (forms.Form,), {name: field})
    return form_class(data=data, auto_id="%s")[name].as_field_group()


def input_with_hint_text(options: dict[str, Any]) -> str:
    field = forms.CharField(label=options["label"]["text"], help_text=options["hint"]["text"])
    field.widget.attrs["id"] = options["id"]
    return field_group(options["name"], field)


def input_with_error_and_hint(options: dict[str, Any]) -> str:
    field = forms.CharField(
        label=options["label"]["text"],
        help_text=options["hint"]["text"],
        error_messages={"required": options["errorMessage"]["text"]},
    )
    return field_group(options["name"], field, data={})


def textarea_with_error(options: dict[str, Any]) -> str:
    field = forms.CharField(
        label=options["label"]["text"],
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": options["errorMessage"]["text"]},
    )
    return field_group(options["name"], field, data={})


def character_count_with_hint_and_error(options: dict[str, Any]) -> str:
    field = forms.CharField(
        label=options["label"]["text"],
        help_text=options["hint"]["text"],
        max_length=options["maxlength"],
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": options["errorMessage"]["text"]},
    )
    return field_group(options["name"], field, data={})


def select_with_hint_and_error(options: dict[str, Any]) -> str:
    field = forms.ChoiceField(
        label=options["label"]["text"],
        help_text=options["hint"]["text"],
        choices=[(item["value"], item["text"]) for item in options["items"]],
        error_messages={"required": options["errorMessage"]["text"]},
    )
    return field_group(options["name"], field, data={})


def radios(options: dict[str, Any]) -> str:
    """Submitted with the fixture's checked item, or with none (and so the fixture's error) if none is checked."""
    checked = [item["value"] for item in options["items"] if item.get("checked")]
    field = forms.ChoiceField(
        label=options["fieldset"]["legend"]["text"],
        help_text=options.get("hint", {}).get("text", ""),
        choices=[(item["value"], item["text"]) for item in options["items"]],
        widget=forms.RadioSelect,
        error_messages={"required": options.get("errorMessage", {}).get("text", "")},
    )
    return field_group(options["name"], field, data={options["name"]: checked[0]} if checked else {})


def checkboxes_with_hint(options: dict[str, Any]) -> str:
    field = forms.MultipleChoiceField(
        label=options["fieldset"]["legend"]["text"],
        help_text=options["hint"]["text"],
        choices=[(item["value"], item["text"]) for item in options["items"]],
        widget=forms.CheckboxSelectMultiple,
    )
    return field_group(options["name"], field)


def date_input_with_error_and_hint(options: dict[str, Any]) -> str:
    field = GovukDateField(
        label=options["fieldset"]["legend"]["text"],
        help_text=options["hint"]["text"],
        error_messages={"required": options["errorMessage"]["text"]},
    )
    return field_group(options["id"], field, data={})


def error_summary(options: dict[str, Any]) -> str:
    plain, linked = options["errorList"]
    target = linked["href"].removeprefix("#")

    class Form(forms.Form):
        def clean(self) -> dict:
            raise forms.ValidationError(plain["text"])

    Form.base_fields[target] = forms.BooleanField(error_messages={"required": linked["text"]})
    return tags("{% error_summary form %}", form=Form(data={}, auto_id="%s"))


def summary_list(options: dict[str, Any]) -> str:
    def value(cell: dict[str, str]) -> Any:
        return mark_safe(cell["html"]) if "html" in cell else cell["text"]  # noqa: S308 - the fixture's own HTML

    rows = [
        SummaryRow(
            row["key"]["text"],
            value(row["value"]),
            [Action(a["text"], a["href"], a["visuallyHiddenText"]) for a in row.get("actions", {}).get("items", [])],
        )
        for row in options["rows"]
    ]
    return tags("{% govuk_summary_list rows %}", rows=rows)


def table_with_head_and_caption(options: dict[str, Any]) -> str:
    table = Table(
        rows=[[cell["text"] for cell in row] for row in options["rows"]],
        head=[cell["text"] for cell in options["head"]],
        caption=options["caption"],
        caption_size=options["captionClasses"].removeprefix("govuk-table__caption--"),
        first_cell_is_header=options["firstCellIsHeader"],
        numeric_columns={i for i, cell in enumerate(options["head"]) if cell.get("format") == "numeric"},
    )
    return tags("{% govuk_table table %}", table=table)


def tag(options: dict[str, Any]) -> str:
    colour = options.get("classes", "govuk-tag--blue").removeprefix("govuk-tag--")
    return tags("{% govuk_tag text colour %}", text=options["text"], colour=colour)


def notification_banner(options: dict[str, Any]) -> str:
    source = (
        "{% govuk_notification_banner type=type %}"
        '<p class="govuk-notification-banner__heading">{{ text }}</p>'
        "{% endgovuk_notification_banner %}"
    )
    return tags(source, type=options.get("type", ""), text=options["text"])


def button(options: dict[str, Any]) -> str:
    variant = options.get("classes", "").removeprefix("govuk-button--")
    return tags(
        "{% govuk_button text href=href variant=variant name=name %}",
        text=options["text"],
        href=options.get("href", ""),
        variant=variant,
        name=options.get("name", ""),
    )


@dataclass(frozen=True)
class Case:
    component: str
    fixture: str
    render: Callable[[dict[str, Any]], str]
    # Attributes left out of both sides of the comparison, for the reasons given by the constants below.
    ignore: tuple[str, ...] = ()


# We add aria-invalid to a control with an error (as Django does); GOV.UK Frontend does not.
NOT_IN_GOVUK = ("aria-invalid",)
# Django names date boxes <name>_day and so on; the fixture's boxes have no name prefix at all.
DATE_NAMES = ("aria-invalid", "name")

CASES = [
    Case("input", "with hint text", input_with_hint_text),
    Case("input", "with error and hint", input_with_error_and_hint, NOT_IN_GOVUK),
    Case("textarea", "with error message", textarea_with_error, NOT_IN_GOVUK),
    Case("character-count", "with hint and error", character_count_with_hint_and_error, NOT_IN_GOVUK),
    Case("select", "with hint text and error message", select_with_hint_and_error, NOT_IN_GOVUK),
    Case("radios", "inline", radios),
    Case("radios", "with very long option text", radios),
    Case("checkboxes", "with hint", checkboxes_with_hint),
    Case("date-input", "with error message and hint", date_input_with_error_and_hint, DATE_NAMES),
    Case("error-summary", "mixed with and without links", error_summary),
    Case("summary-list", "default", summary_list),
    Case("summary-list", "with some actions", summary_list),
    Case("summary-list", "with actions", summary_list),
    Case("table", "with head and caption", table_with_head_and_caption),
    Case("tag", "default", tag),
    Case("tag", "grey", tag),
    Case("notification-banner", "default", notification_banner),
    Case("notification-banner", "with type as success", notification_banner),
    Case("button", "default", button),
    Case("button", "link", button),
    Case("button", "secondary", button),
    Case("warning-text", "default", lambda o: tags("{% govuk_warning_text text %}", text=o["text"])),
    Case(
        "inset-text", "default", lambda o: tags("{% govuk_inset_text %}{{ t }}{% endgovuk_inset_text %}", t=o["text"])
    ),
    Case(
        "details",
        "default",
        lambda o: tags("{% govuk_details summary=s %}{{ t }}{% endgovuk_details %}", s=o["summaryText"], t=o["text"]),
    ),
    Case("back-link", "default", lambda o: tags("{% govuk_back_link '#' %}")),
]


@pytest.mark.parametrize("case", CASES, ids=[f"{case.component}: {case.fixture}" for case in CASES])
def test_matches_govuk_frontend(case: Case) -> None:
    expected = fixture(case.component, case.fixture)
    ours, theirs = case.render(expected["options"]), expected["html"]
    for attribute in case.ignore:
        ours, theirs = (re.sub(rf'\s{attribute}="[^"]*"', "", html) for html in (ours, theirs))
    # Compared as Django's normalised HTML (whitespace, attribute and class order don't count), as text so that
    # pytest shows a readable diff.
    assert str(parse_html(ours)) == str(parse_html(theirs))
