"""The production server keeps what its first requests load out of the garbage collector's walks
(cepathway.core.garbage, issue 8): a full walk over Django and the compiled templates cost about
70 ms on a large page."""

import gc

import pytest

from cepathway.core import garbage
from cepathway.core.garbage import FreezeWhatLasts


@pytest.fixture
def frozen_for_the_test():
    """Each test starts from nothing frozen and leaves nothing frozen."""
    gc.unfreeze()
    yield
    gc.unfreeze()


def answer(environ, start_response):
    start_response("200 OK", [("Content-Type", "text/plain")])
    return [b"served"]


class Collector:
    """Stands in for the `gc` module: records what the server asked of it, in order."""

    def __init__(self):
        self.asked = []

    def collect(self):
        self.asked.append("collect")

    def freeze(self):
        self.asked.append("freeze")


@pytest.fixture
def collector(monkeypatch):
    stand_in = Collector()
    monkeypatch.setattr(garbage, "gc", stand_in)
    return stand_in


def test_it_freezes_what_is_loaded_after_the_first_and_the_tenth_request_and_passes_each_answer_on(collector):
    server = FreezeWhatLasts(answer)
    asked_after = []
    for _ in range(12):
        assert server({}, lambda status, headers: None) == [b"served"]
        asked_after.append(list(collector.asked))
    once, twice = ["collect", "freeze"], ["collect", "freeze"] * 2
    assert asked_after[0] == once and asked_after[8] == once, "nothing more between the first and the tenth"
    assert asked_after[9] == twice and asked_after[11] == twice


def test_garbage_of_the_request_is_collected_before_freezing_not_kept_for_good(frozen_for_the_test):
    class Cycle:
        pass

    def makes_a_cycle(environ, start_response):
        loop = Cycle()
        loop.itself = loop  # freed only by the collector
        return [b"served"]

    gc.collect()
    FreezeWhatLasts(makes_a_cycle)({}, lambda status, headers: None)
    gc.unfreeze()
    assert not any(type(thing) is Cycle for thing in gc.get_objects())  # type(): a lazy object would load


def test_a_failed_request_counts_too(collector):
    def fails(environ, start_response):
        raise RuntimeError("Fictional failure")

    server = FreezeWhatLasts(fails)
    with pytest.raises(RuntimeError):
        server({}, lambda status, headers: None)
    assert server.served == 1 and collector.asked == ["collect", "freeze"]


def test_the_wsgi_application_is_wrapped():
    from cepathway import wsgi

    assert isinstance(wsgi.application, FreezeWhatLasts)
