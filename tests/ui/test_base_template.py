"""ui/base.html: the GOV.UK page template with our header, navigation, banners and title."""

from dataclasses import dataclass

import pytest
from django import forms
from django.contrib import messages
from django.contrib.auth.models import AnonymousUser
from django.contrib.messages.storage.cookie import CookieStorage
from django.http import HttpRequest
from django.template import engines
from django.test import RequestFactory, override_settings
from django.urls import resolve

from cepathway.ui import navigation

pytestmark = pytest.mark.urls("tests.ui.urls")

PAGE = """{% extends "ui/base.html" %}{% load govuk %}
{% block title %}Child record{% endblock %}
{% block before_content %}{% govuk_back_link "/children/" %}{% endblock %}
{% block content %}<h1 class="govuk-heading-l">Child record</h1>{% endblock %}
"""


@dataclass
class StaffUser:
    display_name: str = "Jane <Smith>"
    is_authenticated: bool = True

    def get_role_display(self) -> str:
        return "Social worker"

    def get_username(self) -> str:
        return "jane"


class NameForm(forms.Form):
    name = forms.CharField(error_messages={"required": "Enter a name"})


def request_for(path: str = "/children/3", user: object | None = None) -> HttpRequest:
    request = RequestFactory().get(path)
    request.user = user or StaffUser()  # type: ignore[assignment]
    request.resolver_match = resolve(path)
    request._messages = CookieStorage(request)  # type: ignore[attr-defined]  # what MessageMiddleware sets
    return request


def render(request: HttpRequest, **context: object) -> str:
    return engines["django"].from_string(PAGE).render(context, request)


@pytest.fixture(autouse=True)
def entries(monkeypatch: pytest.MonkeyPatch) -> None:
    """Our own navigation, in place of what the project's apps registered."""
    monkeypatch.setattr(navigation, "_entries", {})
    navigation.register("Children", "ui-test-children", order=20)
    navigation.register("My work", "ui-test-home", order=10)
    navigation.register("Admin only", "ui-test-centres", allowed=lambda user: False)


def test_page_follows_the_govuk_template() -> None:
    html = render(request_for())
    assert '<html lang="en" class="govuk-template">' in html
    assert '<body class="govuk-template__body">' in html
    assert '<a href="#main-content" class="govuk-skip-link" data-module="govuk-skip-link">' in html
    assert '<main class="govuk-main-wrapper" id="main-content">' in html
    assert html.index("govuk-back-link") < html.index("<main")
    assert "<title>Child record – Child Exploitation Pathway</title>" in html
    assert '<script type="module" src="/static/ui/init.js"></script>' in html
    assert 'href="/static/ui/application.css"' in html


def test_header_and_footer_have_the_service_name_and_nothing_of_govuk() -> None:
    html = render(request_for())
    assert '<a href="/" class="govuk-generic-header__homepage-link">Child Exploitation Pathway</a>' in html
    for govuk_only in ("crown", "GOV.UK", "Open Government Licence", "govuk-header__logo"):
        assert govuk_only not in html


@override_settings(CEPATHWAY_SERVICE_NAME="Cumbria CE <Pathway>")
def test_service_name_comes_from_settings_and_is_escaped() -> None:
    html = render(request_for())
    assert "<title>Child record – Cumbria CE &lt;Pathway&gt;</title>" in html
    assert "Cumbria CE <Pathway>" not in html


def test_title_says_error_when_the_form_has_errors() -> None:
    assert "<title>Error: Child record – " in render(request_for(), form=NameForm(data={}))
    assert "<title>Child record – " in render(request_for(), form=NameForm(data={"name": "Ada"}))
    assert "<title>Child record – " in render(request_for(), form=NameForm())


def test_title_says_error_when_any_of_several_forms_has_errors() -> None:
    forms_ = [NameForm(data={"name": "Ada"}), NameForm(data={}, prefix="second")]
    assert "<title>Error: Child record – " in render(request_for(), forms=forms_)


def test_pages_place_the_error_summary_themselves() -> None:
    # Pages call {% error_summary form %} where GOV.UK puts it (before the h1, in the content column).
    html = render(request_for(), form=NameForm(data={}))
    assert "govuk-error-summary" not in html


def test_navigation_lists_allowed_items_in_order_and_marks_the_section() -> None:
    html = render(request_for("/children/3"))
    assert html.index(">My work<") < html.index("Children</strong>")
    assert "Admin only" not in html
    assert 'href="/children/" aria-current="true"' in html
    assert 'href="/" aria-current' not in html


def test_navigation_marks_the_current_page() -> None:
    html = render(request_for("/children/"))
    assert 'href="/children/" aria-current="page"' in html
    assert '<strong class="govuk-service-navigation__active-fallback">Children</strong>' in html


def test_signed_in_user_name_role_and_a_sign_out_post_form() -> None:
    html = render(request_for())
    assert "Jane &lt;Smith&gt;</strong>, Social worker" in html
    assert '<form class="app-service-navigation__sign-out" method="post" action="/sign-out">' in html
    assert 'name="csrfmiddlewaretoken"' in html
    assert '<button type="submit" class="app-link-button">Sign out</button>' in html


def test_signed_out_pages_have_no_navigation() -> None:
    html = render(request_for(user=AnonymousUser()))
    assert "govuk-service-navigation" not in html
    assert "Sign out" not in html


@pytest.mark.parametrize(("debug", "shown"), [(True, True), (False, False)])
def test_demo_banner_only_in_debug(debug: bool, shown: bool) -> None:
    with override_settings(DEBUG=debug):
        html = render(request_for())
    assert ('<span class="govuk-phase-banner__text">All names and data are fictional</span>' in html) is shown


def test_messages_are_one_notification_banner() -> None:
    request = request_for()
    messages.success(request, "Referral <saved>")
    messages.success(request, "Email sent")
    html = render(request)
    assert html.count("govuk-notification-banner--success") == 1
    assert 'role="alert"' in html
    assert '<p class="govuk-notification-banner__heading">Referral &lt;saved&gt;</p>' in html
    assert '<p class="govuk-notification-banner__heading">Email sent</p>' in html
    assert "data-disable-auto-focus" not in html


def test_a_mix_of_messages_is_an_important_banner_which_leaves_focus_to_errors() -> None:
    request = request_for()
    messages.success(request, "Saved")
    messages.warning(request, "The review is overdue")
    html = render(request, form=NameForm(data={}))
    assert "govuk-notification-banner--success" not in html
    assert 'role="region"' in html
    assert ">Important</h2>" in html
    assert 'data-disable-auto-focus="true"' in html
