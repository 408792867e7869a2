"""Data for the summary list and table components, built in views or presenters and drawn by template tags.

Values are escaped when drawn; pass django.utils.html.format_html(...) for a value that needs markup.
"""

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from typing import Any

from django.template.defaultfilters import linebreaksbr
from django.utils.safestring import SafeData, SafeString

# GOV.UK Frontend 6's tag colours. Blue is the tag without a modifier.
TAG_COLOURS = frozenset(
    {"blue", "grey", "green", "teal", "turquoise", "purple", "magenta", "pink", "red", "orange", "yellow"}
)


@dataclass(frozen=True)
class Action:
    """A link at the end of a summary list row. `hidden_text` finishes it for screen readers: "Change" + " name"."""

    text: str
    href: str
    hidden_text: str = ""


@dataclass(frozen=True)
class SummaryRow:
    key: str
    value: Any
    actions: Sequence[Action] = ()

    @property
    def value_html(self) -> SafeString:
        """The value escaped, with its line breaks kept (addresses, notes); markup from format_html kept as is."""
        if isinstance(self.value, SafeData):
            return SafeString(self.value)
        return linebreaksbr("" if self.value is None else self.value, autoescape=True)


@dataclass(frozen=True)
class Table:
    rows: Sequence[Sequence[Any]]
    head: Sequence[str] = ()
    caption: str = ""
    caption_size: str = ""  # "s", "m", "l" or "xl"
    first_cell_is_header: bool = False
    numeric_columns: Collection[int] = ()  # column indexes (from 0) to right-align
