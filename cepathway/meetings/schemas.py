"""How the API shows each meetings record: one schema a record, read from the models (and from the
presenters the pages use), never a dictionary built by hand in an operation."""

import datetime as dt
from typing import Any
from uuid import UUID

from ninja import Field, Schema


def _name(value: Any) -> str | None:
    return str(value) if value is not None else None


class InvitationOut(Schema):
    id: UUID
    user_id: UUID
    name: str
    agency: str | None
    attendance: str
    apology_note: str

    @staticmethod
    def resolve_name(obj: Any) -> str:
        return str(obj.user)

    @staticmethod
    def resolve_agency(obj: Any) -> str | None:
        return _name(obj.agency)


class WithdrawnOut(InvitationOut):
    withdrawn_at: dt.datetime | None


class VoiceOut(Schema):
    id: UUID
    voice_of: str
    relationship: str
    method: str
    gathered_on: dt.date
    views: str
    read_out: bool


class CallOut(Schema):
    id: UUID
    requested_by: str
    contact_name: str
    state: str
    arranged_for: dt.datetime | None
    version: int


class ContributionOut(Schema):
    id: UUID
    agency: str
    information: str
    shareable_with_family: str
    not_shareable_reason: str

    @staticmethod
    def resolve_agency(obj: Any) -> str:
        return str(obj.agency)


class DecisionOut(Schema):
    previous_status: str
    status: str
    ce_types: list[str]
    rationale: str
    suggested_level: str
    suggestion_reasons: list[str]
    decided_at: dt.datetime
    policy_version: int | None = Field(
        description="The number of the partnership's policy version the outcome was decided under (it set the review)"
    )
    policy_version_id: UUID | None

    @staticmethod
    def resolve_policy_version(obj: Any) -> int | None:
        return obj.policy_version.number if obj.policy_version_id else None


class StatusChangeOut(Schema):
    meeting_id: UUID
    previous_status: str
    status: str
    ce_types: list[str]
    rationale: str
    decided_at: dt.datetime


class ActionOut(Schema):
    id: UUID
    child_id: UUID
    meeting_id: UUID | None
    level2_item_id: UUID | None
    description: str
    owner_id: UUID
    owner: str
    owner_agency: str
    due_on: dt.date
    status: str
    overdue: bool
    version: int

    @staticmethod
    def resolve_owner(obj: Any) -> str:
        return str(obj.owner)

    @staticmethod
    def resolve_owner_agency(obj: Any) -> str:
        return str(obj.owner_agency)

    @staticmethod
    def resolve_overdue(obj: Any) -> bool:
        return bool(obj.is_overdue())


class MeetingOut(Schema):
    id: UUID
    child_id: UUID
    kind: str
    state: str
    scheduled_for: dt.datetime
    due_on: dt.date | None
    venue: str
    location: str
    chair_id: UUID
    chair: str
    status_under_review: str
    overdue: bool
    version: int

    @staticmethod
    def resolve_chair(obj: Any) -> str:
        return str(obj.chair)

    @staticmethod
    def resolve_overdue(obj: Any) -> bool:
        return bool(obj.is_overdue())


class SuggestionOut(Schema):
    level: str
    reasons: list[str]
    judged_level: str
    referral_reference: str


class DiscussionOut(Schema):
    vulnerabilities: str
    harm: str
    strengths: str
    family_responses: str
    needs_to_happen: str
    scale: int | None


class MeetingDetailOut(MeetingOut):
    """A meeting with everything recorded about it, as its page shows it to the caller
    (`presenters.MeetingPage`)."""

    invitations: list[InvitationOut]
    views: list[VoiceOut] = Field(alias="voices")
    calls: list[CallOut]
    contributions: list[ContributionOut]
    discussion: DiscussionOut
    suggestion: SuggestionOut | None = Field(description="Only for those who see triage detail")
    decision: DecisionOut | None
    next_meeting_id: UUID | None
    actions: list[ActionOut]
    carried_forward: list[ActionOut] = Field(description="Actions still open from earlier meetings on the pathway")

    @staticmethod
    def resolve_discussion(obj: Any) -> dict[str, Any]:
        return {name: getattr(obj, name) for name in obj.DISCUSSION_FIELDS}


class OutcomeOut(Schema):
    decision: DecisionOut
    review: MeetingOut | None


class MyMeetingsOut(Schema):
    chairing: list[MeetingOut]
    invited_to: list[MeetingOut]


class OverdueOut(Schema):
    reviews: list[MeetingOut]
    reviews_next: str | None = Field(description="Send as `reviews_cursor` for more reviews; null when no more.")
    actions: list[ActionOut]
    actions_next: str | None = Field(description="Send as `actions_cursor` for more actions; null when no more.")


