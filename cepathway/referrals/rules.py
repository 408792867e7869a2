"""What each role may do with referrals. Which referrals they see is scoping's job."""

from typing import Any

import rules

from cepathway.people.models import Role
from cepathway.people.rules import has_role, is_administrator, is_cerar, is_hub, is_social_worker, may_refer


@rules.predicate
def is_allocated_worker_of_open_child(user: Any, child: Any) -> bool:
    return bool(child is not None and child.open_to_childrens_services and child.allocated_social_worker_id == user.pk)


# The assessment, rationale and checklist detail are for the professionals working the case,
# not for every referrer: a school sees its own submission and the outcome.
sees_triage_detail = has_role(
    Role.CERAR_LEAD,
    Role.TEAM_MANAGER,
    Role.HUB_PRACTITIONER,
    Role.ADMINISTRATOR,
    Role.SOCIAL_WORKER,
    Role.LEAD_PROFESSIONAL,
)

rules.add_perm("referrals.submit_contact", may_refer)
rules.add_perm("referrals.view_referral", rules.is_authenticated)
rules.add_perm("referrals.view_triage_detail", sees_triage_detail)
rules.add_perm("referrals.list_referrals", rules.is_authenticated)
rules.add_perm("referrals.record_hub_assessment", is_hub | is_cerar)
rules.add_perm("referrals.request_consultation", is_social_worker & is_allocated_worker_of_open_child)
rules.add_perm("referrals.record_consultation", is_cerar)
rules.add_perm("referrals.decide", is_cerar)
rules.add_perm("referrals.edit_checklist", is_administrator)
