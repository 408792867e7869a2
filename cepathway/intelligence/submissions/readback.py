"""What a submission page shows of the people, places, vehicles, phones and accounts it names."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from ..models import SubjectKind, Submission


@dataclass(frozen=True)
class Named:
    """One thing a submission names, as a row: what it is, its description, and what it links to."""

    label: str
    description: str
    linked_to: str
    link: tuple[str, str]  # where to link it to a record, and the link's words
    part: Any


@dataclass(frozen=True)
class Section:
    title: str
    rows: list[Named]


def _subject_description(subject: Any) -> str:
    facts = []
    if subject.aliases:
        facts.append(
            "Also known as " + ", ".join(line.strip() for line in subject.aliases.splitlines() if line.strip())
        )
    if subject.date_of_birth:
        facts.append(f"born {subject.date_of_birth:%-d %B %Y}")
    elif subject.age_from or subject.age_to:
        facts.append(f"aged about {subject.age_from or '?'} to {subject.age_to or '?'}")
    if subject.description:
        facts.append(subject.description)
    return "; ".join(facts)


def parts_of(
    submission: Submission,
    *,
    match_link: Callable[[Any], tuple[str, str]] | None = None,
    children_shown: Callable[[Any], bool] = lambda child: False,
) -> list[Section]:
    """What the submission names, by section. A linked child's name is shown only to those who may
    see the child (`children_shown`); a name on a page is a disclosure."""
    link = match_link or (lambda part: ("", ""))
    subjects = submission.subjects.select_related("child", "person")
    sections = [
        Section(
            "People",
            [
                Named(
                    f"{subject.name} ({subject.get_kind_display()})",
                    _subject_description(subject),
                    _linked_subject(subject, children_shown),
                    link(subject),
                    subject,
                )
                for subject in subjects
            ],
        ),
        Section(
            "Places",
            [
                Named(
                    ", ".join(p for p in [place.name, place.address, place.postcode] if p) or "Place not named",
                    " ".join(p for p in [place.get_kind_display() + ".", place.description] if p),
                    _linked(place.place),
                    link(place),
                    place,
                )
                for place in submission.places.select_related("place")
            ],
        ),
        Section(
            "Vehicles",
            [
                Named(
                    vehicle.registration or "Registration not known",
                    " ".join(p for p in [vehicle.colour, vehicle.make, vehicle.model] if p),
                    _linked(vehicle.vehicle),
                    link(vehicle),
                    vehicle,
                )
                for vehicle in submission.vehicles.select_related("vehicle")
            ],
        ),
        Section(
            "Phone numbers",
            [
                Named(phone.number, "", _linked(phone.phone), link(phone), phone)
                for phone in submission.phones.select_related("phone")
            ],
        ),
        Section(
            "Online accounts",
            [
                Named(account.username, account.platform, "", ("", ""), account)
                for account in submission.online_accounts.all()
            ],
        ),
    ]
    return [section for section in sections if section.rows]


def _linked_subject(subject: Any, children_shown: Callable[[Any], bool]) -> str:
    if subject.child_id:
        return f"Child's record: {subject.child.full_name}" if children_shown(subject.child) else "A child's record"
    return _linked(subject.person)


def _linked(record: Any) -> str:
    return str(record) if record is not None else ""


def referral_prefill(submission: Submission) -> str:
    """The contact form's address, filled with the first child's name and what is known."""
    child = next((s for s in submission.subjects.all() if s.kind == SubjectKind.CHILD), None)
    values = {"concern": f"From intelligence submitted to the partnership: {submission.sanitised_text or ''}".strip()}
    if child is not None:
        values.update(first_name=child.first_name, last_name=child.last_name, other_names=child.aliases)
    return "?" + urlencode({key: value for key, value in values.items() if value})


@dataclass(frozen=True)
class Change:
    number: int
    changed_by: Any
    changed_at: Any
    reason: str
    rows: list[tuple[str, str, str]]

    @property
    def label(self) -> str:
        return f"What change {self.number} changed"


FIELD_LABELS = {
    "source_evaluation": "Source evaluation",
    "intelligence_assessment": "Intelligence assessment",
    "handling": "Handling code",
    "handling_conditions": "Conditions of sharing",
    "handling_readers": "Who else may read it in full",
    "sanitised_text": "Sanitised version",
    "outcome": "Outcome",
    "outcome_note": "Note on the outcome",
    "feedback_to_submitter": "Told to the submitter",
}


def history(submission: Submission) -> list[Change]:
    """The handler's changes to a graded submission, oldest first, each field before and after."""
    from cepathway.people.models import User

    revisions = list(submission.revisions.select_related("changed_by"))
    reader_ids = {
        pk
        for revision in revisions
        for side in (revision.before, revision.after)
        for pk in side.get("handling_readers", [])
    }
    names = {str(user.pk): user.display_name for user in User.objects.filter(pk__in=reader_ids)}

    def shown(name: str, value: Any) -> str:
        if name == "handling_readers":
            return ", ".join(names.get(pk, "someone") for pk in value) or "Nobody else"
        return str(value) if value not in ("", None) else "Blank"

    return [
        Change(
            revision.number,
            revision.changed_by,
            revision.changed_at,
            revision.reason,
            [
                (FIELD_LABELS.get(name, name), shown(name, revision.before.get(name)), shown(name, value))
                for name, value in revision.after.items()
            ],
        )
        for revision in revisions
    ]
