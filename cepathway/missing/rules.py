"""Who may do what with missing episodes, return home interviews and trigger prompts.

Which children a person sees is scoping's job (every page and operation finds the child through
`visible_to` first: out of scope is a 404); these say what a role may do with a child it sees.
Decided by need to know (docs/missing.md "Who sees and records what"):

- The missing history (episodes, where the child was found, the police reference and grading,
  the interviews and what the child said) is read by those who act on it: CERAR, team managers,
  the safeguarding hub, social workers and lead professionals (Early Help or METCO), police
  officers and police intelligence officers, and the person conducting the child's interview.
  Schools and other partner professionals, Level 2 panel members, administrators and auditors do
  not read it: partners hear what they need at the child's meetings, the Level 2 panel sees the
  counts on the child's agenda item, the auditor reads the audit log.
- Episodes (and returns) are recorded by those who receive or act on missing reports: CERAR,
  team managers, the hub, social workers, lead professionals and police officers.
- Interviews are recorded by whoever arranges them (CERAR, team managers, the hub, social workers,
  lead professionals) or conducts them (the interviewer, when they have an account). Not the
  police: a return home interview is independent of the police's own safe and well check.
- Only CERAR answers a trigger prompt (checklist started, or no further action with a reason).
- The partnership's list of return home interviews is for CERAR and team managers.
"""

from typing import Any

import rules

from cepathway.people.models import Role
from cepathway.people.rules import has_role, is_cerar, is_team_manager

VIEW = "missing.view_missing"
RECORD_EPISODE = "missing.record_episode"
RECORD_INTERVIEW = "missing.record_interview"
CONSIDER = "missing.consider_trigger"
VIEW_LIST = "missing.view_interview_list"

VIEW_ROLES = (
    Role.CERAR_LEAD,
    Role.TEAM_MANAGER,
    Role.HUB_PRACTITIONER,
    Role.SOCIAL_WORKER,
    Role.LEAD_PROFESSIONAL,
    Role.POLICE_OFFICER,
    Role.INTELLIGENCE_OFFICER,
)
EPISODE_ROLES = (
    Role.CERAR_LEAD,
    Role.TEAM_MANAGER,
    Role.HUB_PRACTITIONER,
    Role.SOCIAL_WORKER,
    Role.LEAD_PROFESSIONAL,
    Role.POLICE_OFFICER,
)
INTERVIEW_ROLES = (
    Role.CERAR_LEAD,
    Role.TEAM_MANAGER,
    Role.HUB_PRACTITIONER,
    Role.SOCIAL_WORKER,
    Role.LEAD_PROFESSIONAL,
)

may_view_role = has_role(*VIEW_ROLES)
may_record_episode_role = has_role(*EPISODE_ROLES)
may_arrange_interview_role = has_role(*INTERVIEW_ROLES)


def _child_id(record: Any) -> Any:
    if record is None:
        return None
    if getattr(record, "audit_is_child", False):
        return record.pk
    return getattr(record, "child_id", None)


@rules.predicate
def interviews_child(user: Any, record: Any) -> bool:
    """The user conducts a return home interview of the child (of the record, or the child itself)."""
    from .models import ReturnInterview

    child_id = _child_id(record)
    if child_id is None or not getattr(user, "is_authenticated", False):
        return False
    return ReturnInterview.objects.filter(child_id=child_id, interviewer_id=user.pk).exists()


@rules.predicate
def conducts(user: Any, interview: Any) -> bool:
    """The user is this interview's interviewer."""
    return bool(interview is not None and getattr(interview, "interviewer_id", None) == user.pk)


rules.add_perm(VIEW, may_view_role | interviews_child)
rules.add_perm(RECORD_EPISODE, may_record_episode_role)
rules.add_perm(RECORD_INTERVIEW, may_arrange_interview_role | conducts)
rules.add_perm(CONSIDER, is_cerar)
rules.add_perm(VIEW_LIST, is_cerar | is_team_manager)
