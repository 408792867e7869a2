"""The names the test factories draw: a test proving one child's name absent from a page must not
fail because another child of the same test drew the same name."""

from tests.factories import ChildFactory, UserFactory


def test_the_children_of_one_test_never_share_a_name():
    children = ChildFactory.build_batch(60)
    assert len({child.last_name for child in children}) == 60
    assert len({child.first_name for child in children}) == 60


def test_staff_and_children_never_share_a_name():
    children = ChildFactory.build_batch(30)
    staff = UserFactory.build_batch(30)
    child_names = {name for child in children for name in (child.first_name, child.last_name)}
    assert not child_names & {name for person in staff for name in (person.first_name, person.last_name)}
