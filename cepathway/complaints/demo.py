"""Fictional demo records for `make run` (called from demo_setup; safe to run again).

Two of the demo social worker's children get a concern each: one about their last meeting, still
waiting to be acknowledged well past the policy's time (overdue, on My work and the partnership's
list), and one about the safety plan, answered informally, not upheld, and now a formal complaint
with the complaints service. Names come from Faker (en_GB): nobody real.
"""

from datetime import timedelta
from typing import Any

from django.utils import timezone
from faker import Faker

from cepathway.children.models import Child
from cepathway.meetings.models import Meeting

from . import services
from .models import About, Complaint, Outcome, RaisedBy, ReceivedHow


def add_demo(partnership: Any, users: dict[str, Any]) -> None:
    """Add this app's fictional records to the demo partnership, once."""
    if Complaint.objects.filter(child__partnership=partnership).exists():
        return
    worker = users.get("socialworker")
    if worker is None:
        return
    children = list(
        Child.objects.filter(partnership=partnership, allocated_social_worker=worker, fictional=True)
        .filter(ce_meetings__isnull=False)
        .distinct()
        .order_by("last_name", "first_name")[:2]
    )
    if len(children) < 2:
        return
    fake = Faker("en_GB")
    fake.seed_instance(1012)
    today = timezone.localdate()
    first, second = children

    meeting = Meeting.objects.filter(child=first).order_by("-scheduled_for").first()
    parent = fake.name()
    services.record(
        first,
        about=About.MEETING,
        meeting=meeting,
        about_detail="",
        raised_by=RaisedBy.PARENT_CARER,
        raiser_name=parent,
        raiser_contact="01632 960123 (fictional), evenings",
        received_on=today - timedelta(days=21),
        received_how=ReceivedHow.PHONE,
        concern="They were not told the meeting's outcome for over a week, and feel the police "
        "information was discussed without them being able to say anything about it.",
        handler=worker,
        by=users.get("cerar") or worker,
    )

    carer = fake.name()
    complaint = services.record(
        second,
        about=About.SAFETY_PLAN,
        meeting=None,
        about_detail="",
        raised_by=RaisedBy.PARENT_CARER,
        raiser_name=carer,
        raiser_contact=f"{carer.split()[0].lower()}@example.invalid",
        received_on=today - timedelta(days=40),
        received_how=ReceivedHow.EMAIL,
        concern="The plan stops the child seeing friends after school, which they think punishes the child "
        "rather than the adults exploiting them.",
        handler=worker,
        by=worker,
    )
    complaint = services.acknowledge(
        complaint,
        on=today - timedelta(days=39),
        note="Phoned to say it was received.",
        expected_version=complaint.version,
        by=worker,
    )
    complaint = services.respond(
        complaint,
        on=today - timedelta(days=30),
        response="Met the family and explained why the plan limits evenings out for now; agreed to look at "
        "it again at the next review.",
        outcome=Outcome.NOT_UPHELD,
        expected_version=complaint.version,
        by=worker,
    )
    services.escalate(
        complaint,
        on=today - timedelta(days=8),
        sent="The family emailed the complaints service themselves; we sent the informal answer with their agreement.",
        reference="DEMO-0001",
        expected_version=complaint.version,
        by=worker,
    )
