"""The intelligence pages, one part a module group (submissions, registers, around the child)."""

from .around_child.urls import urlpatterns as around_child
from .registers.urls import urlpatterns as registers
from .submissions.urls import urlpatterns as submissions

app_name = "intelligence"

urlpatterns = [*submissions, *registers, *around_child]
