"""The intelligence API, assembled from each part's router (mounted at /api/intelligence)."""

from ninja import Router

from .around_child.api import router as around_child
from .registers.api import router as registers
from .submissions.api import router as submissions

router = Router(tags=["intelligence"])
router.add_router("", submissions)
router.add_router("", registers)
router.add_router("", around_child)
