"""One way to reach a complaint, for pages and the API alike: the child's scope (else an audited 404),
then whether the person may read or handle it (else 403), in one call."""

from typing import Any

from cepathway.children import access as children_access
from cepathway.children.models import Child
from cepathway.core.scoping import get_visible_or_404, visible_to

from .models import Complaint

VIEW = "complaints.view_complaint"
HANDLE = "complaints.handle_complaint"
RELATED = ("child", "meeting", "meeting__chair", "handler", "created_by")


def child_for(user: Any, child_id: Any, permission: str = "complaints.view_complaints") -> Child:
    return children_access.child_for(user, child_id, permission)


def known_to(user: Any) -> Any:
    """Every complaint `user` may read: those about children they see, narrowed by need-to-know."""
    return Complaint.objects.visible_to(user).known_to(user)


def complaint_for(user: Any, pk: Any, permission: str = VIEW) -> Complaint:
    rows = visible_to(user, Complaint).select_related(*RELATED)
    return get_visible_or_404(user, Complaint, rows, permission=permission, pk=pk)
