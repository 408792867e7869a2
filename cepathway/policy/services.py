"""Each partnership's policy: read the current one, publish a new version, look back at history.

A partnership's policy is the highest-numbered of its `PolicyVersion`s. Versions are never changed:
publishing writes the next number, so what a version said (and so what set a review) stays on record.
A partnership with no version yet starts from the policy at CEPATHWAY_PARTNERSHIP_POLICY.
"""

from contextvars import ContextVar
from dataclasses import dataclass, replace
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction

from cepathway.children.models import CEStatus
from cepathway.core import audit
from cepathway.core.errors import RuleError
from cepathway.core.models import StaleRecordError
from cepathway.core.policy import PartnershipPolicy, current_policy, from_document, policy_problems, to_document
from cepathway.people.models import Partnership, Role

from .changes import describe_changes
from .models import PolicyVersion

FIRST_REASON = "The partnership's first policy: {name}."
ROLES = frozenset(Role.values)
# The statuses policy reviews, most worrying first: every CEStatus but "no status", which ends the pathway.
REVIEWABLE: tuple[str, ...] = tuple(str(status) for status in (CEStatus.HIGH, CEStatus.MEDIUM, CEStatus.LOW))


class PolicyInvalid(RuleError):
    """The policy has problems: `problems` is every one ({field path: message}); the error's own
    message and field are the first of them."""

    def __init__(self, problems: dict[str, str]) -> None:
        field, message = next(iter(problems.items()))
        super().__init__(message, field=field)
        self.problems = problems


def starting_policy() -> PartnershipPolicy:
    """The policy a new partnership starts from: the object at CEPATHWAY_PARTNERSHIP_POLICY."""
    return current_policy()


def problems_of(policy: PartnershipPolicy) -> dict[str, str]:
    """What is wrong with `policy` ({field path: message}), checked against our roles and statuses."""
    return policy_problems(policy, roles=ROLES, statuses=REVIEWABLE)


def _partnership_id(partnership: Partnership | Any) -> Any:
    return partnership.pk if isinstance(partnership, Partnership) else partnership


# Parsed versions by id. A version never changes, so each is read and parsed once per process.
_parsed_versions: dict[Any, PartnershipPolicy] = {}
PARSED_VERSIONS_KEPT = 1000


def version_policy(version: PolicyVersion) -> PartnershipPolicy:
    """The policy one stored version holds, `version_id` and `number` set (treat it as read-only)."""
    policy = _parsed_versions.get(version.pk)
    if policy is None:
        policy = replace(from_document(version.document), version_id=version.pk, number=version.number)
        if len(_parsed_versions) >= PARSED_VERSIONS_KEPT:
            _parsed_versions.clear()
        _parsed_versions[version.pk] = policy
    return policy


def _parsed(version_id: Any) -> PartnershipPolicy:
    policy = _parsed_versions.get(version_id)
    if policy is not None:
        return policy
    return version_policy(PolicyVersion.objects.only("number", "document").get(pk=version_id))


# During a request, the current version's id of each partnership asked about, so that the rules,
# the navigation and the page asking again cost no query; None outside a request. Publishing forgets it.
_request_versions: ContextVar[dict[Any, Any] | None] = ContextVar("policy_request_versions", default=None)


def begin_request(**_: Any) -> None:
    """Connected to `request_started`: remember current versions from now on."""
    _request_versions.set({})


def end_request(**_: Any) -> None:
    """Connected to `request_finished`: read them again from the next request on."""
    _request_versions.set(None)


def _forget(partnership_id: Any) -> None:
    remembered = _request_versions.get()
    if remembered is not None:
        remembered.pop(partnership_id, None)


def _current_version_id(partnership_id: Any) -> Any:
    remembered = _request_versions.get()
    if remembered is not None and partnership_id in remembered:
        return remembered[partnership_id]
    latest = PolicyVersion.objects.filter(partnership_id=partnership_id).order_by("-number").values_list("pk").first()
    if latest is None:
        return None
    if remembered is not None:
        remembered[partnership_id] = latest[0]
    return latest[0]


def policy_for(partnership: Partnership | Any) -> PartnershipPolicy:
    """The partnership's current policy (a Partnership or its id), `version_id` and `number` set.

    One query when the version has been read before in this process, none when asked before in the
    same request. A partnership with no version yet gets version 1, made from the starting policy.
    """
    partnership_id = _partnership_id(partnership)
    latest = _current_version_id(partnership_id)
    if latest is None:
        return version_policy(start(partnership_id))
    return _parsed(latest)


