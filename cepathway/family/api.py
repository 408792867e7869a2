"""The family API (mounted at /api/family)."""

from ninja import Router

router = Router(tags=["family"])
