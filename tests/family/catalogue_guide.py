"""The guide for parents and carers (gathered by tests/family/catalogue_entries.py): public pages, no
sign-in, the same for everyone."""

from django.urls import reverse

from tests.catalogue import PUBLIC, Route

GUIDE_ROUTES: list[Route] = [
    Route("family:guide-index", roles=PUBLIC, note="every partnership's guide, for a parent without a link"),
    Route(
        "family:guide",
        roles=PUBLIC,
        url=lambda world: reverse("family:guide", args=[world.home.code]),
        note="the home partnership's guide, from its policy; an unknown code is a 404",
    ),
]
