from django.urls import path

from . import views

app_name = "meetings"

urlpatterns = [
    path("", views.meeting_list, name="list"),
    path("overdue", views.overdue, name="overdue"),
    path("children/<uuid:child_id>/", views.child_pathway, name="child"),
    path("children/<uuid:child_id>/level1", views.schedule_level1, name="schedule-level1"),
    path("children/<uuid:child_id>/level2-flag", views.flag_for_level2, name="flag-level2"),
    path("<uuid:meeting_id>/", views.meeting_detail, name="detail"),
    path("<uuid:meeting_id>/details", views.meeting_details, name="details"),
    path("<uuid:meeting_id>/cancel", views.cancel_meeting, name="cancel"),
    path("<uuid:meeting_id>/invite", views.invite, name="invite"),
    path("<uuid:meeting_id>/views/new", views.record_voice, name="record-views"),
    path("<uuid:meeting_id>/calls/new", views.log_call, name="log-call"),
    path("<uuid:meeting_id>/attendance", views.attendance, name="attendance"),
    path("<uuid:meeting_id>/contributions/new", views.add_contribution, name="add-contribution"),
    path("<uuid:meeting_id>/discussion", views.discussion, name="discussion"),
    path("<uuid:meeting_id>/outcome", views.outcome, name="outcome"),
    path("<uuid:meeting_id>/actions/new", views.add_action, name="add-action"),
    path("<uuid:meeting_id>/minutes", views.minutes, name="minutes"),
    path("<uuid:meeting_id>/family-summary", views.family_summary, name="family-summary"),
    path("invitations/<uuid:invitation_id>/withdraw", views.withdraw_invitation, name="withdraw-invitation"),
    path("calls/<uuid:call_id>/", views.arrange_call, name="arrange-call"),
    path("actions/<uuid:action_id>/", views.action_detail, name="action"),
    path("actions/<uuid:action_id>/progress", views.action_progress, name="action-progress"),
    path("level2/", views.level2_list, name="level2-list"),
    path("level2/new", views.level2_new, name="level2-new"),
    path("level2/<int:year>-<int:month>/", views.level2_detail, name="level2"),
    path("level2/<int:year>-<int:month>/refresh", views.level2_refresh, name="level2-refresh"),
    path("level2/<int:year>-<int:month>/held", views.level2_held, name="level2-held"),
    path("level2/<int:year>-<int:month>/details", views.level2_details, name="level2-details"),
    path("level2/items/<uuid:item_id>/", views.level2_item, name="level2-item"),
    path("level2/items/<uuid:item_id>/decisions", views.level2_decisions, name="level2-decisions"),
    path("level2/items/<uuid:item_id>/actions/new", views.level2_item_action, name="level2-item-action"),
]
