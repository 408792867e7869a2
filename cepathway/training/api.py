"""The training API (mounted at /api/training)."""

from ninja import Router

router = Router(tags=["training"])
