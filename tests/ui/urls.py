"""A small URLconf for the UI tests, so that they don't depend on other apps' URL names."""

from django.http import HttpRequest, HttpResponse
from django.urls import path


def page(request: HttpRequest) -> HttpResponse:
    return HttpResponse("")


urlpatterns = [
    path("", page, name="ui-test-home"),
    path("children/", page, name="ui-test-children"),
    path("children/<int:pk>", page, name="ui-test-child"),
    path("children/archive/", page, name="ui-test-children-archive"),
    path("children/archive/<int:pk>", page, name="ui-test-archived-child"),
    path("childrens-centres/", page, name="ui-test-centres"),
    path("reviews", page, name="ui-test-reviews"),
    path("reviews/<int:pk>", page, name="ui-test-review"),
    path("reviews-archive", page, name="ui-test-archive"),
    path("sign-out", page, name="logout"),
]
