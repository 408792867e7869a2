from django.apps import AppConfig


class ChildrenConfig(AppConfig):
    name = "cepathway.children"
    label = "children"

    def ready(self) -> None:
        from cepathway.core import audit
        from cepathway.ui import navigation

        from . import audit_words
        from .models import Child

        navigation.register("Children", "children:list", order=20)
        audit_words.register()
        # Every child of the partnership, merged records too: the auditor's search is not about
        # what they may see of a child, only about which partnership's log they may read.
        audit.register_children_of_partnership(
            lambda partnership_id: Child.objects.filter(partnership_id=partnership_id).values("pk")
        )
