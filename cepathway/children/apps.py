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
        # Which partnership's log an entry by nobody in a partnership (a task, a command) about a
        # child goes in: the child's, merged records too.
        audit.register_partnerships_of_children(
            lambda child_ids: dict(Child.objects.filter(pk__in=child_ids).values_list("pk", "partnership_id"))
        )
