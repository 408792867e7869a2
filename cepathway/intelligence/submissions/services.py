"""Submitting information and grading it (3x5x2): the rules, in one place for pages and the API.

Who may submit: anyone signed in who works with children, police included; the partnership's
administrators and auditors look after the service, not children, and do not submit. Who grades:
the handlers (cepathway.intelligence.models.HANDLER_ROLES), never a partner. A graded submission
is changed only by its handler, each change kept as a SubmissionRevision with its reason.
"""

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from cepathway.core import audit
from cepathway.core.errors import RuleError
from cepathway.core.models import AuditAction
from cepathway.people.models import ROLES_NOT_WORKING_WITH_CHILDREN, User

from ..around_child.alerts import alert_for_links
from ..models import (
    HandlingCode,
    Submission,
    SubmissionOnlineAccount,
    SubmissionPhone,
    SubmissionPlace,
    SubmissionRevision,
    SubmissionStatus,
    SubmissionSubject,
    SubmissionVehicle,
    is_handler,
)

# What a submission says about its submitter and what they know (the form's "About you" and "What you know").
DETAIL_FIELDS = (
    "submitter_name",
    "submitter_job_title",
    "submitter_phone",
    "submitter_email",
    "happened_on",
    "happened_when",
    "information",
    "how_known",
)
SUBJECT_FIELDS = ("kind", "first_name", "last_name", "aliases", "date_of_birth", "age_from", "age_to", "description")
PLACE_FIELDS = ("kind", "name", "address", "postcode", "description")
VEHICLE_FIELDS = ("registration", "make", "model", "colour")
PHONE_FIELDS = ("number",)
ACCOUNT_FIELDS = ("platform", "username")

# The grading a handler writes; a change to any of them after grading is a revision.
GRADING_FIELDS = (
    "source_evaluation",
    "intelligence_assessment",
    "handling",
    "handling_conditions",
    "sanitised_text",
    "outcome",
    "outcome_note",
    "feedback_to_submitter",
)
READERS = "handling_readers"


def may_submit(user: Any) -> bool:
    """Anyone signed in who works with children (police included) may share what they know."""
    active = bool(getattr(user, "is_authenticated", False) and user.is_active and user.agency_id)
    return active and user.role not in ROLES_NOT_WORKING_WITH_CHILDREN


def require_submitter(user: Any) -> None:
    if not may_submit(user):
        raise PermissionDenied


@dataclass
class Parts:
    """What a submission is about, each a list of field values by name (blank rows already left out)."""

    subjects: list[dict[str, Any]] = field(default_factory=list)
    places: list[dict[str, Any]] = field(default_factory=list)
    vehicles: list[dict[str, Any]] = field(default_factory=list)
    phones: list[dict[str, Any]] = field(default_factory=list)
    online_accounts: list[dict[str, Any]] = field(default_factory=list)


PART_MODELS = (
    ("subjects", SubmissionSubject, SUBJECT_FIELDS),
    ("places", SubmissionPlace, PLACE_FIELDS),
    ("vehicles", SubmissionVehicle, VEHICLE_FIELDS),
    ("phones", SubmissionPhone, PHONE_FIELDS),
    ("online_accounts", SubmissionOnlineAccount, ACCOUNT_FIELDS),
)


def submit(by: User, details: dict[str, Any], parts: Parts) -> Submission:
    """Record a submission and everything it names, all or nothing, audited."""
    require_submitter(by)
    if not any(getattr(parts, name) for name, _, _ in PART_MODELS) and not details.get("information"):
        raise RuleError("Say what you know", field="information")
    with transaction.atomic():
        submission = Submission(
            partnership_id=by.partnership_id,
            submitted_by=by,
            submitter_agency=by.agency,
            submitted_at=timezone.now(),
            **{name: details.get(name) or _blank(name) for name in DETAIL_FIELDS},
        )
        submission.save_tracked(by)
        made: list[Any] = []
        for name, model, names in PART_MODELS:
            for values in getattr(parts, name):
                row = model(submission=submission, **{key: values.get(key) for key in names if key in values})
                row.save_tracked(by)
                made.append(row)
        audit.created(by, submission, detail="information submitted")
        if made:
            audit.created_each(by, made, detail="named in a submission")
    return submission


