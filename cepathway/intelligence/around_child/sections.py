"""The Level 2 agenda's persons and places of concern sections (registered in wiring.connect)."""

from functools import partial
from typing import Any

from django.http import HttpRequest

from cepathway.meetings.level2.sections import Section

from ..models import NodeKind, sees_registers
from . import level2

TEMPLATE = "intelligence/around_child/level2_section.html"


def _section(kind: str, level2_meeting: Any, request: HttpRequest, order: int) -> Section | None:
    if not sees_registers(request.user):
        return None
    # The page is read when the template shows it (a template calls a callable it is given), so
    # the API's agenda, which lists only the sections' titles, neither reads nor audits it.
    page = partial(level2.page_for, kind, level2_meeting, request)
    return Section(title=level2.TITLES[kind], template=TEMPLATE, context={"page": page}, order=order)


def persons_of_concern(level2_meeting: Any, request: HttpRequest) -> Section | None:
    return _section(NodeKind.PERSON, level2_meeting, request, order=10)


def places_of_concern(level2_meeting: Any, request: HttpRequest) -> Section | None:
    return _section(NodeKind.PLACE, level2_meeting, request, order=20)
