from django.urls import path

from .views import at_meeting, before_meeting, booking, level2, safety_plan

app_name = "meetings"

urlpatterns = [
    path("", booking.meeting_list, name="list"),
    path("overdue", safety_plan.overdue, name="overdue"),
    path("children/<uuid:child_id>/", booking.child_pathway, name="child"),
    path("children/<uuid:child_id>/level1", booking.schedule_level1, name="schedule-level1"),
    path("children/<uuid:child_id>/held", booking.record_held, name="record-held"),
    path("children/<uuid:child_id>/level2-flag", level2.flag_for_level2, name="flag-level2"),
    path("<uuid:meeting_id>/", at_meeting.meeting_detail, name="detail"),
    path("<uuid:meeting_id>/details", booking.meeting_details, name="details"),
    path("<uuid:meeting_id>/cancel", booking.cancel_meeting, name="cancel"),
    path("<uuid:meeting_id>/invite", booking.invite, name="invite"),
    path("<uuid:meeting_id>/views/new", before_meeting.record_voice, name="record-views"),
    path("<uuid:meeting_id>/calls/new", before_meeting.log_call, name="log-call"),
    path("<uuid:meeting_id>/attendance", at_meeting.attendance, name="attendance"),
    path("<uuid:meeting_id>/contributions/new", at_meeting.add_contribution, name="add-contribution"),
    path("<uuid:meeting_id>/discussion", at_meeting.discussion, name="discussion"),
    path("<uuid:meeting_id>/outcome", at_meeting.outcome, name="outcome"),
    path("<uuid:meeting_id>/actions/new", safety_plan.add_action, name="add-action"),
    path("<uuid:meeting_id>/minutes", at_meeting.minutes, name="minutes"),
    path("<uuid:meeting_id>/family-summary", at_meeting.family_summary, name="family-summary"),
    path("invitations/<uuid:invitation_id>/withdraw", booking.withdraw_invitation, name="withdraw-invitation"),
    path("calls/<uuid:call_id>/", before_meeting.arrange_call, name="arrange-call"),
    path("actions/<uuid:action_id>/", safety_plan.action_detail, name="action"),
    path("actions/<uuid:action_id>/progress", safety_plan.action_progress, name="action-progress"),
    path("level2/", level2.level2_list, name="level2-list"),
    path("level2/new", level2.level2_new, name="level2-new"),
    path("level2/<int:year>-<int:month>/", level2.level2_detail, name="level2"),
    path("level2/<int:year>-<int:month>/refresh", level2.level2_refresh, name="level2-refresh"),
    path("level2/<int:year>-<int:month>/held", level2.level2_held, name="level2-held"),
    path("level2/<int:year>-<int:month>/details", level2.level2_details, name="level2-details"),
    path("level2/items/<uuid:item_id>/", level2.level2_item, name="level2-item"),
    path("level2/items/<uuid:item_id>/decisions", level2.level2_decisions, name="level2-decisions"),
    path("level2/items/<uuid:item_id>/actions/new", level2.level2_item_action, name="level2-item-action"),
]
