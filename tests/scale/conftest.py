"""A generated world shared by a module's tests: built once, in a transaction rolled back at the
end, so no other test sees it."""

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.db import transaction


@pytest.fixture(scope="module")
def kept_for_module(django_db_setup: Any, django_db_blocker: Any) -> Iterator[Callable[[Callable[[], Any]], Any]]:
    """`kept_for_module(build)` runs `build()` inside the module's transaction and returns its result."""
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            yield lambda build: build()
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)
