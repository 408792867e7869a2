"""Python's cyclic garbage collector in a long-lived server process (issue 8).

Every so often CPython walks every container object the process holds, to find cycles: Django, the
apps, the URL patterns and the compiled templates, about 190,000 objects once a few pages have been
served, which none of those walks ever frees. On the Level 2 agenda at metropolitan size each full
walk took about 70 ms, seven times in 60 requests: the page's 95th percentile was 197 ms against
a median of 120. `gc.freeze()` moves what exists at that moment out of the collector's sight for
good (Python's documentation recommends it for servers that fork workers); after it the same walks
took about 5 ms and the 95th percentile was 144 ms.

What a process keeps for good is loaded by its first requests, not at start-up (the URL patterns,
each template the first time a page uses it), so the server freezes after its first request and
again after its tenth, collecting first so that no garbage of the request is kept for good.
"""

import gc
from collections.abc import Callable, Iterable
from typing import Any

# After which of its requests a worker freezes what it has loaded so far.
FREEZE_AFTER = frozenset({1, 10})

WSGIApplication = Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]


class FreezeWhatLasts:
    """Wraps the WSGI application: counts the requests served and freezes after FREEZE_AFTER."""

    def __init__(self, application: WSGIApplication, freeze_after: frozenset[int] = FREEZE_AFTER) -> None:
        self.application = application
        self.freeze_after = freeze_after
        self.served = 0

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        try:
            return self.application(environ, start_response)
        finally:
            self.served += 1
            if self.served in self.freeze_after:
                gc.collect()
                gc.freeze()
