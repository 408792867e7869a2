"""The views links panel on a meeting's page, under "Views of the child and family": the links
issued for the meeting (for whom, by whom, when, until when, what became of each) and the button to
ask for views. Shown to those who may record views on the meeting; the button and "Withdraw" to
those who may issue links."""

from typing import Any

from django.utils import timezone

from cepathway.core import audit
from cepathway.core.errors import RuleError
from cepathway.meetings.meeting_panels import Panel

from . import access, services


def views_links_panel(meeting: Any, user: Any) -> Panel | None:
    if not user.has_perm(access.VIEW, meeting):
        return None
    links = access.links_of(meeting)
    if links:
        audit.viewed_each(user, links, detail="views links on the meeting page")
    may_issue = user.has_perm(access.ISSUE, meeting)
    now = timezone.now()
    rows = [{"link": link, "usable": link.is_usable(now)} for link in links]
    try:
        services.check_may_ask(meeting, now)
        may_ask = may_issue
    except RuleError:
        may_ask = False
    return Panel(
        template="family/voice/panel.html",
        context={"rows": rows, "may_ask": may_ask, "may_withdraw": may_issue, "meeting": meeting},
        where="views",
        order=10,
    )
