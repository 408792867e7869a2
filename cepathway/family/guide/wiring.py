"""What the guide adds to lower apps' pages; called from cepathway/family/wiring.py."""

from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse


def guide_index_url(request: HttpRequest) -> str:
    """The list of partnerships' guides (no query per page); nothing where the family pages are not
    mounted (a test's own URLconf)."""
    try:
        return reverse("family:guide-index")
    except NoReverseMatch:
        return ""


def connect() -> None:
    from cepathway.ui import footer

    footer.register("Guide for parents and carers", guide_index_url, order=10)