def _blank(name: str) -> Any:
    return None if name == "happened_on" else ""


# --- Grading ------------------------------------------------------------------------------------------


def names_the_source(submission: Submission, text: str) -> str:
    """What in `text` would identify who submitted it (their name, their agency, their email or
    phone), or "" when nothing does. The sanitised text is read by wider audiences."""
    lowered = text.lower()
    for label, value in (
        ("their name", submission.submitter_name),
        ("their agency", submission.submitter_agency.name),
        ("their email address", submission.submitter_email),
    ):
        if value and _contains_words(lowered, value.lower()):
            return label
    surname = submission.submitter_name.split()[-1] if submission.submitter_name.split() else ""
    if len(surname) >= 3 and _contains_words(lowered, surname.lower()):
        return "their name"
    phone = re.sub(r"\D", "", submission.submitter_phone)
    if len(phone) >= 6 and phone[-9:] in re.sub(r"\D", "", text):
        return "their phone number"
    return ""


def _contains_words(text: str, value: str) -> bool:
    return re.search(r"(?<!\w)" + re.escape(value.strip()) + r"(?!\w)", text) is not None


def may_grade(user: Any, submission: Submission) -> bool:
    """Handlers grade; once graded, only its handler changes it."""
    if not is_handler(user) or user.partnership_id != submission.partnership_id:
        return False
    return not submission.is_graded or submission.handler_id == user.pk


def grade(
    submission: Submission,
    *,
    by: User,
    version: int,
    grading: dict[str, Any],
    readers: Iterable[User] = (),
    reason: str = "",
) -> Submission:
    """Grade a waiting submission, or change a graded one (its handler only, with a reason, kept as
    a revision). Refused (RuleError, nothing saved) when the sanitised text names the source or
    handling code C has no conditions; StaleRecordError when someone saved since `version`."""
    if not may_grade(by, submission):
        raise PermissionDenied
    readers = list(readers) if grading.get("handling") == HandlingCode.C else []
    _check_grading(submission, grading, reason)
    was_graded = submission.is_graded
    before = _grading_state(submission)
    with transaction.atomic():
        for name in GRADING_FIELDS:
            setattr(submission, name, grading.get(name) or "")
        if not was_graded:
            submission.status = SubmissionStatus.GRADED
            submission.handler = by
            submission.graded_at = timezone.now()
        submission.save_versioned(by, version)
        submission.handling_readers.set(readers)
        after = _grading_state(submission)
        changed = audit.changed_fields(before, after)
        if was_graded and changed:
            _keep_revision(submission, by, before, after, changed, reason)
        audit.changed(by, submission, changed, detail="graded" if not was_graded else f"changed: {reason}")
        if not was_graded:
            alert_for_links(submission, by=by)
    return submission


def _check_grading(submission: Submission, grading: dict[str, Any], reason: str) -> None:
    for name in ("source_evaluation", "intelligence_assessment", "handling", "outcome"):
        if not grading.get(name):
            raise RuleError("Complete the grading: source, intelligence, handling and outcome", field=name)
    if grading.get("handling") == HandlingCode.C and not (grading.get("handling_conditions") or "").strip():
        raise RuleError("Write down the conditions of handling code C", field="handling_conditions")
    sanitised = (grading.get("sanitised_text") or "").strip()
    if not sanitised:
        raise RuleError("Write the sanitised version: what wider audiences may read", field="sanitised_text")
    named = names_the_source(submission, sanitised)
    if named:
        raise RuleError(
            f"The sanitised version must never name the source: it includes {named}", field="sanitised_text"
        )
    if submission.is_graded and not reason.strip():
        raise RuleError("Say why you are changing a graded submission", field="reason")


