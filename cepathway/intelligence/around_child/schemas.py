"""The API's shapes of what this part shows: Level 2's persons and places of concern, what may be
shared with a child's family, and a person's intelligence alerts."""

import datetime as dt
from typing import Any
from uuid import UUID

from ninja import Field, Schema


class ConcernChildOut(Schema):
    id: UUID = Field(alias="child.pk")
    name: str = Field(alias="child.full_name")
    level2_item_id: UUID = Field(alias="pk")


class IntelligenceOut(Schema):
    id: UUID = Field(alias="submission.pk")
    grading: str
    graded_at: dt.datetime | None = Field(alias="submission.graded_at")
    text: str = Field(description="The sanitised text, or the original where you may read it in full")
    in_full: bool


class DisruptionOut(Schema):
    id: UUID
    tactic: str
    by_whom: str
    started_on: dt.date
    review_on: dt.date | None
    outcome: str

    @staticmethod
    def resolve_tactic(disruption: Any) -> str:
        return str(disruption.tactic)


class ConcernActionOut(Schema):
    id: UUID
    description: str
    owner: str
    due_on: dt.date

    @staticmethod
    def resolve_owner(action: Any) -> str:
        return str(action.owner)


class ConcernOut(Schema):
    id: UUID = Field(alias="record.pk")
    name: str = Field(alias="label")
    status: str = Field(alias="record.status")
    description: str = Field(alias="record.description")
    children: list[ConcernChildOut]
    intelligence: list[IntelligenceOut]
    disruptions: list[DisruptionOut]
    actions: list[ConcernActionOut]


class SharingOut(Schema):
    id: UUID
    child_id: UUID
    what: str
    with_whom: str
    why: str
    handling_conditions: str
    decided_by: str
    decided_on: dt.date
    withdrawn_at: dt.datetime | None
    version: int

    @staticmethod
    def resolve_decided_by(decision: Any) -> str:
        return str(decision.decided_by)


class AlertOut(Schema):
    id: UUID
    child_id: UUID
    initials: str = Field(alias="child.initials")
    sent_at: dt.datetime
    message: str
    link: str = Field(description="The child's record, within the service")

    @staticmethod
    def resolve_message(alert: Any) -> str:
        from .alerts import message_for

        return message_for(alert.child)

    @staticmethod
    def resolve_link(alert: Any) -> str:
        from django.urls import reverse

        return reverse("children:detail", args=[alert.child_id])
