"""Forms about a child's record, shared by the pages and the API (which validates its payloads with them)."""

from typing import Any, cast

from django import forms
from django.db import transaction

from cepathway.people.models import Role, User
from cepathway.ui.forms import govuk_required_messages

from . import services
from .models import Child


class AllocationForm(forms.ModelForm):
    """Who works with the child: open to children's services, the allocated social worker and the
    lead professional (people of the child's partnership only), and the school."""

    version = forms.IntegerField(widget=forms.HiddenInput)

    class Meta:
        model = Child
        fields = ["open_to_childrens_services", "allocated_social_worker", "lead_professional", "school"]
        labels = {"open_to_childrens_services": "Open to children's services"}

    def __init__(self, *args: Any, partnership: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        worker = cast(forms.ModelChoiceField, self.fields["allocated_social_worker"])
        lead = cast(forms.ModelChoiceField, self.fields["lead_professional"])
        staff = User.objects.filter(agency__partnership=partnership, is_active=True)
        worker.queryset = staff.filter(role=Role.SOCIAL_WORKER)
        lead.queryset = staff.filter(role__in=[Role.LEAD_PROFESSIONAL, Role.SOCIAL_WORKER])
        govuk_required_messages(self)

    @transaction.atomic
    def submit(self, child: Child, *, by: Any) -> Child:
        """Save the allocation against the version the person opened (StaleRecordError if someone saved since)."""
        return services.allocate(self.save(commit=False), self.changed_data, self.cleaned_data["version"], by=by)
