from django.urls import path

from . import views

urlpatterns = [
    path("letters/<uuid:meeting_id>/invitation/", views.invitation_letter, name="invitation-letter"),
    path("letters/<uuid:meeting_id>/outcome/", views.outcome_letter, name="outcome-letter"),
    path("letters/<uuid:meeting_id>/outcome.pdf", views.outcome_letter_pdf, name="outcome-letter-pdf"),
]
