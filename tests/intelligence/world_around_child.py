"""Intelligence around the child in the shared test world: for each of the three children a person
and a place of concern linked to it by a graded (P) submission, the person under a disruption, and
what may be shared with the child's family. Only links, register records and sharing decisions are
made: no involvement, so who sees which child is as tests.factories says.

`make_submission`, `make_person`, `make_place` and `link` are for the journeys' own records.
"""

from datetime import timedelta
from typing import Any

from django.utils import timezone

from cepathway.children.models import Child
from cepathway.intelligence.models import (
    Disruption,
    DisruptionTactic,
    HandlingCode,
    IntelligenceAssessment,
    Link,
    NodeKind,
    PersonOfConcern,
    PlaceKind,
    PlaceOfConcern,
    SharingDecision,
    SourceEvaluation,
    Submission,
    SubmissionStatus,
    TriageOutcome,
)
from cepathway.people.models import Role
from tests.factories import World, world_builder

TACTIC = "Child Abduction Warning Notice"


def make_submission(
    world: World, partnership: Any, *, graded: bool = True, handling: str = HandlingCode.P, **more: Any
):
    """A submission from the home partner professional (or the elsewhere lead), graded by the
    intelligence officer (or the elsewhere lead) unless `graded` is False."""
    home = partnership.pk == world.home.pk
    submitter = world.users[Role.PARTNER_PROFESSIONAL] if home else world.elsewhere_lead
    handler = world.users[Role.INTELLIGENCE_OFFICER] if home else world.elsewhere_lead
    fields: dict[str, Any] = {
        "partnership": partnership,
        "submitted_by": submitter,
        "submitter_agency": submitter.agency,
        "submitter_name": "Fictional Submitter Sourcename",
        "information": "Fictional: seen by the informant Sourcename getting into a car.",
        "how_known": "Told by a neighbour, Fictional Sourcename.",
        "submitted_at": timezone.now() - timedelta(days=2),
    }
    if graded:
        fields |= {
            "status": SubmissionStatus.GRADED,
            "handler": handler,
            "source_evaluation": SourceEvaluation.UNTESTED,
            "intelligence_assessment": IntelligenceAssessment.KNOWN_INDIRECTLY,
            "handling": handling,
            "handling_conditions": "Share only with the named social worker." if handling == HandlingCode.C else "",
            "sanitised_text": "A young person was seen getting into a car near the park.",
            "outcome": TriageOutcome.LOGGED,
            "graded_at": timezone.now() - timedelta(days=1),
        }
    submission = Submission(**(fields | more))
    submission.save_tracked(handler if graded else submitter)
    return submission


def make_person(world: World, partnership: Any, first: str, last: str, **more: Any) -> PersonOfConcern:
    person = PersonOfConcern(partnership=partnership, first_name=first, last_name=last, **more)
    person.save_tracked(world.user_in(partnership, Role.CERAR_LEAD))
    return person


def make_place(world: World, partnership: Any, name: str, **more: Any) -> PlaceOfConcern:
    place = PlaceOfConcern(partnership=partnership, name=name, kind=PlaceKind.TAKEAWAY, postcode="ZZ1 1ZZ", **more)
    place.save_tracked(world.user_in(partnership, Role.CERAR_LEAD))
    return place


def link(world: World, record: Any, child: Child, submission: Submission | None = None) -> Link:
    row = Link(
        partnership_id=child.partnership_id,
        a_kind=record.node_kind,
        a_id=record.pk,
        b_kind=NodeKind.CHILD,
        b_id=child.pk,
        relationship="seen with",
        submission=submission,
    )
    row.save_tracked(world.user_in(child.partnership, Role.CERAR_LEAD))
    return row


@world_builder
def add_intelligence_around_child(world: World) -> None:
    names = {world.child.pk: "Childsworld", world.other_child.pk: "Othersworld", world.foreign_child.pk: "Foreignworld"}
    world.concern_submission = world.per_child(lambda child: make_submission(world, child.partnership))
    world.concern_person = world.per_child(
        lambda child: make_person(world, child.partnership, "Fictional", f"Person{names[child.pk]}")
    )
    world.concern_place = world.per_child(
        lambda child: make_place(world, child.partnership, f"Fictional Grill {names[child.pk]}")
    )
    for child in world.children().values():
        submission = world.concern_submission[child.pk]
        link(world, world.concern_person[child.pk], child, submission)
        link(world, world.concern_place[child.pk], child, submission)

    def disruption(child: Child) -> Disruption:
        lead = world.user_in(child.partnership, Role.CERAR_LEAD)
        tactic = DisruptionTactic.objects.filter(partnership=child.partnership, name=TACTIC).first()
        if tactic is None:
            tactic = DisruptionTactic(partnership=child.partnership, name=TACTIC)
            tactic.save_tracked(lead)
        row = Disruption(
            partnership=child.partnership,
            person=world.concern_person[child.pk],
            tactic=tactic,
            by_whom="Fictional neighbourhood team",
            started_on=timezone.localdate() - timedelta(days=5),
            review_on=timezone.localdate() + timedelta(days=25),
        )
        row.save_tracked(lead)
        return row

    world.disruption = world.per_child(disruption)

    def sharing(child: Child) -> SharingDecision:
        lead = world.user_in(child.partnership, Role.CERAR_LEAD)
        row = SharingDecision(
            child=child,
            what="Fictional: a takeaway on the high street is a place of concern; please keep your child away from it.",
            with_whom="Parents",
            why="To help the family keep the child safe.",
            handling_conditions="Shared in person by the social worker only.",
            decided_by=lead,
            decided_on=timezone.localdate(),
            place=world.concern_place[child.pk],
        )
        row.save_tracked(lead)
        return row

    world.sharing_decision = world.per_child(sharing)