def current_version(partnership: Partnership | Any) -> PolicyVersion:
    """The partnership's current version (version 1 made first when it has none), with its publisher."""
    partnership_id = _partnership_id(partnership)
    rows = PolicyVersion.objects.filter(partnership_id=partnership_id).select_related("created_by")
    return rows.order_by("-number").first() or start(partnership_id)


def version_numbered(partnership: Partnership | Any, number: int) -> PolicyVersion | None:
    return PolicyVersion.objects.filter(partnership_id=_partnership_id(partnership), number=number).first()


def policy_for_user(user: Any) -> PartnershipPolicy:
    """The current policy of the partnership the user's agency belongs to (PermissionDenied if none)."""
    if getattr(user, "partnership_id", None) is None:
        raise PermissionDenied("This account belongs to no agency, so to no partnership.")
    return policy_for(user.partnership_id)


def start(partnership: Partnership | Any, policy: PartnershipPolicy | None = None, *, by: Any = None) -> PolicyVersion:
    """Version 1 of the partnership's policy (`policy`, else the starting policy), unless it has one:
    then that. Safe when two requests start the same partnership at once (the second reads the first's)."""
    partnership_id = _partnership_id(partnership)
    existing = _first_version(partnership_id)
    if existing is not None:
        return existing
    policy = policy or starting_policy()
    version = PolicyVersion(
        partnership_id=partnership_id,
        number=1,
        document=to_document(policy),
        reason=FIRST_REASON.format(name=policy.name),
    )
    version.stamp(by)
    try:
        with transaction.atomic():
            version.save()
    except IntegrityError:
        return PolicyVersion.objects.get(partnership_id=partnership_id, number=1)
    how = "set up" if by is not None else "started on first use"
    audit.created(by, version, detail=f"policy version 1, {how}, from {policy.name}")
    return version


def publish(
    partnership: Partnership | Any, policy: PartnershipPolicy, *, based_on: int, reason: str, by: Any
) -> PolicyVersion:
    """Make `policy` the partnership's current policy, as the version after `based_on`.

    Refused, with nothing saved: RuleError (field "reason") without a reason; PolicyInvalid naming
    each problem; StaleRecordError (carrying the current version) when `based_on` is no longer the
    current number because someone else published first; RuleError when nothing has changed.
    """
    partnership_id = _partnership_id(partnership)
    if not reason.strip():
        raise RuleError("Say why you are changing the policy", field="reason")
    problems = problems_of(policy)
    if problems:
        raise PolicyInvalid(problems)
    start(partnership_id)  # so there is always a current version to compare `based_on` with
    version = PolicyVersion(
        partnership_id=partnership_id, number=based_on + 1, document=to_document(policy), reason=reason.strip()
    )
    version.stamp(by)
    try:
        with transaction.atomic():
            current = _current_version(partnership_id, lock=True)
            if current.number != based_on:
                raise StaleRecordError(current)
            if version_policy(current) == policy:
                raise RuleError(f"This is what version {current.number} says already: change something first.")
            version.save()
            _forget(partnership_id)
            audit.created(by, version, detail=f"policy version {version.number}: {version.reason}")
    except IntegrityError:  # another publish of the same number got there between our read and write
        raise StaleRecordError(_current_version(partnership_id)) from None
    return version


def _first_version(partnership_id: Any) -> PolicyVersion | None:
    return PolicyVersion.objects.filter(partnership_id=partnership_id, number=1).first()


def _current_version(partnership_id: Any, *, lock: bool = False) -> PolicyVersion:
    rows = PolicyVersion.objects.filter(partnership_id=partnership_id).order_by("-number")
    if lock:
        rows = rows.select_for_update()
    return rows[:1].get()


@dataclass(frozen=True)
class HistoryEntry:
    """One version as the history lists it: the row, its policy, and what changed from the one before."""

    version: PolicyVersion
    policy: PartnershipPolicy
    changes: list[str]


def history(partnership: Partnership | Any) -> list[HistoryEntry]:
    """Every version of the partnership's policy, newest first, each with what it changed."""
    versions = list(
        PolicyVersion.objects.filter(partnership_id=_partnership_id(partnership))
        .select_related("created_by")
        .order_by("number")
    )
    entries: list[HistoryEntry] = []
    before: PartnershipPolicy | None = None
    for version in versions:
        policy = version_policy(version)
        entries.append(HistoryEntry(version, policy, changes_between(before, policy) if before else []))
        before = policy
    return entries[::-1]


def changes_between(old: PartnershipPolicy, new: PartnershipPolicy) -> list[str]:
    """What changed from `old` to `new`, one plain sentence each ("Medium reviews: every 8 weeks →
    every 4 weeks"). Empty when they say the same."""
    return describe_changes(old, new)
