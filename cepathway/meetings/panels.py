"""What meetings put on each person's "my work" page: the actions they own, the meetings they chair
or are invited to, and, for managers and CERAR, what is overdue across the partnership."""

from typing import Any

from django.db.models import Q
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone

from cepathway.core import audit
from cepathway.core.scoping import visible_to
from cepathway.core.work import Panel
from cepathway.ui.listing import Total, count_up_to

from .models import Action, Level2Meeting, Meeting
from .pathway import waiting_for_level1
from .safety_plan import my_open_actions, overdue_actions

SHOWN = 25
ACTIONS = "meetings/panels/actions.html"
MEETINGS = "meetings/panels/meetings.html"
WAITING = "meetings/panels/waiting_for_level1.html"
LEVEL2 = "meetings/panels/level2_meetings.html"
OVERDUE = "meetings/panels/overdue.html"


def meetings_chaired_by(user: Any) -> Any:
    """Scheduled meetings and reviews `user` chairs, soonest first."""
    rows = Meeting.objects.visible_to(user).scheduled().chaired_by(user)
    return rows.select_related("child", "chair").order_by("scheduled_for")


def meetings_invited_to(user: Any) -> Any:
    """Scheduled meetings `user` is invited to, soonest first."""
    rows = Meeting.objects.visible_to(user).scheduled().with_invitee(user)
    return rows.select_related("child", "chair").order_by("scheduled_for")


def overdue_reviews(user: Any, today: Any = None) -> Any:
    """Overdue reviews `user` may see, in their own partnership (its own index, as overdue_actions)."""
    rows = Meeting.objects.visible_to(user).filter(partnership_id=user.partnership_id).overdue(today)
    return rows.select_related("child", "chair", "chair__agency").order_by("scheduled_for")


def _listed(
    request: HttpRequest, title: str, template: str, rows: Any, *, key: str, order: int, **extra: Any
) -> Panel | None:
    """A panel listing `rows` as `key` (None when there are none), audited as listed. It shows the
    first SHOWN and says how many there are (`total`; `more_url` links to the whole list)."""
    shown = list(rows[:SHOWN])
    if not shown:
        return None
    audit.listed(request.user, rows.model, detail=title[:1].lower() + title[1:])
    total = total_of(rows)
    context = {key: shown, "today": timezone.localdate(), "empty": "", "total": total, **extra}
    return Panel(title, template, context, order=order)


def total_of(rows: Any) -> Total:
    """How many `rows` there are (up to the cap). Counted even when the SHOWN first are all of them,
    so My work makes the same queries whatever the caseload (issue 8: the bench saw the count come
    and go as a list crossed SHOWN)."""
    return count_up_to(rows)


def children_waiting_for_level1(request: HttpRequest) -> Panel | None:
    """For whoever books Level 1 meetings: children decided "Level 1 meeting" with none booked, oldest first."""
    if not request.user.has_perm("meetings.schedule_level1"):
        return None
    rows = waiting_for_level1(request.user)
    audit.listed(request.user, rows.model, detail="children waiting for a Level 1 meeting")
    referrals = list(rows[:SHOWN])
    context = {"referrals": referrals, "more": len(referrals) == SHOWN}
    context["empty"] = "No child is waiting for a Level 1 meeting."
    return Panel("Children waiting for a Level 1 meeting", WAITING, context, order=12)


def level2_meetings_i_sit_on(request: HttpRequest) -> Panel | None:
    """Level 2 meetings not yet held that I chair or sit on as a panel member, soonest first."""
    user = request.user
    if not user.has_perm("meetings.view_level2"):
        return None
    mine = Q(members=user) | Q(chair=user)
    rows = visible_to(user, Level2Meeting).filter(mine, held_at__isnull=True).distinct().order_by("scheduled_for")
    return _listed(request, "Level 2 meetings I sit on", LEVEL2, rows, key="level2_meetings", order=28, me=user.pk)


def my_actions(request: HttpRequest) -> Panel | None:
    """Actions I own, overdue first."""
    rows = my_open_actions(request.user)
    return _listed(request, "Safety plan actions I own", ACTIONS, rows, key="actions", order=20)


def meetings_i_chair(request: HttpRequest) -> Panel | None:
    rows = meetings_chaired_by(request.user)
    everything = f"{reverse('meetings:list')}?chair={request.user.pk}"
    return _listed(
        request,
        "Meetings and reviews I chair",
        MEETINGS,
        rows,
        key="meetings",
        order=25,
        more_url=everything,
        more_text="See all the meetings you chair",
    )


def meetings_im_invited_to(request: HttpRequest) -> Panel | None:
    rows = meetings_invited_to(request.user)
    return _listed(request, "Meetings I am invited to", MEETINGS, rows, key="meetings", order=30, show_chair=True)


def overdue_for_managers(request: HttpRequest) -> Panel | None:
    if not request.user.has_perm("meetings.view_overdue_overview"):
        return None
    today = timezone.localdate()
    all_reviews, all_actions = overdue_reviews(request.user, today), overdue_actions(request.user, today)
    reviews, actions = list(all_reviews[:SHOWN]), list(all_actions[:SHOWN])
    audit.listed(request.user, Meeting, detail="overdue reviews")
    audit.listed(request.user, Action, detail="overdue actions")
    context = overdue_panel_context(reviews, actions, today)
    # How many there are (up to COUNT_CAP): the panel shows the first SHOWN of each, the overview pages them all.
    context["reviews_panel"]["context"]["total"] = context["reviews_total"] = total_of(all_reviews)
    context["actions_panel"]["context"]["total"] = context["actions_total"] = total_of(all_actions)
    return Panel("Overdue across the partnership", OVERDUE, context, order=15)


def overdue_panel_context(reviews: list[Meeting], actions: list[Action], today: Any, link: bool = True) -> dict:
    return {
        "reviews": reviews,
        "actions": actions,
        "link": link,
        "reviews_panel": {
            "title": "Overdue reviews",
            "context": {"meetings": reviews, "today": today, "show_chair": True, "empty": "No review is overdue."},
        },
        "actions_panel": {
            "title": "Overdue actions",
            "context": {"actions": actions, "today": today, "show_owner": True, "empty": "No action is overdue."},
        },
    }
