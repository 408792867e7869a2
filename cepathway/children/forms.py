"""Forms about a child's record, shared by the pages and the API (which validates its payloads with them)."""

from typing import Any

from django import forms
from django.db import transaction

from cepathway.people.models import Role, User
from cepathway.people.pickers import PersonField
from cepathway.ui.forms import govuk_required_messages

from . import services
from .models import Child, Involvement


class AllocationForm(forms.ModelForm):
    """Who works with the child: open to children's services, the allocated social worker and the
    lead professional (people of the child's partnership only), and the school."""

    version = forms.IntegerField(widget=forms.HiddenInput)
    allocated_social_worker = PersonField(
        queryset=User.objects.none(), label="Allocated social worker", required=False, empty_label="No one"
    )
    lead_professional = PersonField(
        queryset=User.objects.none(), label="Lead professional", required=False, empty_label="No one"
    )

    class Meta:
        model = Child
        fields = ["open_to_childrens_services", "allocated_social_worker", "lead_professional", "school"]
        labels = {"open_to_childrens_services": "Open to children's services"}

    def __init__(self, *args: Any, partnership: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        working = working_with(self.instance) if self.instance.pk else set()
        for name, roles in (
            ("allocated_social_worker", [Role.SOCIAL_WORKER]),
            ("lead_professional", [Role.LEAD_PROFESSIONAL, Role.SOCIAL_WORKER]),
        ):
            picker: Any = self.fields[name]
            picker.choose_among(partnership.pk, roles, connected=working)
        govuk_required_messages(self)

    @transaction.atomic
    def submit(self, child: Child, *, by: Any) -> Child:
        """Save the allocation against the version the person opened (StaleRecordError if someone saved since)."""
        return services.allocate(self.save(commit=False), self.changed_data, self.cleaned_data["version"], by=by)


def working_with(child: Child) -> set[Any]:
    """The people working with the child now, whom the allocation offers without a search."""
    return set(Involvement.objects.active().filter(child=child).values_list("user_id", flat=True))
