"""Role predicates for `rules`. What a role may do; which records it sees is scoping's job."""

from typing import Any

import rules

from .models import Role


def has_role(*roles: str) -> Any:
    allowed = frozenset(roles)

    @rules.predicate(name=f"has_role({','.join(sorted(allowed))})")
    def predicate(user: Any) -> bool:
        return bool(getattr(user, "is_authenticated", False) and user.is_active and user.role in allowed)

    return predicate


is_cerar = has_role(Role.CERAR_LEAD)
is_team_manager = has_role(Role.TEAM_MANAGER)
is_hub = has_role(Role.HUB_PRACTITIONER)
is_social_worker = has_role(Role.SOCIAL_WORKER)
is_lead_professional = has_role(Role.LEAD_PROFESSIONAL)
is_administrator = has_role(Role.ADMINISTRATOR)
is_auditor = has_role(Role.AUDITOR)
is_police = has_role(Role.POLICE_OFFICER)
is_level2_member = has_role(Role.LEVEL2_MEMBER)
is_partner = has_role(Role.PARTNER_PROFESSIONAL)

# Anyone working with children may raise a concern through the single contact form.
may_refer = has_role(
    Role.PARTNER_PROFESSIONAL,
    Role.SOCIAL_WORKER,
    Role.LEAD_PROFESSIONAL,
    Role.POLICE_OFFICER,
    Role.INTELLIGENCE_OFFICER,
    Role.HUB_PRACTITIONER,
    Role.CERAR_LEAD,
    Role.TEAM_MANAGER,
)

rules.add_perm("people.issue_api_token", rules.is_authenticated)
rules.add_perm("people.unlock_sign_in", is_administrator)
rules.add_perm("people.reset_password", is_administrator)

# The audit log belongs to core, which knows nothing of roles; the permission is granted here.
rules.add_perm("core.search_audit", is_auditor)
# So is the outbox: the partnership administrator sees email to their people that could not be sent.
rules.add_perm("core.manage_outbox", is_administrator)
