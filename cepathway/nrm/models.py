"""NRM referrals for children where trafficking or modern slavery is suspected, and their decisions."""
