"""GovukDateField: GOV.UK's date input and its error messages."""

import datetime as dt

import pytest
from django import forms
from django.utils import timezone

from cepathway.ui.forms import FieldView, GovukDateField
from cepathway.ui.templatetags.govuk import error_summary


class DateForm(forms.Form):
    born = GovukDateField(label="Date of birth", help_text="For example, 27 3 2010", must_be_past=True)
    seen = GovukDateField(label="When did you last see them?", error_label="Date last seen", required=False)
    review = GovukDateField(label="Review date", must_be_future=True, allow_today=True, required=False)
    incident = GovukDateField(label="CSE incident date", min_date=dt.date(2000, 1, 1), required=False)
    window = GovukDateField(
        label="Window", min_date=dt.date(2020, 1, 1), max_date=dt.date(2020, 12, 31), required=False
    )


def post(field: str = "born", day: str = "", month: str = "", year: str = "", **other: str) -> DateForm:
    data = {f"{field}_day": day, f"{field}_month": month, f"{field}_year": year, **other}
    if field != "born":
        data |= {"born_day": "1", "born_month": "2", "born_year": "2010"}
    form = DateForm(data=data)
    form.is_valid()
    return form


def marked_parts(form: DateForm, field: str = "born") -> list[str]:
    return [part.key for part in FieldView(form[field]).date_parts if part.has_error]


def test_a_real_past_date_is_accepted() -> None:
    form = post(day=" 7 ", month="03", year="2011")
    assert form.is_valid(), form.errors
    assert form.cleaned_data["born"] == dt.date(2011, 3, 7)


def test_month_names_are_accepted() -> None:
    assert post(day="7", month="March", year="2011").cleaned_data["born"] == dt.date(2011, 3, 7)
    assert post(day="7", month="sep", year="2011").cleaned_data["born"] == dt.date(2011, 9, 7)


@pytest.mark.parametrize("blank", ["", "   "])
def test_nothing_entered(blank: str) -> None:
    form = post(day=blank, month=blank, year=blank)
    assert form.errors["born"] == ["Enter date of birth"]
    assert marked_parts(form) == ["day", "month", "year"]


def test_an_optional_date_may_be_left_blank() -> None:
    form = post("seen", " ", "", " ")
    assert form.is_valid(), form.errors
    assert form.cleaned_data["seen"] is None


def test_a_missing_part_is_named_and_only_it_is_marked() -> None:
    form = post(day="7", month=" ", year="2011")
    assert form.errors["born"] == ["Date of birth must include a month"]
    assert marked_parts(form) == ["month"]
    assert FieldView(form["born"]).target_id == "id_born-month"


def test_two_missing_parts() -> None:
    form = post(month="3")
    assert form.errors["born"] == ["Date of birth must include a day and year"]
    assert marked_parts(form) == ["day", "year"]


@pytest.mark.parametrize(
    ("day", "month", "year", "wrong"),
    [
        ("31", "2", "2011", ["day"]),
        ("29", "2", "2011", ["day"]),
        ("7", "13", "2011", ["month"]),
        ("0", "3", "2011", ["day"]),
        ("x", "3", "2011", ["day"]),
        ("7", "3", "20ll", ["year"]),
        ("7", "3", "-201", ["year"]),
        ("32", "0", "2011", ["day", "month"]),
    ],
)
def test_impossible_dates_must_be_real(day: str, month: str, year: str, wrong: list[str]) -> None:
    form = post(day=day, month=month, year=year)
    assert form.errors["born"] == ["Date of birth must be a real date"]
    assert marked_parts(form) == wrong


def test_29_february_in_a_leap_year_is_real() -> None:
    assert post(day="29", month="2", year="2012").cleaned_data["born"] == dt.date(2012, 2, 29)


@pytest.mark.parametrize("year", ["11", "211", "02011"])
def test_the_year_needs_4_numbers(year: str) -> None:
    form = post(day="7", month="3", year=year)
    assert form.errors["born"] == ["Year must include 4 numbers"]
    assert marked_parts(form) == ["year"]


