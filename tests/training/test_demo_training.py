"""After `manage.py demo_setup`, each role sees training and champions by clicking."""

import html

import pytest
from django.core.management import call_command
from django.urls import reverse

from cepathway.meetings.models import Invitation, MeetingKind
from cepathway.people.models import User
from cepathway.training.models import ChampionAppointment, TrainingRecord

pytestmark = pytest.mark.django_db


def test_the_demo_shows_training_champions_and_a_lapsed_invitee(client_for):
    call_command("demo_setup", children=3, verbosity=0)
    call_command("demo_setup", children=3, verbosity=0)  # again, as `make run` does: nothing doubled
    assert TrainingRecord.objects.filter(person__username="police").count() == 1
    assert ChampionAppointment.objects.filter(fictional=True).count() == 2

    admin = User.objects.get(username="admin")
    page = html.unescape(client_for(admin).get(reverse("training:overview")).content.decode())
    assert "Constabulary (fictional)" in page and "Fellside Academy (fictional)" in page

    school = User.objects.get(username="school")
    champions = html.unescape(client_for(school).get(reverse("training:champions")).content.decode())
    assert school.display_name in champions and User.objects.get(username="intelligence").display_name in champions

    invited = Invitation.objects.filter(user__username="police", meeting__kind=MeetingKind.LEVEL1).first()
    assert invited is not None
    meeting_page = client_for(invited.meeting.chair).get(reverse("meetings:detail", args=[invited.meeting_id]))
    assert "Level 1 CE training lapsed on" in meeting_page.content.decode()
