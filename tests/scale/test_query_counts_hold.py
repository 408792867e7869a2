"""Each key page costs the same number of SQL queries whatever the size of the data (issue 8).

A tiny generated world is measured page by page, as the role that uses each page; then it grows
(more children in the same partnership, and more partnerships) and each page is measured again.
A page whose count changes does work that grows with the data: an N+1 query, a list unbounded.
"""

import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from cepathway.children.models import Child
from cepathway.demo.world import SIZES, build_world
from cepathway.demo.world.build import grow_partnership
from cepathway.demo.world.samples import sample_ids
from cepathway.people.models import ApiToken, User

pytestmark = pytest.mark.django_db

FIRST = "world-001"
Sample = dict[str, Any]


@dataclass(frozen=True)
class Page:
    username: str
    address: Callable[[Sample], str]
    api: bool = False


def _level2(sample: Sample) -> dict[str, int]:
    return {"year": sample["next_level2_year"], "month": sample["next_level2_month"]}


def _audit_dates(sample: Sample) -> str:
    today = timezone.localdate()
    return f"date_from_day=1&date_from_month=1&date_from_year={today.year - 1}&date_to_day={today.day}" + (
        f"&date_to_month={today.month}&date_to_year={today.year}"
    )


MY_WORK = ["cerar", "manager", "hub", "socialworker", "leadprofessional", "school", "police", "level2", "admin",
           "auditor", "unrelated"]  # fmt: skip
PAGES: dict[str, Page] = {
    **{f"my work ({name})": Page(name, lambda s: "/") for name in MY_WORK},
    "child record": Page("cerar", lambda s: reverse("children:detail", args=[s["high_child"]])),
    "chronology": Page("cerar", lambda s: reverse("children:chronology", args=[s["high_child"]])),
    "CE pathway": Page("cerar", lambda s: reverse("meetings:child", args=[s["high_child"]])),
    "child record (social worker)": Page(
        "socialworker", lambda s: reverse("children:detail", args=[s["socialworker_child"]])
    ),
    "Level 2 agenda": Page("level2", lambda s: reverse("meetings:level2", kwargs=_level2(s))),
    "Level 2 agenda (API)": Page(
        "level2", lambda s: f"/api/meetings/level2/{s['next_level2_year']}-{s['next_level2_month']:02d}", api=True
    ),
    "audit search by child": Page("auditor", lambda s: f"{reverse('audit-search')}?child={s['high_child']}"),
    "audit search by user": Page("auditor", lambda s: f"{reverse('audit-search')}?user=socialworker"),
    "audit search by date": Page("auditor", lambda s: f"{reverse('audit-search')}?{_audit_dates(s)}"),
    "child list": Page("manager", lambda s: reverse("children:list")),
    "child search": Page("manager", lambda s: f"{reverse('children:list')}?q={s['high_child_name']}"),
    "overdue overview": Page("manager", lambda s: reverse("meetings:overdue")),
    "overdue overview (API)": Page("manager", lambda s: "/api/meetings/overdue", api=True),
    "contact form": Page("school", lambda s: reverse("referrals:new")),
    "Level 1 outcome form": Page("cerar", lambda s: reverse("meetings:outcome", args=[s["outcome_meeting"]])),
    "allocation form": Page("manager", lambda s: reverse("children:edit", args=[s["allocation_child"]])),
    "child record (API)": Page("cerar", lambda s: f"/api/children/{s['high_child']}", api=True),
}  # fmt: skip


def client_as(username: str, api: bool) -> Client:
    user = User.objects.get(username=username)
    if api:
        return Client(headers={"Authorization": f"Bearer {ApiToken.issue(user, name='Query counts')[1]}"})
    client = Client()
    client.force_login(user)
    return client


@dataclass(frozen=True)
class Measure:
    status: int
    queries: list[str]

    def __len__(self) -> int:
        return len(self.queries)

    def differences(self, other: "Measure") -> str:
        """The statements one made and the other did not (their first words), for the failure message."""
        mine, theirs = Counter(self.shapes()), Counter(other.shapes())
        return f"only before: {list((mine - theirs).elements())}; only after: {list((theirs - mine).elements())}"

    def shapes(self) -> list[str]:
        return [re.sub(r"'[^']*'|\b\d+\b", "?", sql)[:160] for sql in self.queries]


def measure(page: Page, sample: Sample) -> Measure:
    """The page's second request: the first fills per-process caches."""
    client, address = client_as(page.username, page.api), page.address(sample)
    client.get(address)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(address)
    return Measure(response.status_code, [query["sql"] for query in captured.captured_queries])


def _sample() -> Sample:
    sample = sample_ids(FIRST)
    sample["high_child_name"] = Child.objects.get(pk=sample["high_child"]).last_name
    return sample


# The small world's first partnership: a tiny one grown by 60% of a county, so that the benchmark
# logins have their full caseloads and every list on My work is longer than it shows (a full list is
# counted: one more query). It then grows by 30% of a county more, the logins' caseloads kept.
SMALL, GROWTH = replace(SIZES["tiny"], factor=0.6), replace(SIZES["tiny"], factor=0.3)


@pytest.fixture(scope="module")
def small(kept_for_module: Any) -> tuple[Sample, dict[str, Measure]]:
    """The sample records of a small world, and every page measured on it; then the world grows: as
    many children again in the first partnership, and two more partnerships."""

    def build_measure_grow() -> tuple[Sample, dict[str, Measure]]:
        build_world("tiny", seed=11)
        grow_partnership(FIRST, SMALL, seed=12)
        sample = _sample()
        counts = {name: measure(page, sample) for name, page in PAGES.items()}
        grow_partnership(FIRST, GROWTH, seed=13)
        build_world("tiny", seed=14, partnerships=2, first_number=2)
        return sample, counts

    return kept_for_module(build_measure_grow)  # type: ignore[no-any-return]


@pytest.mark.parametrize("name", list(PAGES))
def test_the_query_count_holds_as_the_data_grows(small: tuple[Sample, dict[str, Measure]], name: str) -> None:
    sample, counts = small
    before = counts[name]
    assert before.status == 200, f"{name}: status {before.status} on the small world"
    after = measure(PAGES[name], sample)
    assert after.status == 200
    assert len(after) == len(before), (
        f"{name}: {len(before)} queries on the small world, {len(after)} once it grew; {before.differences(after)}"
    )
