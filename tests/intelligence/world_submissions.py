"""Submissions in the shared test world: in each partnership one submission waiting to be graded,
`world.submission[partnership.pk]`. At home it was sent by the police officer (the one principal of
their role, so the matrix can say "the submitter, and the handlers"); elsewhere by its CERAR lead.
It names world.child as a subject by name only (not linked), so nobody's scope of children changes.
"""

from django.utils import timezone

from cepathway.intelligence.models import SubjectKind, Submission, SubmissionSubject
from cepathway.people.models import Role
from tests.factories import World, world_builder


def make_submission(user, **values) -> Submission:  # type: ignore[no-untyped-def]
    submission = Submission(
        partnership_id=user.partnership_id,
        submitted_by=user,
        submitter_agency=user.agency,
        submitter_name=user.display_name,
        submitter_phone="01632 960123",
        submitter_email=user.email or "fictional.submitter@example.org",
        information=values.pop("information", "Fictional: a grey car collects children from the park after school."),
        how_known=values.pop("how_known", "Fictional: seen by the submitter on three Fridays."),
        submitted_at=timezone.now(),
        **values,
    )
    submission.save_tracked(user)
    SubmissionSubject(
        submission=submission, kind=SubjectKind.PERSON_OF_CONCERN, first_name="Fictional", last_name="Driver"
    ).save_tracked(user)
    return submission


@world_builder
def add_submissions(world: World) -> None:
    world.submission = {  # type: ignore[attr-defined]
        world.home.pk: make_submission(world.users[Role.POLICE_OFFICER]),
        world.elsewhere.pk: make_submission(world.elsewhere_lead),
    }
