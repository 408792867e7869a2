"""One written form for text people send: Unicode NFC, without the invisible characters that change
how text looks or reads without being seen.

A name typed as "Jo\u200bhn" (a zero-width space) or with a right-to-left override looks like
"John" on a screen but is not "John" to the database: a search for John misses it, the hub is not
offered the child as a possible match, intelligence is not matched to the person it names, and an
override can make a name read backwards in the audit log. So every text a request sends is put in
this form before any view or form reads it (`core.request_guards.RefuseUnreadableText`, one place
for pages, the API and searches alike), and it is stored and searched in that form.

Why there, and not a name field: names enter through a dozen apps' forms, the API's schemas (most of
which hand over to the same forms) and search boxes, and a person-name field type would need every
one of them (and their models and migrations) changed and kept changed. These characters have no
place in anything typed into a safeguarding record, a name or a note, so removing them from all
text is both simpler and safer. The cost is small and known: emoji joined into one picture with a
zero-width joiner show as their separate parts.

What goes: the zero-width and directional formatting characters (U+200B to U+200F, U+202A to
U+202E, U+2060 to U+2064, U+2066 to U+206F), the byte-order mark (U+FEFF), the soft hyphen, the
Arabic letter mark, the Mongolian vowel separator, the interlinear annotation marks, and the control
characters other than tab, line feed and carriage return. Visible letters of every script stay.
"""

import re
import unicodedata

_INVISIBLE = re.compile(
    "["
    "\x01-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f"  # control characters (NUL is refused, not removed)
    "\u00ad\u061c\u180e"  # soft hyphen, Arabic letter mark, Mongolian vowel separator
    "\u200b-\u200f"  # zero-width space, non-joiner and joiner; left-to-right and right-to-left marks
    "\u202a-\u202e"  # directional embeddings and overrides
    "\u2060-\u2064\u2066-\u206f"  # word joiner, invisible operators, directional isolates, deprecated formats
    "\ufeff\ufff9-\ufffb"  # byte-order mark (zero-width no-break space), interlinear annotation
    "]"
)


def needs_normalising(text: str) -> bool:
    return _INVISIBLE.search(text) is not None or not unicodedata.is_normalized("NFC", text)


def normalise(text: str) -> str:
    """`text` in NFC without invisible formatting or control characters: "Jo\u200bhn" is "John"."""
    if not needs_normalising(text):
        return text
    return unicodedata.normalize("NFC", _INVISIBLE.sub("", text))
