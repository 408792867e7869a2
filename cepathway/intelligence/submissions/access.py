"""Finding one submission for a person: out of their scope is an audited 404, whatever they ask.

Partners reach only what they submitted; handlers their partnership's submissions, except
handling-C material whose conditions do not name them (Submission.objects.visible_to). The grading
page is the handlers' only: anyone else gets the same audited 404, so a partner never learns
whether a submission is waiting or graded.
"""

from typing import Any
from uuid import UUID

from django.http import Http404

from cepathway.core import audit
from cepathway.core.scoping import get_visible_or_404

from ..models import Submission, SubmissionSubject, is_handler

RELATED = ("submitter_agency", "submitted_by", "handler", "partnership")


def submission_for(user: Any, pk: UUID) -> Submission:
    rows = Submission.objects.visible_to(user).select_related(*RELATED)
    return get_visible_or_404(user, Submission, rows, pk=pk)


def submission_to_grade(user: Any, pk: UUID) -> Submission:
    if not is_handler(user):
        audit.denied(user, Submission, pk, detail="grading is for handlers")
        raise Http404("No submission found.")
    return submission_for(user, pk)


def subject_to_link(user: Any, pk: UUID) -> SubmissionSubject:
    """A person named in a submission, for a handler to link to a record (anyone else: audited 404)."""
    if not is_handler(user):
        audit.denied(user, SubmissionSubject, pk, detail="linking is for handlers")
        raise Http404("No such person named in a submission.")
    rows = SubmissionSubject.objects.visible_to(user).select_related("submission", "child")
    return get_visible_or_404(user, SubmissionSubject, rows, pk=pk)