class FlagOut(Schema):
    id: UUID
    child_id: UUID
    reason: str
    flagged_by: str | None = Field(description="Who asked for the child to be discussed")
    flagged_at: dt.datetime = Field(alias="created_at")
    level2_meeting_id: UUID | None = Field(description="The Level 2 meeting whose agenda took it; null while waiting")
    withdrawn_at: dt.datetime | None

    @staticmethod
    def resolve_flagged_by(obj: Any) -> str | None:
        return _name(obj.created_by)


class PathwayOut(Schema):
    child_id: UUID
    ce_status: str
    on_pathway: bool
    history: list[StatusChangeOut]
    meetings: list[MeetingOut]
    actions: list[ActionOut]
    flags: list[FlagOut]


class SharedOut(Schema):
    agency: str
    text: str


class FamilyActionOut(Schema):
    agency: str
    what: str
    due_on: dt.date

    @staticmethod
    def resolve_agency(obj: Any) -> str:
        return str(obj.owner_agency)

    @staticmethod
    def resolve_what(obj: Any) -> str:
        return str(obj.description)


class NamedWorkerOut(Schema):
    title: str
    name: str
    agency: str
    email: str
    phone: str


class SupportLinkOut(Schema):
    name: str
    url: str
    phone: str
    what_for: str


class FamilySummaryOut(Schema):
    """Only what is meant for the family (see presenters.FamilySummary): never the meeting's discussion."""

    child_first_name: str
    held_on: dt.date
    status: str
    status_meaning: str
    shared_information: list[SharedOut]
    actions: list[FamilyActionOut]
    next_review_on: dt.date | None
    pathway_ended: bool
    closure_reason: str
    read_out: list[str]
    worker: NamedWorkerOut | None
    support_links: list[SupportLinkOut]

    @staticmethod
    def resolve_shared_information(obj: Any) -> list[dict[str, str]]:
        return [{"agency": agency, "text": text} for agency, text in obj.shared_information]


class Level2Out(Schema):
    id: UUID
    month: dt.date
    scheduled_for: dt.datetime
    venue: str
    location: str
    chair: str
    chair_id: UUID
    member_ids: list[UUID]
    held: bool
    notes: str
    version: int

    @staticmethod
    def resolve_chair(obj: Any) -> str:
        return str(obj.chair)

    @staticmethod
    def resolve_member_ids(obj: Any) -> list[Any]:
        return [member.pk for member in obj.members.all()]

    @staticmethod
    def resolve_held(obj: Any) -> bool:
        return bool(obj.is_held)


class RefreshOut(Level2Out):
    added: int
    removed: int


class HistoryOut(Schema):
    status: str
    previous_status: str
    decided_at: dt.datetime


class AgendaItemOut(Schema):
    id: UUID
    child_id: UUID
    child_name: str
    reason: str
    status: str
    status_when_listed: str
    flagged_by: str | None
    flag_reason: str | None
    status_history: list[HistoryOut] = Field(alias="history")
    days_since_last_review: int | None = Field(alias="days_since_review")
    next_review_on: dt.date | None
    next_review_overdue: bool
    overdue_actions: list[ActionOut]
    new_since_last_level2: list[str] = Field(alias="new_since_last")
    around_the_child: list[str] = Field(description="What later parts of the pathway add: missing episodes, say")
    decisions: str
    actions: list[ActionOut] = Field(alias="level2_actions")
    version: int

    @staticmethod
    def resolve_id(obj: Any) -> Any:
        return obj.item.pk

    @staticmethod
    def resolve_child_id(obj: Any) -> Any:
        return obj.child.pk

    @staticmethod
    def resolve_child_name(obj: Any) -> str:
        return str(obj.child.full_name)

    @staticmethod
    def resolve_reason(obj: Any) -> str:
        return str(obj.item.reason)

    @staticmethod
    def resolve_status(obj: Any) -> str:
        return str(obj.child.ce_status)

    @staticmethod
    def resolve_status_when_listed(obj: Any) -> str:
        return str(obj.item.status_when_listed)

    @staticmethod
    def resolve_decisions(obj: Any) -> str:
        return str(obj.item.decisions)

    @staticmethod
    def resolve_version(obj: Any) -> int:
        return int(obj.item.version)


class AgendaSectionOut(Schema):
    key: str = Field(description="Ask for this section alone with `?section=`")
    title: str
    count: int = Field(description="Items in this section that you may see")


class AgendaOut(Level2Out):
    sections: list[AgendaSectionOut]
    items: list[AgendaItemOut] = Field(description="The page of items asked for (`cursor`, `limit`, `section`)")
    next: str | None = Field(
        alias="next_cursor", description="Send as `cursor` for the next page of items; null when this is the last."
    )
    not_shown: int = Field(alias="hidden", description="Items about children you may not see")
    persons_and_places_of_concern: list[str]


class Level2ItemOut(Schema):
    id: UUID
    child_id: UUID
    decisions: str
    version: int
