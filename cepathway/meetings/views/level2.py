"""Pages for Level 2: flagging a child by exception, the month's meetings, creating one, its agenda
(kept up to date until it is held), its details and panel, the panel's decisions and actions."""

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from cepathway.core import audit, pages
from cepathway.core.errors import RuleError
from cepathway.core.permissions import require
from cepathway.core.scoping import visible_to
from cepathway.people.types import AuthedRequest
from cepathway.policy import wording
from cepathway.policy.services import policy_for
from cepathway.ui.listing import Listing, Sort, read_listing

from .. import access, forms
from ..level2 import agenda
from ..level2 import services as level2_services
from ..level2.sections import sections_for
from ..models import Level2Meeting
from .booking import GET_POST
from .common import details_as_saved, level2_url

MANAGE = "meetings.manage_level2"
BY_NAME = Sort("name", "Name", ("child__last_name", "child__first_name"))

FLAG = pages.FormPage(
    title="Flag for the next Level 2 meeting",
    submit="Flag for Level 2",
    saved="The child is flagged for the next Level 2 meeting.",
    audit_detail="flag for Level 2",
)


@GET_POST
def flag_for_level2(request: HttpRequest, child_id: Any) -> HttpResponse:
    child = access.child_for(request.user, child_id, "meetings.flag_for_level2")
    form = forms.FlagForm(request.POST or None)
    back = reverse("meetings:child", args=[child.pk])
    hint = wording.level2_flag_hint(policy_for(child.partnership_id))
    return pages.form_page(request, child, form, FLAG, done=back, back=back, caption=child.full_name, hint=hint)


def level2_list(request: HttpRequest) -> HttpResponse:
    require(request.user, "meetings.view_level2")
    rows = visible_to(request.user, Level2Meeting).select_related("chair")
    audit.listed(request.user, Level2Meeting)
    context = {"meetings": rows, "may_create": request.user.has_perm(MANAGE)}
    return render(request, "meetings/level2_list.html", context)


NEW = pages.FormPage(
    title="Create the Level 2 meeting",
    submit="Create the meeting and its agenda",
    saved=lambda level2: f"{level2} created with {level2.items.count()} children on the agenda.",
)


@GET_POST
def level2_new(request: AuthedRequest) -> HttpResponse:
    require(request.user, MANAGE)
    partnership = level2_services.partnership_of(request.user)
    policy = policy_for(partnership.pk)
    months = level2_services.months_without_level2(partnership, timezone.localdate())
    if not months:
        messages.info(request, "This month's and the next two months' Level 2 meetings exist already.")
        return redirect("meetings:level2-list")
    proposal = level2_services.proposed_details(partnership, months[0], request.user)
    proposed = timezone.localtime(proposal.when)
    initial = {
        "month": months[0].isoformat(),
        "date": proposed.date(),
        "time": proposed.time(),
        "venue": proposal.venue,
        "chair": request.user.pk,
    }
    form = forms.Level2Form(
        request.POST or None,
        initial=initial,
        partnership_id=partnership.pk,
        months=months,
        roles=policy.level2_organiser_roles,
    )
    back = reverse("meetings:level2-list")
    hint = (
        f"The agenda is built for you. {wording.level2_agenda_sentence(policy)} {wording.level2_day_sentence(policy)}"
    )
    return pages.form_page(
        request, partnership, form, NEW, done=level2_url, back=back, caption="Level 2", audited=False, hint=hint
    )


def level2_detail(request: HttpRequest, year: int, month: int) -> HttpResponse:
    """The agenda a page of each section at a time (`?high_cursor=…`), so that no page holds thousands."""
    level2 = access.level2_for(request.user, f"{year}-{month:02d}", "meetings.view_level2")
    paging = {key: _section_paging(request, key) for key in _section_keys(level2)}
    built = agenda.build(level2, request.user, pager=lambda section, items: paging[section.key].paginate(items).rows)
    audit.viewed(request.user, level2, detail=f"agenda of {built.total} children ({len(built.items)} shown)")
    audit.viewed_each(request.user, [row.item for row in built.items], detail="on the Level 2 agenda")
    context = {
        "agenda": built,
        "level2": level2,
        "children_sections": [
            (section, paging[section.key], _showing(section, paging[section.key])) for section in built.shown
        ],
        "per_page": agenda.PER_PAGE,
        "refused": [links for links in paging.values() if links.errors],
        "sections": sections_for(level2, request),
        "may_manage": request.user.has_perm(MANAGE, level2),
        "held_form": forms.Level2HeldForm(),
    }
    status = 400 if context["refused"] else 200
    return render(request, "meetings/level2_detail.html", context, status=status)


