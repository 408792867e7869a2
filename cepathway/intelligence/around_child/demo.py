"""Fictional demo intelligence for the whole app (called by the demo's `demo_setup` command), so
that every intelligence page has something real to show after `make run`.

For the demo partnership: persons, places, vehicles and phones of concern; submissions from the
school and the police, some graded (handling P and C) and some waiting for triage; links from the
register records to children on the pathway (those on this month's Level 2 agenda first); a
disruption on a person and on a place; what may be shared with one child's family; and the alerts
the graded submissions send the children's workers. Names come from Faker en_GB with a fixed seed,
phone numbers from Ofcom's range kept for drama (07700 900000 to 900999), every record is marked
fictional where the model allows, and nothing comes from the partnership's own documents.

Records are written through the models (their save() stores the matching keys). Running it again
adds nothing: a partnership with any submission already has its demo intelligence.
"""

import random
from datetime import timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone
from faker import Faker

from cepathway.children.models import Child
from cepathway.meetings.models import Level2Item

from ..models import (
    ConcernStatus,
    Disruption,
    DisruptionTactic,
    HandlingCode,
    IntelligenceAssessment,
    Link,
    NodeKind,
    PersonOfConcern,
    PhoneOfConcern,
    PlaceKind,
    PlaceOfConcern,
    SharingDecision,
    SourceEvaluation,
    SubjectKind,
    Submission,
    SubmissionPhone,
    SubmissionPlace,
    SubmissionStatus,
    SubmissionSubject,
    SubmissionVehicle,
    TriageOutcome,
    VehicleOfConcern,
)
from .alerts import alert_for_links

SEED = 2026
NICKNAMES = ("Jonny", "Kez", "Smudge", "Tiny", "Ace", "Dee")


def add_demo_intelligence(partnership: Any, users: dict[str, Any], seed: int = SEED) -> None:
    if Submission.objects.filter(partnership=partnership).exists():
        return
    children = _children_on_pathway(partnership)
    if not children:
        return
    with transaction.atomic():
        DemoIntelligence(partnership, users, seed).build(children)


def _children_on_pathway(partnership: Any) -> list[Child]:
    """Children on an open pathway, those on a Level 2 agenda first."""
    on_pathway = Child.objects.filter(partnership=partnership, ce_pathways__closed_at__isnull=True).distinct()
    on_agenda = set(Level2Item.objects.filter(child__in=on_pathway).values_list("child_id", flat=True))
    return sorted(on_pathway, key=lambda child: (child.pk not in on_agenda, child.last_name, child.first_name))


