"""The nrm API (mounted at /api/nrm)."""

from ninja import Router

router = Router(tags=["nrm"])
