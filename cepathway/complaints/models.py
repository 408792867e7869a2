"""Concerns and complaints about a meeting or a plan, from informal resolution to the complaints service."""