def _grading_state(submission: Submission) -> dict[str, Any]:
    state: dict[str, Any] = {name: getattr(submission, name) or "" for name in GRADING_FIELDS}
    if submission.pk and not submission._state.adding:
        state[READERS] = sorted(str(pk) for pk in submission.handling_readers.values_list("pk", flat=True))
    return state


def _keep_revision(
    submission: Submission, by: User, before: dict[str, Any], after: dict[str, Any], changed: list[str], reason: str
) -> None:
    number = submission.revisions.count() + 1
    SubmissionRevision.objects.create(
        submission=submission,
        number=number,
        changed_at=timezone.now(),
        changed_by=by,
        before={name: before.get(name) for name in changed},
        after={name: after.get(name) for name in changed},
        reason=reason.strip(),
    )


def possible_readers(submission: Submission) -> Any:
    """Who handling code C may name: the partnership's other handlers (only handlers read submissions)."""
    from ..models import HANDLER_ROLES

    rows = User.objects.filter(
        agency__partnership_id=submission.partnership_id, role__in=HANDLER_ROLES, is_active=True
    ).select_related("agency")
    return rows.order_by("last_name", "first_name", "username")


# --- Linking a child subject to a child's record ------------------------------------------------------


def child_candidates(user: Any, words: str, limit: int = 20) -> Any:
    """Children `user` may see whose first or last name starts with one of `words` (names of two
    letters or more), for linking a subject of a submission to the child's record."""
    from django.db.models import Q

    from cepathway.children.models import Child

    names = [word for word in re.split(r"[\s,]+", words) if len(word) >= 2][:4]
    if not names:
        return Child.objects.none()
    wanted = Q()
    for name in names:
        wanted |= Q(first_name__istartswith=name) | Q(last_name__istartswith=name)
    rows = Child.objects.visible_to(user).filter(wanted)
    return rows.order_by("last_name", "first_name", "pk")[:limit]


def link_child(subject: SubmissionSubject, child: Any, *, by: User) -> SubmissionSubject:
    """Link a child named in a submission to the child's record (the handler sees both), and let
    the network link the child to everything else the submission names."""
    from ..models import SubjectKind

    if not is_handler(by) or by.partnership_id != subject.submission.partnership_id:
        raise PermissionDenied
    if subject.kind != SubjectKind.CHILD:
        raise RuleError("Only a child named in a submission is linked to a child's record", field="child")
    if child.partnership_id != subject.submission.partnership_id:
        raise RuleError("Choose a child of this partnership", field="child")
    with transaction.atomic():
        subject.child = child
        subject.save_tracked(by)
        audit.write(
            AuditAction.CHANGED, subject, user=by, fields=["child"], child_id=child.pk, detail="linked to a child"
        )
        _link_in_the_network(subject.submission, by)
        alert_for_links(subject.submission, by=by)
    return subject


def _link_in_the_network(submission: Submission, by: User) -> None:
    from ..registers.decisions import link_submission

    link_submission(submission, by=by)


# --- The referral a handler made from a submission ----------------------------------------------------


def referrals_to_record(submission: Submission, user: Any) -> Any:
    """The referrals `user` made since the submission was sent: the one started from it is among them."""
    from cepathway.referrals.models import Referral

    if submission.referral_id or submission.outcome != "referral_started" or submission.handler_id != user.pk:
        return Referral.objects.none()
    rows = Referral.objects.visible_to(user).filter(referrer=user, created_at__gte=submission.submitted_at)
    return rows.select_related("child").order_by("-created_at")


REFERRALS_OFFERED = 10


def record_referral(submission: Submission, referral: Any, *, by: User, version: int) -> Submission:
    """Note on the submission the safeguarding referral its handler started from it."""
    if submission.handler_id != by.pk:
        raise PermissionDenied
    if not referrals_to_record(submission, by).filter(pk=referral.pk).exists():
        raise RuleError("Choose a referral you made since this was submitted", field="referral")
    with transaction.atomic():
        submission.referral = referral
        submission.save_versioned(by, version)
        audit.changed(by, submission, ["referral"], detail=f"referral {referral.reference} recorded")
    return submission
