import rules

from cepathway.people.rules import is_auditor

rules.add_perm("core.search_audit", is_auditor)
