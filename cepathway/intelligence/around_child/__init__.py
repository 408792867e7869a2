"""Intelligence around the child: Level 2 sections, alerts, what may be shared with the family, demo data."""
