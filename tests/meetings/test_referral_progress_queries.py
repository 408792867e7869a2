"""The Referrals list and My work say where each referral decided "Level 1 meeting" has got to
(booked, held, ended) in the same number of queries for two such referrals or eight: the progress
of a page's referrals is followed together, not one referral at a time (issue 8)."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cepathway.children.models import CEStatus
from cepathway.people.models import Role
from cepathway.referrals import progress
from cepathway.referrals.models import Referral

from .conftest import new_child


def followed(world, pathway, count):
    """`count` referrals decided "Level 1 meeting": every other one's meeting held, the rest booked."""
    for number in range(count):
        meeting = pathway.level1(new_child(world))
        if number % 2:
            pathway.decide(meeting, CEStatus.MEDIUM)
            pathway.clock.advance(-7)


def _queries(client, url):
    client.get(url)  # the session and caches warm
    with CaptureQueriesContext(connection) as done:
        page = client.get(url)
    assert page.status_code == 200
    return len(done.captured_queries), page.content.decode()


def _counts(world, client_for):
    referrer = client_for(world.users[Role.PARTNER_PROFESSIONAL])
    listed, listed_page = _queries(client_for(world.users[Role.CERAR_LEAD]), reverse("referrals:list"))
    my_work, my_work_page = _queries(referrer, reverse("my-work"))
    for text in ("booked for", "reviews continue"):
        assert text in listed_page and text in my_work_page, text
    return listed, my_work


def test_the_referrals_list_and_my_work_follow_their_referrals_together(world, clock, client_for, pathway):
    followed(world, pathway, 2)
    few = _counts(world, client_for)
    followed(world, pathway, 6)
    assert _counts(world, client_for) == few


def test_progress_says_the_same_for_one_referral_or_many(world, clock, pathway):
    followed(world, pathway, 4)
    referrals = list(Referral.objects.filter(partnership=world.home))
    alone = {referral.pk: progress.progress_of(Referral.objects.get(pk=referral.pk)) for referral in referrals}
    together = {referral.pk: progress.progress_of(referral) for referral in progress.follow(referrals)}
    assert together == alone
    assert any("booked for" in text for text in together.values())


def test_following_asks_the_same_queries_whether_or_not_a_referral_was_decided(world, clock, pathway):
    """A page's list changes as new referrals push decided ones off it (the school's My work): it
    asks the same statements either way (issue 8: the bench saw the count vary between requests)."""
    undecided = new_child(world).referrals.get()
    decided = pathway.level1(new_child(world)).pathway.referral

    def asked(referrals):
        with CaptureQueriesContext(connection) as done:
            said = [progress.progress_of(referral) for referral in progress.follow(referrals)]
        return len(done.captured_queries), said

    queries_undecided, _said = asked([Referral.objects.get(pk=undecided.pk)])
    queries_decided, said = asked([Referral.objects.get(pk=decided.pk)])
    assert "booked for" in said[0]
    assert queries_decided == queries_undecided == 2
