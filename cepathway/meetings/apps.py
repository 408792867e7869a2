from datetime import time

from django.apps import AppConfig


class MeetingsConfig(AppConfig):
    name = "cepathway.meetings"
    label = "meetings"
    verbose_name = "Meetings, CE status and Level 2"

    def ready(self) -> None:
        from cepathway.children import chronology, summary
        from cepathway.core import schedule
        from cepathway.core import work as core_work
        from cepathway.referrals import progress
        from cepathway.ui import navigation

        from . import (
            audit_words,
            child_summary,
            panels,
            pathway,
            rules,  # noqa: F401  (registers the permissions)
        )
        from . import chronology as meetings_chronology

        for panel in (
            panels.children_waiting_for_level1,
            panels.overdue_for_managers,
            panels.my_actions,
            panels.meetings_i_chair,
            panels.meetings_im_invited_to,
            panels.level2_meetings_i_sit_on,
        ):
            core_work.register(panel)
        chronology.register(meetings_chronology.chronology_entries)
        progress.register(pathway.referral_progress)
        audit_words.register()
        summary.register(child_summary.child_summary)
        navigation.register(
            "Meetings", "meetings:list", allowed=lambda user: user.has_perm("meetings.view_meeting"), order=40
        )
        navigation.register(
            "Level 2", "meetings:level2-list", allowed=lambda user: user.has_perm("meetings.view_level2"), order=45
        )
        schedule.register(
            schedule.Job(
                "daily-reminders",
                "cepathway.meetings.reminders.send_daily_reminders",
                at=time(7, 0),
                description="Emails each chair and action owner what is due within the reminder window or overdue.",
            )
        )
        schedule.register(
            schedule.Job(
                "level2-meetings",
                "cepathway.meetings.level2.monthly.create_level2_meetings",
                at=time(5, 5),
                description="Creates the month's Level 2 meeting and agenda for each partnership that has none.",
            )
        )
