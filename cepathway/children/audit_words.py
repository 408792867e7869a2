"""How the audit log names a child ("Kayden T."), finds one by name or referral reference, and
calls the children app's records (registered with cepathway.core.audit_words in ChildrenConfig)."""

from typing import Any

from cepathway.core import audit_words
from cepathway.core.scoping import visible_to

from . import search
from .models import Child


def names(user: Any, ids: set[Any]) -> dict[Any, str]:
    """{child id: "Kayden T."} for the children among `ids` that `user` may see."""
    rows = visible_to(user, Child).filter(pk__in=ids).values_list("pk", "first_name", "last_name")
    return {pk: audit_words.initial_style(first, last) for pk, first, last in rows}


def find(user: Any, text: str) -> list[Any]:
    """The ids of the children `user` may see whose name, other name or referral reference is `text`."""
    return list(search.search(visible_to(user, Child), text, user=user).values_list("pk", flat=True))


def register() -> None:
    audit_words.register_nouns(
        {"children.Child": ("child's record", "children"), "children.Involvement": "record of involvement"},
        fields={
            "children.Child": {
                "open_to_childrens_services": "open to children's services",
                "send": "SEND",
                "uasc": "UASC",
                "identity_status": "identity check",
                "merged_into": "record it was merged into",
            },
            "children.Involvement": {"ended_at": "end"},
        },
    )
    audit_words.register_child_names(names)
    audit_words.register_child_finder(find)
