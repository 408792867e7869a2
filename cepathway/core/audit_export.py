"""The auditor's search downloaded as CSV: every matching entry, streamed a batch at a time so the
server's memory stays flat however many there are, each cell made safe to open in a spreadsheet.

A cell a spreadsheet would read as a formula (a username such as "=HYPERLINK(...)", a detail
starting "+1" or "@SUM") is written with a leading apostrophe, as OWASP advises for CSV injection:
the spreadsheet then shows the text and runs nothing.
"""

import csv
from collections.abc import Iterable, Iterator
from itertools import islice
from typing import Any

from django.conf import settings
from django.utils import timezone

from . import audit_words
from .models import AuditEvent

# What a spreadsheet reads as the start of a formula (OWASP, "CSV Injection").
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

# Read from the database this many entries at a time: each batch names its children in one query.
BATCH = 2000

# The most entries one download holds (CEPATHWAY_AUDIT_EXPORT_LIMIT overrides it). A download is one
# request: gunicorn kills a worker whose request outlasts GUNICORN_TIMEOUT (30 s), and 50,000 entries
# took about 10 s on a loaded bench machine (5,000 a second), so a bigger limit needs a longer timeout.
DEFAULT_LIMIT = 50_000

HEADER = ("When", "Who", "Username", "Role", "Agency", "What they did", "Detail", "Child", "How", "Address")


def export_limit() -> int:
    return int(getattr(settings, "CEPATHWAY_AUDIT_EXPORT_LIMIT", DEFAULT_LIMIT))


def neutralised(value: str) -> str:
    """`value` as a spreadsheet shows it and never runs it: a leading apostrophe before a formula."""
    return f"'{value}" if value.startswith(FORMULA_STARTS) else value


class _Echo:
    """A file that hands back what is written to it, so csv.writer makes one line at a time."""

    def write(self, value: str) -> str:
        return value


def cells(event: AuditEvent, row: audit_words.AuditRow, roles: dict[str, str]) -> list[str]:
    """One entry as the search page shows it, column by column (role and agency apart)."""
    when = timezone.localtime(row.at).isoformat(sep=" ", timespec="seconds")
    values = [
        when,
        row.who,
        event.username,
        roles.get(event.role, event.role) if event.role else "",
        event.agency,
        row.what,
        row.detail,
        row.child_name,
        row.channel,
        row.address,
    ]
    return [neutralised(str(value)) for value in values]


def lines(user: Any, events: Iterable[AuditEvent]) -> Iterator[str]:
    """The CSV, a line at a time: a byte-order mark (so spreadsheets read the names as UTF-8), the
    header, then each entry in the words `user` (the auditor) may read."""
    writer = csv.writer(_Echo())
    yield "\ufeff" + writer.writerow(HEADER)
    roles = audit_words.role_labels()
    entries = iter(events)
    while batch := list(islice(entries, BATCH)):
        for event, row in zip(batch, audit_words.rows_for(user, batch), strict=True):
            yield writer.writerow(cells(event, row, roles))


def filename() -> str:
    return f"audit-log-{timezone.localtime():%Y-%m-%d-%H%M}.csv"
