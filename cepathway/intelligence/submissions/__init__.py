"""Submissions: the multi-agency information submission form and triage (3x5x2 grading)."""
