"""The navigation registry."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import RequestFactory
from django.urls import resolve

from cepathway.ui import navigation

pytestmark = pytest.mark.urls("tests.ui.urls")


class User:
    is_authenticated = True

    def __init__(self, *roles: str) -> None:
        self.roles = roles


def items(path: str, user: object) -> list[tuple[str, bool, bool]]:
    request = RequestFactory().get(path)
    request.user = user  # type: ignore[assignment]
    request.resolver_match = resolve(path)
    return [(item.label, item.current, item.active) for item in navigation.items_for(request)]


@pytest.fixture(autouse=True)
def empty(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(navigation, "_entries", {})


def test_items_are_sorted_by_order_then_label_and_filtered_by_allowed() -> None:
    navigation.register("Children", "ui-test-children", order=20)
    navigation.register("Centres", "ui-test-centres", order=20, allowed=lambda user: "manager" in user.roles)
    navigation.register("My work", "ui-test-home", order=10)
    assert [label for label, *_ in items("/", User())] == ["My work", "Children"]
    assert [label for label, *_ in items("/", User("manager"))] == ["My work", "Centres", "Children"]


def test_registering_again_replaces() -> None:
    navigation.register("Children", "ui-test-children")
    navigation.register("Young people", "ui-test-children")
    assert items("/", User()) == [("Young people", False, False)]


def test_current_and_section() -> None:
    navigation.register("My work", "ui-test-home")
    navigation.register("Children", "ui-test-children")
    navigation.register("Centres", "ui-test-centres")
    # Home is only ever current; a path under a section's URL is in it, a path that merely starts alike is not.
    assert items("/", User()) == [("Centres", False, False), ("Children", False, False), ("My work", True, True)]
    assert items("/children/", User())[1] == ("Children", True, True)
    assert items("/children/7", User())[1] == ("Children", False, True)
    assert items("/childrens-centres/", User())[1] == ("Children", False, False)
    assert items("/children/7", User())[2] == ("My work", False, False)


def test_section_of_a_url_without_a_trailing_slash() -> None:
    navigation.register("Reviews", "ui-test-reviews")
    assert items("/reviews/4", User()) == [("Reviews", False, True)]
    assert items("/reviews-archive", User()) == [("Reviews", False, False)]


def test_a_section_inside_another_claims_its_own_pages() -> None:
    """Registers at /intelligence/registers/ sit inside Intelligence at /intelligence/: a register's
    page is in Registers only."""
    navigation.register("Children", "ui-test-children", order=1)
    navigation.register("Archive", "ui-test-children-archive", order=2)
    assert items("/children/archive/3", User()) == [("Children", False, False), ("Archive", False, True)]
    assert items("/children/7", User()) == [("Children", False, True), ("Archive", False, False)]


def test_nobody_signed_in_sees_nothing() -> None:
    navigation.register("My work", "ui-test-home")
    assert items("/", AnonymousUser()) == []
