"""Single-use links for the family's views, the guide for parents and carers, and family letters."""
