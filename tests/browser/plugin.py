"""Make a run without a browser loud: a pytest plugin loaded by tests/conftest.py.

The browser fixture (tests/browser/conftest.py) skips its tests with a reason starting with
NOT_AVAILABLE when Chromium or Playwright is missing (and fails them when CI=true). This plugin
notices those reports, wherever the tests ran (also under pytest-xdist), prints a banner at the end
and makes the run exit non-zero, unless CEPATHWAY_ALLOW_NO_BROWSER=1 outside CI.
"""

import os

import pytest

NOT_AVAILABLE = "BROWSER NOT AVAILABLE"
INSTALL_HINT = "install with apt-get install chromium (never `playwright install`)"

_reasons: list[str] = []


def in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() in {"1", "true", "yes"}


def allowed_to_skip() -> bool:
    return not in_ci() and os.environ.get("CEPATHWAY_ALLOW_NO_BROWSER", "").strip() == "1"


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    if report.outcome not in ("skipped", "failed"):
        return
    # A skip's longrepr is (path, line, "Skipped: reason"); a failure's is an exception report.
    text = report.longrepr[2] if isinstance(report.longrepr, tuple) else report.longreprtext
    if NOT_AVAILABLE not in text:
        return
    line = next(line for line in text.splitlines() if NOT_AVAILABLE in line)
    reason = line.split(NOT_AVAILABLE, 1)[1].lstrip(": ").strip()
    if reason not in _reasons:
        _reasons.append(reason)


@pytest.hookimpl(trylast=True)
def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    if _reasons and not allowed_to_skip() and session.exitstatus == pytest.ExitCode.OK:
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    if not _reasons:
        return
    write = terminalreporter.write_line
    terminalreporter.write_sep("!", "BROWSER AND ACCESSIBILITY TESTS DID NOT RUN", red=True, bold=True)
    for reason in _reasons:
        write(f"  Why: {reason}", red=True, bold=True)
    write(f"  Fix: {INSTALL_HINT}.", red=True, bold=True)
    if in_ci():
        write("  CI=true: a missing browser always fails the run.", red=True, bold=True)
    elif allowed_to_skip():
        write("  CEPATHWAY_ALLOW_NO_BROWSER=1: the run does not fail for this.", red=True, bold=True)
    else:
        write("  The run fails for this. Set CEPATHWAY_ALLOW_NO_BROWSER=1 to allow it locally.", red=True, bold=True)
    terminalreporter.write_sep("!", "BROWSER AND ACCESSIBILITY TESTS DID NOT RUN", red=True, bold=True)


def pytest_unconfigure(config: pytest.Config) -> None:
    """Say it once more under the final counts, where nobody can miss it."""
    reporter = config.pluginmanager.get_plugin("terminalreporter")
    if _reasons and reporter is not None:
        outcome = "allowed by CEPATHWAY_ALLOW_NO_BROWSER=1" if allowed_to_skip() else "the run FAILS"
        reporter.write_line(
            f"!!! BROWSER AND ACCESSIBILITY TESTS DID NOT RUN ({outcome}): {_reasons[0]}; {INSTALL_HINT}",
            red=True,
            bold=True,
        )