class DemoIntelligence:
    def __init__(self, partnership: Any, users: dict[str, Any], seed: int) -> None:
        self.partnership, self.users = partnership, users
        self.fake = Faker("en_GB")
        self.fake.seed_instance(seed)
        self.random = random.Random(seed)  # noqa: S311 - demo data, not security
        self.handler = users["intelligence"]

    def build(self, children: list[Child]) -> None:
        first, second = children[0], children[1 % len(children)]
        persons = [self.person(n) for n in range(4)]
        places = [
            self.place(PlaceKind.TAKEAWAY, "Fictional Chicken Shack"),
            self.place(PlaceKind.PARK, "Fictional Riverside Park"),
            self.place(PlaceKind.HOTEL, "Fictional Station Hotel"),
        ]
        vehicles = [self.vehicle("Black", "Volkswagen", "Golf"), self.vehicle("Silver", "Ford", "Focus")]
        phones = [self.phone(n) for n in (123, 456)]

        seen = self.submission(
            self.users["school"],
            "Fictional: a pupil was collected from the school gate by an adult in a black car who gave them a phone.",
            "Seen by the member of staff on gate duty, who wrote down part of the registration.",
            days_ago=6,
        )
        self.name_child(seen, first)
        self.name_person(seen, persons[0])
        self.name_place(seen, places[0])
        self.name_vehicle(seen, vehicles[0])
        self.name_phone(seen, phones[0])
        self.grade(seen, HandlingCode.P, "A child was collected from school by an adult in a car and given a phone.")
        self.link_all(seen, [(NodeKind.CHILD, first.pk), persons[0], places[0], vehicles[0], phones[0]])

        told = self.submission(
            self.users["police"],
            "Fictional: two young people were seen going into the hotel with an older man late at night.",
            "Reported by hotel staff to the neighbourhood team.",
            days_ago=4,
        )
        self.name_child(told, second)
        self.name_person(told, persons[1])
        self.name_place(told, places[2])
        self.grade(
            told,
            HandlingCode.C,
            "Young people were seen at a hotel late at night with an adult.",
            conditions="Share only with the CERAR lead and the child's social worker; not with the family yet.",
            readers=[self.users["cerar"]],
        )
        self.link_all(told, [(NodeKind.CHILD, second.pk), persons[1], places[2], persons[0], phones[1]])

        waiting = self.submission(
            self.users["school"],
            "Fictional: a pupil said an older teenager called 'Kez' asks younger children to carry bags to the park.",
            "Told by a pupil in a pastoral session.",
            days_ago=1,
        )
        self.name_child(waiting, first, linked=False)
        self.subject(waiting, SubjectKind.PERSON_OF_CONCERN, "", "", aliases="Kez", age_from=16, age_to=19)
        self.subject(waiting, SubjectKind.VULNERABLE_ADULT, self.fake.first_name(), self.fake.last_name(), age_from=19)
        self.name_place(waiting, places[1], linked=False)
        self.submission(
            self.users["police"],
            "Fictional: a silver car is often parked by the park gates after school with the engine running.",
            "Seen by a police community support officer on patrol.",
            days_ago=0,
        )

        self.disrupt(persons[0], "Child Abduction Warning Notice", "Fictional neighbourhood policing team")
        self.disrupt(places[2], "Hotel and taxi engagement", "Fictional licensing officer")
        self.share(first, places[0])
        alert_for_links(seen, by=self.handler)
        alert_for_links(told, by=self.handler)

    # Register records -------------------------------------------------------------------------

    def person(self, number: int) -> PersonOfConcern:
        born = timezone.localdate() - timedelta(days=365 * self.random.randint(18, 32) + self.random.randint(0, 364))
        record = PersonOfConcern(
            partnership=self.partnership,
            first_name=self.fake.first_name_male(),
            last_name=self.fake.last_name(),
            aliases=NICKNAMES[number % len(NICKNAMES)],
            date_of_birth=born if number % 2 == 0 else None,
            age_from=None if number % 2 == 0 else 20,
            age_to=None if number % 2 == 0 else 25,
            description="Fictional: seen with young people near the park and the station.",
        )
        return self.save_record(record)

    def place(self, kind: str, name: str) -> PlaceOfConcern:
        record = PlaceOfConcern(
            partnership=self.partnership,
            kind=kind,
            name=name,
            address=self.fake.street_address().replace("\n", ", "),
            postcode=self.fake.postcode(),
            description="Fictional: young people gather here late in the evening.",
        )
        return self.save_record(record)

    def vehicle(self, colour: str, make: str, model: str) -> VehicleOfConcern:
        registration = self.fake.license_plate()
        record = VehicleOfConcern(
            partnership=self.partnership, registration=registration, make=make, model=model, colour=colour
        )
        return self.save_record(record)

    def phone(self, ending: int) -> PhoneOfConcern:
        return self.save_record(PhoneOfConcern(partnership=self.partnership, number=f"07700 900{ending:03d}"))

    def save_record(self, record: Any) -> Any:
        record.fictional = True
        record.save_tracked(self.users["cerar"])
        return record

    # Submissions -------------------------------------------------------------------------------

    def submission(self, by: Any, information: str, how_known: str, days_ago: int) -> Submission:
        row = Submission(
            partnership=self.partnership,
            submitted_by=by,
            submitter_agency=by.agency,
            submitter_name=str(by),
            submitter_job_title=getattr(by, "job_title", "") or "",
            happened_on=timezone.localdate() - timedelta(days=days_ago + 1),
            information=information,
            how_known=how_known,
            submitted_at=timezone.now() - timedelta(days=days_ago),
        )
        row.save_tracked(by)
        return row

    def grade(
        self, row: Submission, handling: str, sanitised: str, conditions: str = "", readers: list[Any] | None = None
    ) -> None:
        row.status = SubmissionStatus.GRADED
        row.handler = self.handler
        row.source_evaluation = SourceEvaluation.RELIABLE if handling == HandlingCode.P else SourceEvaluation.UNTESTED
        row.intelligence_assessment = IntelligenceAssessment.KNOWN_DIRECTLY
        row.handling, row.handling_conditions = handling, conditions
        row.sanitised_text = sanitised
        row.outcome = TriageOutcome.LOGGED
        row.feedback_to_submitter = "Thank you: this has been graded and logged."
        row.graded_at = (row.submitted_at or timezone.now()) + timedelta(hours=3)
        row.save_tracked(self.handler)
        if readers:
            row.handling_readers.set(readers)

    def subject(self, row: Submission, kind: str, first: str, last: str, **more: Any) -> SubmissionSubject:
        subject = SubmissionSubject(submission=row, kind=kind, first_name=first, last_name=last, **more)
        subject.save_tracked(row.submitted_by)
        return subject

    def name_child(self, row: Submission, child: Child, linked: bool = True) -> None:
        subject = self.subject(
            row, SubjectKind.CHILD, child.first_name, child.last_name, date_of_birth=child.date_of_birth
        )
        if linked:
            subject.child = child
            subject.save_tracked(self.handler)

    def name_person(self, row: Submission, person: PersonOfConcern) -> None:
        subject = self.subject(row, SubjectKind.PERSON_OF_CONCERN, person.first_name, person.last_name)
        subject.aliases, subject.person = person.aliases, person
        subject.save_tracked(self.handler)

    def name_place(self, row: Submission, place: PlaceOfConcern, linked: bool = True) -> None:
        part = SubmissionPlace(
            submission=row, kind=place.kind, name=place.name, address=place.address, postcode=place.postcode
        )
        part.place = place if linked else None
        part.save_tracked(row.submitted_by)

    def name_vehicle(self, row: Submission, vehicle: VehicleOfConcern) -> None:
        part = SubmissionVehicle(
            submission=row,
            registration=vehicle.registration[:4],  # partial, as it was seen
            make=vehicle.make,
            colour=vehicle.colour,
            vehicle=vehicle,
        )
        part.save_tracked(row.submitted_by)

    def name_phone(self, row: Submission, phone: PhoneOfConcern) -> None:
        SubmissionPhone(submission=row, number=phone.number.replace(" ", ""), phone=phone).save_tracked(
            row.submitted_by
        )

    def link_all(self, row: Submission, ends: list[Any]) -> None:
        """Link the first end (a child) with each of the others, and each register record with the next."""
        points = [end if isinstance(end, tuple) else (end.node_kind, end.pk) for end in ends]
        pairs = [(points[0], other) for other in points[1:]] + list(zip(points[1:], points[2:], strict=False))
        for (a_kind, a_id), (b_kind, b_id) in pairs:
            link = Link(
                partnership=self.partnership,
                a_kind=a_kind,
                a_id=a_id,
                b_kind=b_kind,
                b_id=b_id,
                relationship="named in the same submission",
                submission=row,
                fictional=True,
            )
            link.save_tracked(self.handler)

    # Disruption and sharing --------------------------------------------------------------------

    def tactic(self, name: str) -> DisruptionTactic:
        """The partnership's tactic, after its default list is made (by the registers part, when present)."""
        try:
            from cepathway.intelligence.registers import disruption
        except ImportError:
            pass
        else:
            disruption.tactics_for(self.partnership)
        tactic, _ = DisruptionTactic.objects.get_or_create(partnership=self.partnership, name=name)
        return tactic

    def disrupt(self, record: Any, tactic: str, by_whom: str) -> None:
        target = {"person": record} if record.node_kind == NodeKind.PERSON else {"place": record}
        disruption = Disruption(
            partnership=self.partnership,
            tactic=self.tactic(tactic),
            by_whom=by_whom,
            started_on=timezone.localdate() - timedelta(days=10),
            outcome="Fictional: served; no contact seen since.",
            review_on=timezone.localdate() + timedelta(days=20),
            fictional=True,
            **target,
        )
        disruption.save_tracked(self.users["cerar"])
        record.status = ConcernStatus.UNDER_DISRUPTION
        record.save_tracked(self.users["cerar"])

    def share(self, child: Child, place: PlaceOfConcern) -> None:
        decision = SharingDecision(
            child=child,
            what=f"Fictional: please keep {child.first_name} away from {place.name} in the evenings; "
            "adults there have been seen giving young people food and lifts.",
            with_whom="Parents or carers",
            why="So the family can help keep the child safe; the police agree it can be said without naming anyone.",
            handling_conditions="Graded P: lawful sharing permitted. Tell the family in person; do not leave a copy.",
            decided_by=self.users["cerar"],
            decided_on=timezone.localdate() - timedelta(days=2),
            place=place,
        )
        decision.save_tracked(self.users["cerar"])
