"""Fictional demo records for `make run` (called from demo_setup; safe to run again).

Four demo children get missing histories, so each role sees something by clicking:
- one meets the trigger (three episodes in the last weeks): CERAR's "Children to consider";
- one has a return home interview overdue: the social worker's, lead professional's and team
  manager's "Return home interviews overdue", and the managers' list;
- one has a completed interview that mentions exploitation: CERAR is prompted too;
- one is missing now (recorded by the police), its return still to record.
Written directly (no notifications or emails): every name and place is made up."""

from datetime import timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone

from cepathway.children.models import Child, IdentityStatus, InvolvementKind
from cepathway.children.services import involve

from .models import EpisodeKind, InterviewState, MissingEpisode, MissingFrom, ReturnInterview, RiskGrading

CHARITY = "Fictional Runaway Helpline Service"


def _children_for(partnership: Any, users: dict[str, Any]) -> list[Child]:
    rows = Child.objects.filter(
        partnership=partnership, fictional=True, merged_into__isnull=True, identity_status=IdentityStatus.CONFIRMED
    )
    worked = [
        child
        for child in rows.order_by("last_name", "first_name", "pk")
        if child.allocated_social_worker_id or child.lead_professional_id
    ]
    others = [child for child in rows.order_by("last_name", "first_name", "pk") if child not in worked]
    return (worked + others)[:4]


def _episode(child: Child, by: Any, *, days_ago: float, hours: float | None, **values: Any) -> MissingEpisode:
    now = timezone.now()
    started = now - timedelta(days=days_ago)
    episode = MissingEpisode(
        child=child,
        kind=values.pop("kind", EpisodeKind.MISSING),
        missing_from=values.pop("missing_from", MissingFrom.HOME),
        started_at=started,
        returned_at=started + timedelta(hours=hours) if hours is not None else None,
        reported_to_police=values.pop("reported_to_police", True),
        risk_grading=values.pop("risk_grading", RiskGrading.MEDIUM),
        police_reference=values.pop("police_reference", f"DEMO-{int(days_ago * 10):04d}"),
        **values,
    )
    episode.save_tracked(by)
    return episode


def _interview(episode: MissingEpisode, by: Any, **values: Any) -> ReturnInterview:
    assert episode.returned_at is not None
    interview = ReturnInterview(
        episode=episode, child=episode.child, due_by=episode.returned_at + timedelta(hours=72), **values
    )
    if interview.mentions_exploitation:
        interview.exploitation_noted_at = interview.completed_at or timezone.now()
    interview.save_tracked(by)
    return interview


def add_demo(partnership: Any, users: dict[str, Any]) -> None:
    """Add this app's fictional records to the demo partnership, once."""
    if MissingEpisode.objects.filter(child__partnership=partnership).exists():
        return
    chosen = _children_for(partnership, users)
    if not chosen:
        return
    police, worker, hub = users["police"], users["socialworker"], users["hub"]
    with transaction.atomic():
        # 1. The trigger met: three episodes in the last five weeks, all returned, interviews done.
        first = chosen[0]
        for days_ago, where in (
            (34, "A friend's flat in the town centre"),
            (20, "Railway station"),
            (6, "Bus shelter near home"),
        ):
            episode = _episode(first, police, days_ago=days_ago, hours=14, where_found=f"Fictional: {where}")
            _interview(
                episode,
                hub,
                state=InterviewState.COMPLETED,
                interviewer_name="Fictional Interviewer",
                interviewer_organisation=CHARITY,
                offered_at=episode.returned_at + timedelta(hours=20),  # type: ignore[operator]
                completed_at=episode.returned_at + timedelta(hours=40),  # type: ignore[operator]
                child_said="Fictional: stayed with friends; did not want to say more.",
            )
        if len(chosen) > 1:
            # 2. An interview overdue: returned four days ago, offered, not done.
            second = chosen[1]
            episode = _episode(
                second,
                worker,
                days_ago=4.5,
                hours=10,
                missing_from=MissingFrom.CARE,
                where_found="Fictional: a park two miles from the placement",
                reported_by_name="Fictional Carer",
                reported_by_organisation="Fictional Children's Home",
            )
            _interview(
                episode,
                worker,
                state=InterviewState.OFFERED,
                interviewer_name="Fictional Interviewer",
                interviewer_organisation=CHARITY,
                offered_at=episode.returned_at + timedelta(hours=30),  # type: ignore[operator]
            )
        if len(chosen) > 2:
            # 3. A completed interview that mentions exploitation.
            third = chosen[2]
            episode = _episode(
                third,
                police,
                days_ago=12,
                hours=30,
                kind=EpisodeKind.MISSING,
                missing_from=MissingFrom.SCHOOL,
                risk_grading=RiskGrading.HIGH,
                where_found="Fictional: found in another town, with older teenagers",
            )
            _interview(
                episode,
                hub,
                state=InterviewState.COMPLETED,
                interviewer_name="Fictional Interviewer",
                interviewer_organisation=CHARITY,
                offered_at=episode.returned_at + timedelta(hours=12),  # type: ignore[operator]
                completed_at=episode.returned_at + timedelta(hours=36),  # type: ignore[operator]
                child_said="Fictional: was given a train ticket and asked to carry a bag; was promised money.",
                mentions_exploitation=True,
            )
        if len(chosen) > 3:
            # 4. Missing now, reported by the police six hours ago.
            # The officer dealing with the report works with the child, so sees their record.
            reason = "Demo: the officer dealing with the missing report"
            involve(chosen[3], police, InvolvementKind.NAMED, by=users["manager"], reason=reason)
            _episode(chosen[3], police, days_ago=0.25, hours=None, risk_grading=RiskGrading.HIGH)
