"""The family's voice pages; cepathway/family/urls.py gathers every part's."""

from django.urls import URLPattern, path

from . import public, views

urlpatterns: list[URLPattern] = [
    path("meetings/<uuid:meeting_id>/ask-for-views", views.ask_for_views, name="ask-for-views"),
    path("views-links/<uuid:link_id>/withdraw", views.withdraw_link, name="withdraw-views-link"),
    # Public: no account. The thank-you page first, so that its address is never read as a token.
    path("views/thank-you", public.thanks, name="views-thanks"),
    path("views/<str:token>/", public.send_views, name="views"),
]
