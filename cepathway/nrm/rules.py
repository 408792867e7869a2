"""Who may do what with NRM referrals. Which children's referrals a person reaches is scoping's job
(`NrmReferral.objects.visible_to`: those of the children they may see); these say what they may do.

Need to know (docs/nrm.md "Who sees what"):
- The first responders and those who act on the decisions record and read everything: social
  workers, CERAR leads, Complex Safeguarding team managers, safeguarding hub practitioners and police
  officers (`nrm.record_referral`). Auditors read everything and record nothing (`nrm.view_details`).
- Everyone else who may see the child (lead professionals, partner professionals, Level 2 panel
  members, police intelligence officers involved with the child) sees that a referral exists, when it
  was made and by which organisation, the decisions and their dates, and the guardian to work with
  (`nrm.view_referrals`), not the exploitation suspected, the outcome notes or who made the referral.
- Partnership administrators look after the service, not children: nothing of it.
- The partnership's list of decisions awaited past the expected time is CERAR's and team managers'.
"""

import rules

from cepathway.people.models import Role
from cepathway.people.rules import has_role

RECORDERS = (Role.SOCIAL_WORKER, Role.CERAR_LEAD, Role.TEAM_MANAGER, Role.HUB_PRACTITIONER, Role.POLICE_OFFICER)
may_record = has_role(*RECORDERS)
reads_details = has_role(*RECORDERS, Role.AUDITOR)
sees_referrals = has_role(*(role for role in Role if role != Role.ADMINISTRATOR))
oversees = has_role(Role.CERAR_LEAD, Role.TEAM_MANAGER)

rules.add_perm("nrm.view_referrals", sees_referrals)
rules.add_perm("nrm.view_details", reads_details)
rules.add_perm("nrm.record_referral", may_record)
rules.add_perm("nrm.view_overdue", oversees)
