"""Two people save a child's allocation against the same version: the second is told, and keeps
what they typed on the page (with what the first saved beside it), as the meeting discussion does."""

import re
from html import unescape

from django.urls import reverse

from cepathway.core.pages import STALE
from cepathway.people.models import Role
from tests.factories import ChildFactory, UserFactory


def _value(page: str, name: str) -> str:
    tag = re.search(rf'<input[^>]*name="{name}"[^>]*>', page)
    assert tag, f"no input named {name}"
    found = re.search(r'value="([^"]*)"', tag.group(0))
    return unescape(found.group(1)) if found else ""


def test_the_loser_of_an_allocation_race_keeps_what_they_typed(world, client_for):
    hub, cerar = world.users[Role.HUB_PRACTITIONER], world.users[Role.CERAR_LEAD]
    child = ChildFactory(partnership=world.home, school="Fictional First School")
    worker = UserFactory(role=Role.SOCIAL_WORKER, agency=world.users[Role.SOCIAL_WORKER].agency)
    url = reverse("children:edit", args=[child.pk])
    opened = child.version

    first = client_for(hub).post(url, {"version": opened, "school": "Fictional Hub School"})
    assert first.status_code == 302

    typed = {
        "version": opened,
        "open_to_childrens_services": "on",
        "allocated_social_worker": worker.pk,
        "school": "Fictional CERAR School",
    }
    second = client_for(cerar).post(url, typed)
    page = second.content.decode()
    assert second.status_code == 200
    assert STALE in unescape(page)
    assert _value(page, "school") == "Fictional CERAR School", "what they typed stays on the form"
    child.refresh_from_db()
    assert _value(page, "version") == str(child.version), "the form moves on to the saved version"
    assert child.school == "Fictional Hub School", "nothing of the loser's is saved"
    assert worker.display_name in page


def test_the_loser_sees_what_the_other_person_saved_beside_their_entry(world, client_for):
    """As the meeting discussion does: what is saved now, by whom, beside what they typed, so saving
    again is a choice made knowing both (the message says it is shown on the page)."""
    hub, cerar = world.users[Role.HUB_PRACTITIONER], world.users[Role.CERAR_LEAD]
    child = ChildFactory(partnership=world.home, school="Fictional First School")
    worker = world.users[Role.SOCIAL_WORKER]
    url = reverse("children:edit", args=[child.pk])
    opened = child.version
    winner = {"version": opened, "open_to_childrens_services": "on", "allocated_social_worker": worker.pk}
    assert client_for(hub).post(url, {**winner, "school": "Fictional Hub School"}).status_code == 302

    page = client_for(cerar).post(url, {"version": opened, "school": "Fictional CERAR School"}).content.decode()
    start = page.index('id="saved-now"')
    saved = page[start : page.index("</dl>", start)]
    said = re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", saved)))
    assert f"by {hub.display_name}" in said
    assert "Fictional Hub School" in said and worker.display_name in said and "Open to children's services Yes" in said
    assert "Fictional CERAR School" not in said
    assert _value(page, "school") == "Fictional CERAR School"


def test_no_clash_shows_no_saved_version(world, client_for):
    child = ChildFactory(partnership=world.home)
    page = client_for(world.users[Role.CERAR_LEAD]).get(reverse("children:edit", args=[child.pk])).content.decode()
    assert 'id="saved-now"' not in page
