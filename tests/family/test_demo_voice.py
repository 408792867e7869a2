"""The demo's views links: one waiting, one used with its views on the meeting; running the demo
again adds nothing; nothing secret is printed."""

from io import StringIO

from django.core.management import call_command

from cepathway.family.models import ViewsLink, ViewsLinkState
from cepathway.meetings.models import VoiceMethod, VoiceRecord


def test_the_demo_has_a_waiting_and_a_used_link(db):
    out = StringIO()
    call_command("demo_setup", stdout=out)
    states = sorted(ViewsLink.objects.values_list("state", flat=True))
    assert states == [ViewsLinkState.USED, ViewsLinkState.WAITING]
    used = ViewsLink.objects.get(state=ViewsLinkState.USED)
    assert VoiceRecord.objects.get(pk=used.views_id).method == VoiceMethod.ONLINE
    assert "/family/views/" not in out.getvalue()
    call_command("demo_setup", stdout=StringIO())
    assert ViewsLink.objects.count() == 2
