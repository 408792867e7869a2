"""The child's page shows the newest entries of the chronology, read from each source's newest rows
only (children.chronology.latest): they must be the first entries of the whole timeline, and say
rightly whether there are more (issue 8: the page read the whole history to show five entries)."""

import pytest

from cepathway.children import chronology
from cepathway.people.models import Role

from .test_child_record_queries import lived


@pytest.mark.parametrize("count", [1, 5, 12, 500])
def test_the_latest_entries_are_the_head_of_the_whole_timeline(world, pathway, count):
    child = lived(world, pathway, reviews=3)
    for viewer in (pathway.cerar, world.users[Role.SOCIAL_WORKER]):
        whole = chronology.timeline(child, viewer)
        latest, more = chronology.latest(child, viewer, count)
        assert [(entry.at, entry.kind, entry.title) for entry in latest] == [
            (entry.at, entry.kind, entry.title) for entry in whole[:count]
        ]
        assert more == (len(whole) > count)