def _showing(section: agenda.AgendaSection, links: Listing) -> str:
    """ "Showing 21 to 40 of 1,234" from the section's own count (no COUNT, and never capped)."""
    page = links.page
    if page is None or not (page.has_previous or page.has_next):
        return ""
    return f"Showing {page.start} to {page.start + len(section.rows) - 1} of {section.count:,}"


def _section_keys(level2: Level2Meeting) -> list[str]:
    return [kind.key for kind in agenda.section_kinds(policy_for(level2.partnership_id))]


def _section_paging(request: HttpRequest, key: str) -> Listing:
    """One section's page (`?<key>_cursor=`) and its GOV.UK pagination links, by surname."""
    return read_listing(request, sorts=[BY_NAME], default=BY_NAME.key, per_page=agenda.PER_PAGE, prefix=f"{key}_")


@require_POST
def level2_refresh(request: HttpRequest, year: int, month: int) -> HttpResponse:
    level2 = access.level2_for(request.user, f"{year}-{month:02d}", MANAGE)
    try:
        update = level2_services.refresh(level2, by=request.user)
    except RuleError as error:
        messages.error(request, error.message)
    else:
        added, removed = len(update.added), len(update.removed)
        messages.success(request, f"Agenda brought up to date: {added} added, {removed} no longer due taken off.")
    return redirect(level2_url(level2))


@require_POST
def level2_held(request: HttpRequest, year: int, month: int) -> HttpResponse:
    level2 = access.level2_for(request.user, f"{year}-{month:02d}", MANAGE)
    form = forms.Level2HeldForm(request.POST)
    if pages.submit(request, form, level2):
        messages.success(request, "Recorded as held.")
    else:
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
    return redirect(level2_url(level2))


DETAILS = pages.FormPage(
    title="Change the date, place, chair or panel",
    saved="Level 2 meeting details saved.",
    audit_detail="change the date, place, chair or panel",
)


@GET_POST
def level2_details(request: HttpRequest, year: int, month: int) -> HttpResponse:
    level2 = access.level2_for(request.user, f"{year}-{month:02d}", MANAGE)
    policy = policy_for(level2.partnership_id)
    initial = details_as_saved(level2) | {"members": [member.pk for member in level2.members.all()]}
    form = forms.Level2DetailsForm(
        request.POST or None,
        initial=initial,
        partnership_id=level2.partnership_id,
        roles=policy.level2_organiser_roles,
        panel_roles=level2_services.panel_roles(policy),
    )
    back = level2_url(level2)
    hint = f"The meeting must stay in {level2.month:%B %Y}, on a working day."
    return pages.form_page(request, level2, form, DETAILS, done=back, back=back, caption=str(level2), hint=hint)


def level2_item(request: HttpRequest, item_id: Any) -> HttpResponse:
    item = access.level2_item_for(request.user, item_id, "meetings.view_level2")
    audit.viewed(request.user, item)
    context = {
        "item": item,
        "reason": item.reason_label(policy_for(item.child.partnership_id)),
        "may_manage": request.user.has_perm(MANAGE, item),
        "actions": item.actions.select_related("owner", "owner_agency"),
    }
    return render(request, "meetings/level2_item.html", context)


DECISIONS = pages.FormPage(
    title="Record the panel's decisions",
    submit="Save the decisions",
    saved="Decisions saved.",
    audit_detail="record decisions",
)


@GET_POST
def level2_decisions(request: HttpRequest, item_id: Any) -> HttpResponse:
    item = access.level2_item_for(request.user, item_id, MANAGE)
    form = forms.Level2DecisionForm(
        request.POST or None, initial={"version": item.version, "decisions": item.decisions}
    )
    back = reverse("meetings:level2-item", args=[item.pk])
    done = level2_url(item.level2_meeting)
    return pages.form_page(request, item, form, DECISIONS, done=done, back=back, caption=item.child.full_name)


ITEM_ACTION = pages.FormPage(
    title="Add a Level 2 action", submit="Add the action", saved="Action added.", audit_detail="add a Level 2 action"
)


@GET_POST
def level2_item_action(request: HttpRequest, item_id: Any) -> HttpResponse:
    item = access.level2_item_for(request.user, item_id, MANAGE)
    workers = (item.child.allocated_social_worker_id, item.child.lead_professional_id)  # offered without a search
    form = forms.ActionForm(request.POST or None, partnership_id=item.child.partnership_id, connected=workers)
    back = reverse("meetings:level2-item", args=[item.pk])
    return pages.form_page(request, item, form, ITEM_ACTION, done=back, back=back, caption=item.child.full_name)