@pytest.mark.parametrize("days_ahead", [0, 1, 400])
def test_must_be_past_refuses_today_and_the_future(days_ahead: int) -> None:
    date = timezone.localdate() + dt.timedelta(days=days_ahead)
    form = post(day=str(date.day), month=str(date.month), year=str(date.year))
    assert form.errors["born"] == ["Date of birth must be in the past"]
    assert marked_parts(form) == ["day", "month", "year"]


def test_must_be_past_accepts_yesterday() -> None:
    date = timezone.localdate() - dt.timedelta(days=1)
    assert post(day=str(date.day), month=str(date.month), year=str(date.year)).is_valid()


def test_must_be_future_with_today_allowed() -> None:
    today = timezone.localdate()
    yesterday = today - dt.timedelta(days=1)
    assert post("review", str(today.day), str(today.month), str(today.year)).is_valid()
    form = post("review", str(yesterday.day), str(yesterday.month), str(yesterday.year))
    assert form.errors["review"] == ["Review date must be today or in the future"]


def test_minimum_and_range() -> None:
    assert post("incident", "31", "12", "1999").errors["incident"] == [
        "CSE incident date must be the same as or after 1 January 2000"
    ]
    assert post("window", "1", "1", "2021").errors["window"] == [
        "Window must be between 1 January 2020 and 31 December 2020"
    ]
    assert post("window", "1", "6", "2020").is_valid()


def test_error_label_names_the_date_in_messages() -> None:
    assert post("seen", "7", "", "2011").errors["seen"] == ["Date last seen must include a month"]


def test_required_message_can_be_replaced() -> None:
    class Custom(forms.Form):
        when = GovukDateField(label="Date", error_messages={"required": "Enter the date of the incident"})

    form = Custom(data={})
    assert form.errors["when"] == ["Enter the date of the incident"]


def test_the_date_input_markup_after_an_error() -> None:
    form = post(day="31", month="2", year="2011")
    html = form["born"].as_field_group()
    assert '<fieldset class="govuk-fieldset" role="group" aria-describedby="id_born-hint id_born-error">' in html
    assert '<div class="govuk-date-input" id="id_born">' in html
    assert (
        '<input class="govuk-input govuk-date-input__input govuk-input--width-2 govuk-input--error" id="id_born-day"'
        ' name="born_day" type="text" inputmode="numeric" value="31">'
    ) in html
    assert 'class="govuk-input govuk-date-input__input govuk-input--width-4" id="id_born-year"' in html
    assert '<label class="govuk-label govuk-date-input__label" for="id_born-month">Month</label>' in html


def test_the_error_summary_links_to_the_first_wrong_part() -> None:
    form = post(day="7", year="2011")
    assert [(e.text, e.href) for e in error_summary(form)["errors"]] == [
        ("Date of birth must include a month", "#id_born-month")
    ]
    assert error_summary(post())["errors"][0].href == "#id_born-day"


def test_an_initial_date_fills_the_boxes() -> None:
    form = DateForm(initial={"born": dt.date(2010, 3, 27)})
    assert [part.value for part in FieldView(form["born"]).date_parts] == ["27", "3", "2010"]
    assert 'value="27"' in form["born"].as_field_group()


def test_an_error_from_the_form_marks_every_part() -> None:
    class Later(DateForm):
        def clean(self) -> dict:
            self.add_error("born", "Date of birth must be before the referral")
            return self.cleaned_data

    form = Later(data={"born_day": "1", "born_month": "2", "born_year": "2010"})
    assert not form.is_valid()
    assert marked_parts(form) == ["day", "month", "year"]


def test_a_disabled_date_keeps_its_initial_value() -> None:
    class Locked(forms.Form):
        born = GovukDateField(label="Date of birth", disabled=True)

    form = Locked(data={"born_day": "1"}, initial={"born": dt.date(2010, 3, 27)})
    assert form.is_valid()
    assert form.cleaned_data["born"] == dt.date(2010, 3, 27)
    assert "disabled" in form["born"].as_field_group()
