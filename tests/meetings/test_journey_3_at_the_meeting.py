"""Step 3: at the meeting CERAR records attendance and apologies, what each agency contributes
(and what of the police information may be shared with the family), and the discussion in a
strengths-based form with a 0-10 scale. Several people edit the record: a clash is detected,
the second person is told, and nothing is overwritten."""

from django.urls import reverse

from cepathway.meetings.models import Attendance, Contribution, Invitation, Meeting
from cepathway.people.models import AgencyKind, Role

DISCUSSION = {
    "vulnerabilities": "Missing from school; older friends.",
    "harm": "Found with unexplained cash.",
    "strengths": "Loves football.",
    "family_responses": "Parents call the school every day.",
    "needs_to_happen": "A trusted adult at school.",
    "scale": "4",
}


def test_the_meeting_is_recorded_through_the_pages(world, clock, client_for, pathway):
    meeting = pathway.level1()
    cerar = client_for(pathway.cerar)
    invitations = {inv.user.role: inv for inv in Invitation.objects.filter(meeting=meeting).select_related("user")}
    police_inv, school_inv = invitations[Role.POLICE_OFFICER], invitations[Role.PARTNER_PROFESSIONAL]
    attendance_url = reverse("meetings:attendance", args=[meeting.pk])

    early = cerar.post(
        attendance_url,
        {
            "version": meeting.version,
            f"attendance_{police_inv.pk}": "attended",
            f"attendance_{school_inv.pk}": "attended",
        },
    )
    assert "on the day of the meeting" in early.content.decode()

    meeting = pathway.hold(meeting)
    cerar = client_for(pathway.cerar)  # a new sign-in: a week has passed
    assert cerar.get(attendance_url).status_code == 200
    saved = cerar.post(
        attendance_url,
        {
            "version": meeting.version,
            f"attendance_{police_inv.pk}": Attendance.ATTENDED,
            f"attendance_{school_inv.pk}": Attendance.APOLOGIES,
            f"note_{school_inv.pk}": "Exam invigilation",
        },
    )
    assert saved.status_code == 302
    school_inv.refresh_from_db()
    police_inv.refresh_from_db()
    assert (police_inv.attendance, school_inv.attendance, school_inv.apology_note) == (
        Attendance.ATTENDED,
        Attendance.APOLOGIES,
        "Exam invigilation",
    )

    police_agency = world.agencies[AgencyKind.POLICE]
    contribution_url = reverse("meetings:add-contribution", args=[meeting.pk])
    missing_reason = cerar.post(
        contribution_url,
        {
            "agency": str(police_agency.pk),
            "information": "Seen with adult X near the station.",
            "shareable_with_family": "",
        },
    )
    assert "Say why some of the information may not be shared" in missing_reason.content.decode()
    assert not Contribution.objects.filter(meeting=meeting).exists()
    added = cerar.post(
        contribution_url,
        {
            "agency": str(police_agency.pk),
            "information": "Seen with adult X near the station.",
            "shareable_with_family": "Police are worried about an adult the child meets near the station.",
            "not_shareable_reason": "Naming the adult would prejudice an investigation.",
        },
    )
    assert added.status_code == 302

    meeting.refresh_from_db()
    discussion_url = reverse("meetings:discussion", args=[meeting.pk])
    assert cerar.post(discussion_url, {**DISCUSSION, "scale": "11", "version": meeting.version}).status_code == 200
    assert cerar.post(discussion_url, {**DISCUSSION, "version": meeting.version}).status_code == 302
    meeting.refresh_from_db()
    assert (meeting.strengths, meeting.scale) == ("Loves football.", 4)

    detail = cerar.get(reverse("meetings:detail", args=[meeting.pk])).content.decode()
    for text in ("Sent apologies: Exam invigilation", "Seen with adult X", "Loves football.", "Naming the adult"):
        assert text in detail


def test_a_concurrent_edit_is_detected_and_nothing_is_overwritten(world, clock, client_for, pathway):
    meeting = pathway.hold(pathway.level1())
    url = reverse("meetings:discussion", args=[meeting.pk])
    opened_version = meeting.version
    first = client_for(pathway.cerar)
    second = client_for(pathway.cerar)
    assert first.post(url, {**DISCUSSION, "version": opened_version}).status_code == 302

    clash = second.post(url, {**DISCUSSION, "strengths": "Second person's words.", "version": opened_version})
    page = clash.content.decode()
    assert clash.status_code == 200
    assert "Someone else saved this record since you opened it" in page
    assert "What is saved now" in page and "Loves football." in page
    meeting.refresh_from_db()
    assert meeting.strengths == "Loves football."
    assert meeting.version == opened_version + 1


def test_the_meeting_is_recorded_through_the_api(world, clock, api_client_for, pathway):
    meeting = pathway.hold(pathway.level1())
    api = api_client_for(pathway.cerar)
    invitation = Invitation.objects.filter(meeting=meeting).first()
    recorded = api.put(
        f"/api/meetings/{meeting.pk}/attendance",
        {"version": meeting.version, "entries": [{"invitation_id": str(invitation.pk), "attendance": "absent"}]},
        content_type="application/json",
    )
    assert recorded.status_code == 200
    assert {row["attendance"] for row in recorded.json() if row["id"] == str(invitation.pk)} == {"absent"}

    contributed = api.post(
        f"/api/meetings/{meeting.pk}/contributions",
        {
            "agency_id": str(world.agencies[AgencyKind.SCHOOL].pk),
            "information": "Attendance 60%.",
            "shareable_with_family": "Attendance 60%.",
        },  # fmt: skip
        content_type="application/json",
    )
    assert contributed.status_code == 201

    version = Meeting.objects.get(pk=meeting.pk).version
    body = {**DISCUSSION, "scale": 3, "version": version}
    assert api.put(f"/api/meetings/{meeting.pk}/discussion", body, content_type="application/json").status_code == 200
    stale = api.put(
        f"/api/meetings/{meeting.pk}/discussion", {**body, "strengths": "Overwrite?"}, content_type="application/json"
    )
    assert stale.status_code == 409
    meeting.refresh_from_db()
    assert (meeting.strengths, meeting.scale) == ("Loves football.", 3)

    out_of_range = api.put(
        f"/api/meetings/{meeting.pk}/discussion", {**body, "scale": 12, "version": meeting.version},
        content_type="application/json",
    )  # fmt: skip
    assert out_of_range.status_code == 422
    detail = api.get(f"/api/meetings/{meeting.pk}").json()
    assert detail["discussion"]["scale"] == 3 and detail["contributions"][0]["information"] == "Attendance 60%."
