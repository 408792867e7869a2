"""The browser fixtures live in tests/browser/fixtures.py, a plugin tests/conftest.py loads for the
whole suite: tests in any folder can ask for `browser` and `page` without importing anything.

Re-exported here only for modules that still import them from this file (they share the one
Chromium all the same); new code should not.
"""

from tests.browser.fixtures import browser, page  # noqa: F401
