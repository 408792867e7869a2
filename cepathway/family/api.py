"""The family API (mounted at /api/family), assembled from each part's router."""

from ninja import Router

from .voice.api import router as voice

router = Router(tags=["family"])
router.add_router("", voice)
