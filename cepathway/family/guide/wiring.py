"""What the guide adds to lower apps' pages; called from cepathway/family/wiring.py."""


def connect() -> None:
    from django.urls import reverse

    from cepathway.ui import footer

    # Every page's footer, signed in or not: the list of partnerships' guides (no query per page).
    footer.register("Guide for parents and carers", lambda request: reverse("family:guide-index"), order=10)
