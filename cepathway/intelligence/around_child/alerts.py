"""Alerts: graded information that links to a child on the pathway tells the people who work with
the child, on their My work page (cepathway.notifications) and by email, once.

Who is told: the child's CERAR lead (the CERAR lead chairing the child's meetings on its open
pathway, or, before any is booked, every CERAR lead of the child's partnership), its allocated
social worker and its lead professional, each only while they may see the child. What they are
told is no more than that: new graded information links to the child (by initials, as every
notice does), open the child's record. Never the source, the text or the grading; nothing at all
while the submission waits to be graded.

Called explicitly: by triage once a submission is graded (`alert_for_links(submission, by=...)`),
and by whatever links a graded submission's records to a child afterwards (`alert_for_link`).
Each (submission, child, person) is told once: IntelligenceAlert is unique on the three, so
calling again, or from both places, tells nobody twice.
"""

from collections.abc import Iterable
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from cepathway.children.models import Child
from cepathway.core import audit
from cepathway.core.models import AuditAction
from cepathway.meetings.models import Meeting, Pathway
from cepathway.notifications.models import NotificationKind
from cepathway.notifications.services import notify
from cepathway.people.models import Role

from ..models import IntelligenceAlert, Link, NodeKind, Submission

EMAIL = "intelligence/around_child/email/new_intelligence"


def alert_for_links(submission: Submission, *, by: Any = None) -> list[IntelligenceAlert]:
    """Tell the people working with each child on the pathway this graded submission links to
    (nothing while it waits to be graded). The alerts made now; none for those told before."""
    if not submission.is_graded:
        return []
    made = []
    for child in children_on_pathway(linked_children(submission)):
        for recipient in recipients(child):
            alert = _tell_once(submission, child, recipient, by)
            if alert is not None:
                made.append(alert)
    return made


def alert_for_link(link: Link, *, by: Any = None) -> list[IntelligenceAlert]:
    """A link just made: when it joins a child and carries a graded submission, as above."""
    submission = link.submission
    if submission is None or NodeKind.CHILD not in (link.a_kind, link.b_kind):
        return []
    return alert_for_links(submission, by=by)


def linked_children(submission: Submission) -> list[Any]:
    """The ids of the children the submission names (as linked at triage) or evidences a link to."""
    named = submission.subjects.filter(child__isnull=False).values_list("child_id", flat=True)
    ids = set(named)
    for a_kind, a_id, b_kind, b_id in submission.links.filter(ended_at__isnull=True).values_list(
        "a_kind", "a_id", "b_kind", "b_id"
    ):
        ids |= {a_id} if a_kind == NodeKind.CHILD else set()
        ids |= {b_id} if b_kind == NodeKind.CHILD else set()
    return sorted(ids, key=str)


def children_on_pathway(child_ids: Iterable[Any]) -> list[Child]:
    open_pathways = Pathway.objects.filter(closed_at__isnull=True).values("child_id")
    return list(Child.objects.filter(pk__in=list(child_ids)).filter(pk__in=open_pathways).order_by("pk"))


def cerar_leads(child: Child) -> list[Any]:
    """The CERAR lead chairing the child's meetings on its open pathway; before one is booked,
    every CERAR lead of the child's partnership (any of them may pick it up)."""
    users = get_user_model().objects.filter(is_active=True, role=Role.CERAR_LEAD)
    chairs = Meeting.objects.filter(pathway__child=child, pathway__closed_at__isnull=True).values("chair_id")
    chairing = list(users.filter(pk__in=chairs))
    return chairing or list(users.filter(agency__partnership_id=child.partnership_id))


def recipients(child: Child) -> list[Any]:
    """Who is told about `child`, each once, only those who may see the child now."""
    workers = [child.allocated_social_worker, child.lead_professional]
    people = {user.pk: user for user in [*cerar_leads(child), *workers] if user is not None and user.is_active}
    return [user for user in people.values() if Child.objects.visible_to(user).filter(pk=child.pk).exists()]


def message_for(child: Child) -> str:
    return (
        f"Graded information now links to a child you work with ({child.initials}). "
        "Open the child's record to see what you may."
    )


def _tell_once(submission: Submission, child: Child, recipient: Any, by: Any) -> IntelligenceAlert | None:
    if by is not None and getattr(by, "pk", None) == recipient.pk:
        return None  # the person grading or linking knows already
    with transaction.atomic():
        alert, made = IntelligenceAlert.objects.get_or_create(
            submission=submission, child=child, recipient=recipient, defaults={"sent_at": timezone.now()}
        )
        if not made:
            return None
        link = reverse("children:detail", args=[child.pk])
        notify(
            recipient,
            NotificationKind.NEW_ALERT,
            message_for(child),
            link,
            email_stem=EMAIL,
            email_context={"initials": child.initials},
            by=by,
        )
        audit.write(
            AuditAction.SENT,
            alert,
            user=by,
            child_id=child.pk,
            detail=f"alert of new graded information to {recipient}",
        )
    return alert
