"""Submissions in the shared test world: in each partnership one submission waiting to be graded,
`world.submission[partnership.pk]`. At home it was sent by the police officer (the one principal of
their role, so the matrix can say "the submitter, and the handlers"); elsewhere by its CERAR lead.
Each names a person of concern, and a child by the name of the partnership's first child
(`world.named_child[partnership.pk]`, not linked to the child's record, so nobody's scope changes).
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


def name_child(submission: Submission, child, by) -> SubmissionSubject:  # type: ignore[no-untyped-def]
    subject = SubmissionSubject(
        submission=submission, kind=SubjectKind.CHILD, first_name=child.first_name, last_name=child.last_name
    )
    subject.save_tracked(by)
    return subject


@world_builder
def add_submissions(world: World) -> None:
    police = world.users[Role.POLICE_OFFICER]
    world.submission = {  # type: ignore[attr-defined]
        world.home.pk: make_submission(police),
        world.elsewhere.pk: make_submission(world.elsewhere_lead),
    }
    world.named_child = {  # type: ignore[attr-defined]
        world.home.pk: name_child(world.submission[world.home.pk], world.child, police),
        world.elsewhere.pk: name_child(world.submission[world.elsewhere.pk], world.foreign_child, world.elsewhere_lead),
    }
