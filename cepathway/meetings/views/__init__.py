"""Pages for meetings, safety plans and Level 2, one module a job (booking, before the meeting, at
the meeting, the safety plan, Level 2). Each view reaches its record through `access` (scope and
permission in one call), lets the form call the service (`cepathway.core.pages`), and redirects."""
