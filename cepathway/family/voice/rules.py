"""Who may ask a family for their views through a link, withdraw a link, and see a meeting's links.

Issuing a link lets someone outside the service put words on a child's meeting, so it is for the
people who know the family and answer for the link: the child's allocated social worker or lead
professional (they work with the family and send the link themselves), and whoever may change the
meeting itself (`meetings.change_meeting`: CERAR and the meeting's chair), who already decide what
the meeting hears. A team manager or invitee who does none of these records views the usual way
(meetings' "Record views"). Withdrawing is for the same people. The list of a meeting's links (who
each was for, by first name) is for those who may record views on the meeting
(`meetings.record_views`), who see the views themselves.
"""

from typing import Any

import rules

from cepathway.meetings.rules import childs_worker


def _meeting_of(record: Any) -> Any:
    return getattr(record, "meeting", record)


@rules.predicate
def may_change_meeting(user: Any, record: Any) -> bool:
    meeting = _meeting_of(record)
    return meeting is not None and user.has_perm("meetings.change_meeting", meeting)


@rules.predicate
def may_record_views(user: Any, record: Any) -> bool:
    meeting = _meeting_of(record)
    return meeting is not None and user.has_perm("meetings.record_views", meeting)


may_issue = childs_worker | may_change_meeting

rules.add_perm("family.issue_views_link", may_issue)
rules.add_perm("family.withdraw_views_link", may_issue)
rules.add_perm("family.view_views_links", may_record_views)
