"""The missing API (mounted at /api/missing)."""

from ninja import Router

router = Router(tags=["missing"])
