"""Family letters: the invitation to send views before a meeting and the outcome summary after it,
printable as a page and downloadable as a tagged PDF. They read the meeting and the policy and keep
no records of their own; making one is audited as a view of the child's record."""
