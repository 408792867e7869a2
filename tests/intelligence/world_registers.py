"""The registers' records in the shared test world, in each partnership (home and elsewhere): a
person, place, vehicle and phone of concern; a graded submission (1B P) naming the person, with
links from the partnership's children to the person and from the person to the place, vehicle and
phone; a submitted person of concern not yet matched (for the match page); and two other persons,
one merged into the other (for undoing a merge).

`world.registers[partnership.pk]` holds them by name. No involvement is made, so who sees which
child is as tests.factories says.
"""

import html
import re
from typing import Any
from urllib.parse import urljoin

from django.utils import timezone

from cepathway.intelligence.models import (
    HandlingCode,
    IntelligenceAssessment,
    Link,
    NodeKind,
    PersonOfConcern,
    PhoneOfConcern,
    PlaceKind,
    PlaceOfConcern,
    SourceEvaluation,
    SubjectKind,
    Submission,
    SubmissionStatus,
    SubmissionSubject,
    TriageOutcome,
    VehicleOfConcern,
)
from cepathway.intelligence.registers import decisions
from cepathway.people.models import Role
from tests.factories import World, world_builder


def make_submission(partnership: Any, submitter: Any, handler: Any | None = None, **grading: Any) -> Submission:
    """A submission by `submitter`, graded 1B P by `handler` unless told otherwise (status=... to
    leave it ungraded)."""
    values = {
        "status": SubmissionStatus.GRADED,
        "source_evaluation": SourceEvaluation.RELIABLE,
        "intelligence_assessment": IntelligenceAssessment.KNOWN_INDIRECTLY_CORROBORATED,
        "handling": HandlingCode.P,
        "outcome": TriageOutcome.LOGGED,
        "sanitised_text": "Fictional sanitised account: a young person was seen getting into a car.",
    } | grading
    submission = Submission(
        partnership=partnership,
        submitted_by=submitter,
        submitter_agency=submitter.agency,
        submitter_name=f"Fictional {submitter.get_role_display()}",
        information="Fictional original account, naming the fictional source Mrs Example.",
        how_known="Fictional: told by a neighbour.",
        happened_on=timezone.localdate(),
        submitted_at=timezone.now(),
        handler=handler if values["status"] == SubmissionStatus.GRADED else None,
        graded_at=timezone.now() if values["status"] == SubmissionStatus.GRADED else None,
        **values,
    )
    submission.save_tracked(submitter)
    return submission


def link(partnership: Any, a: tuple[str, Any], b: tuple[str, Any], submission: Any, by: Any) -> Link:
    made = Link(
        partnership=partnership,
        a_kind=a[0],
        a_id=a[1].pk,
        b_kind=b[0],
        b_id=b[1].pk,
        relationship="seen with",
        submission=submission,
        fictional=True,
    )
    made.save_tracked(by)
    return made


def _save(record: Any, by: Any) -> Any:
    record.save_tracked(by)
    return record


def build_registers(world: World, partnership: Any, children: list[Any]) -> dict[str, Any]:
    handler = world.user_in(partnership, Role.CERAR_LEAD)
    submitter = world.user_in(partnership, Role.POLICE_OFFICER)
    code = partnership.code.capitalize()
    person = _save(PersonOfConcern(partnership=partnership, first_name="Fictional", last_name=f"{code}man"), handler)
    place = _save(
        PlaceOfConcern(partnership=partnership, kind=PlaceKind.TAKEAWAY, name=f"Fictional {code} Chicken"), handler
    )
    vehicle = _save(VehicleOfConcern(partnership=partnership, registration="ZZ99 FIC", colour="Grey"), handler)
    phone = _save(PhoneOfConcern(partnership=partnership, number="07700 900999"), handler)
    submission = make_submission(partnership, submitter, handler)
    for child in children:
        link(partnership, (NodeKind.CHILD, child), (NodeKind.PERSON, person), submission, handler)
    for thing, kind in ((place, NodeKind.PLACE), (vehicle, NodeKind.VEHICLE), (phone, NodeKind.PHONE)):
        link(partnership, (NodeKind.PERSON, person), (kind, thing), submission, handler)
    subject = SubmissionSubject(
        submission=submission, kind=SubjectKind.PERSON_OF_CONCERN, first_name="Fictional", last_name=f"{code}man"
    )
    subject.save_tracked(submitter)
    kept = _save(PersonOfConcern(partnership=partnership, first_name="Merged", last_name=f"Keeper{code}"), handler)
    gone = _save(PersonOfConcern(partnership=partnership, first_name="Merged", last_name=f"Kept{code}"), handler)
    link(partnership, (NodeKind.PERSON, gone), (NodeKind.PLACE, place), submission, handler)
    merge = decisions.merge(gone, kept, by=handler, reason="Fictional: the same person")
    return {
        "person": person,
        "place": place,
        "vehicle": vehicle,
        "phone": phone,
        "submission": submission,
        "subject": subject,
        "merge": merge,
    }


@world_builder
def registers_world(world: World) -> None:
    world.registers = {  # type: ignore[attr-defined]
        world.home.pk: build_registers(world, world.home, [world.child, world.other_child]),
        world.elsewhere.pk: build_registers(world, world.elsewhere, [world.foreign_child]),
    }


# Following links as a person clicks them (the journeys reach each page from the one before).


def href_of(page: str, text: str) -> str:
    """The address of the first link on `page` whose text contains `text` (AssertionError if none)."""
    for match in re.finditer(r'<a [^>]*href="([^"]+)"[^>]*>(.*?)</a>', page, re.S):
        if text in re.sub(r"<[^>]+>", "", match.group(2)):
            return html.unescape(match.group(1))
    raise AssertionError(f"no link {text!r} on the page")


def follow(client: Any, page: str, text: str, at: str = "/") -> str:
    """Open the link `text` on `page` (read at the address `at`, for a link relative to it)."""
    response = client.get(urljoin(at, href_of(page, text)))
    assert response.status_code == 200, (text, response.status_code)
    return response.content.decode()
