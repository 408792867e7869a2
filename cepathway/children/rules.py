import rules

from cepathway.people.models import Role
from cepathway.people.rules import has_role

rules.add_perm("children.view_child", rules.is_authenticated)
rules.add_perm(
    "children.edit_child", has_role(Role.CERAR_LEAD, Role.TEAM_MANAGER, Role.HUB_PRACTITIONER, Role.ADMINISTRATOR)
)
