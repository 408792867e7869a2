"""Meetings and safety plan actions keep their child's partnership (issue 8): set when they are made,
by the services and on save, so that a partnership's overdue reviews and actions are found by their
own index. The overview of one partnership never lists another's, even when both are overdue."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from cepathway.children.services import merge_into
from cepathway.core.policy import Venue
from cepathway.meetings import panels, safety_plan
from cepathway.meetings.models import Action, Meeting, MeetingKind, Pathway
from cepathway.people.models import Role
from tests.factories import ChildFactory


def overdue_review_and_action(child, chair, owner, days=10):
    """A review whose day has passed and an action past its due date, as a busy partnership has."""
    pathway = Pathway.objects.filter(child=child).first() or Pathway(child=child)
    if pathway._state.adding:
        pathway.save_tracked(chair)
    review = Meeting(
        pathway=pathway,
        child=child,
        kind=MeetingKind.REVIEW,
        scheduled_for=timezone.now() - timedelta(days=days),
        due_on=timezone.localdate() - timedelta(days=days),
        venue=Venue.ONLINE,
        chair=chair,
    )
    review.save_tracked(chair)
    action = Action(
        child=child,
        meeting=review,
        description="Fictional: overdue visit.",
        owner=owner,
        owner_agency=owner.agency,
        due_on=timezone.localdate() - timedelta(days=days),
    )
    action.save_tracked(chair)
    return review, action


def test_the_action_service_gives_an_action_its_childs_partnership(world):
    cerar = world.users[Role.CERAR_LEAD]
    meeting = world.meeting[world.child.pk]

    action = safety_plan.add_action(
        meeting,
        description="Fictional: name a trusted adult at school.",
        owner=world.users[Role.SOCIAL_WORKER],
        due_on=timezone.localdate() + timedelta(days=14),
        by=cerar,
    )

    assert Action.objects.get(pk=action.pk).partnership_id == world.home.pk


def test_every_meeting_and_action_has_its_childs_partnership(world):
    for child in world.children().values():
        assert Meeting.objects.get(pk=world.meeting[child.pk].pk).partnership_id == child.partnership_id
        assert Action.objects.get(pk=world.action[child.pk].pk).partnership_id == child.partnership_id
    assert world.foreign_child.partnership_id == world.elsewhere.pk


def test_the_overdue_overview_lists_only_its_own_partnerships(world, client_for):
    manager = world.users[Role.TEAM_MANAGER]
    ours = overdue_review_and_action(world.other_child, world.users[Role.CERAR_LEAD], manager, days=10)
    theirs = overdue_review_and_action(world.foreign_child, world.elsewhere_lead, world.elsewhere_lead, days=20)

    reviews = list(panels.overdue_reviews(manager))
    actions = list(safety_plan.overdue_actions(manager))
    page = client_for(manager).get(reverse("meetings:overdue"))

    assert reviews == [ours[0]] and actions == [ours[1]]
    assert list(panels.overdue_reviews(world.elsewhere_lead)) == [theirs[0]]
    assert list(safety_plan.overdue_actions(world.elsewhere_lead)) == [theirs[1]]
    assert page.status_code == 200
    assert "Fictional: overdue visit." in page.text
    # Their review and action are not linked, nor their child named. By full name: the two
    # children's surnames are drawn apart and may be the same (CI once drew "Stone" for both).
    assert str(theirs[0].pk) not in page.text and str(theirs[1].pk) not in page.text
    assert world.foreign_child.full_name not in page.text


def test_the_overdue_queries_ask_by_the_partnership_column(world):
    """Not only through the child's scope: the column is what the partnership's own index serves."""
    manager = world.users[Role.TEAM_MANAGER]

    for rows in (panels.overdue_reviews(manager), safety_plan.overdue_actions(manager)):
        where = str(rows.query).split(" WHERE ", 1)[1]
        assert f'."partnership_id" = {world.home.pk.hex}' in where.replace("-", "")


def test_whoever_sees_the_whole_partnership_is_scoped_by_the_rows_own_column_with_no_join(world):
    """The row's own partnership says it (issue 8: the join hashed every child of the partnership to
    count a page's overdue reviews); someone who sees only some children is still scoped by them."""
    manager, school = world.users[Role.TEAM_MANAGER], world.users[Role.PARTNER_PROFESSIONAL]

    for model in (Meeting, Action):
        assert "children_child" not in str(model.objects.visible_to(manager).query)
        assert "children_child" in str(model.objects.visible_to(school).query)
    assert set(Meeting.objects.visible_to(manager)) == set(Meeting.objects.filter(partnership=world.home))
    assert world.meeting[world.foreign_child.pk] not in Meeting.objects.visible_to(manager)


def test_merging_a_record_moves_its_meetings_and_actions_so_none_is_left_on_a_merged_child(world):
    """What lets the partnership column stand for the child's scope: nothing stays on a merged record."""
    cerar = world.users[Role.CERAR_LEAD]
    known = ChildFactory(partnership=world.home)
    provisional = ChildFactory(partnership=world.home)
    review, action = overdue_review_and_action(provisional, cerar, world.users[Role.SOCIAL_WORKER])

    merge_into(provisional, known, by=cerar)

    assert not Meeting.objects.filter(child=provisional).exists()
    assert not Action.objects.filter(child=provisional).exists()
    assert Meeting.objects.get(pk=review.pk).child == known
    assert action in safety_plan.overdue_actions(world.users[Role.TEAM_MANAGER])
