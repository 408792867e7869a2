"""The audit log as hash chains: tamper-evident, not only append-only.

Each partnership's entries (and the service's own: entries in no partnership) form one chain. An
entry carries its number in the chain, the hash of the entry before it and its own hash, a SHA-256 of
its content and that previous hash. Changing an entry breaks its own hash; removing one breaks the
numbering and the next entry's link; removing the newest ones (or truncating the table) leaves the
chain's head, kept in AuditChain, pointing past the end. `manage.py verify_audit` walks each chain
and reports the first broken link.

An entry is linked as it is inserted, under a lock on its chain's head, so two writers never both
extend the same entry. What no chain inside the database can show is a rewrite of the whole log and
its heads by someone who may do anything to the database: docs/audit.md says how to run the service
as a role that may only insert into the log, and how to keep the heads outside it.
"""

import hashlib
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC
from typing import Any

from django.db import transaction

from .models import AuditChain, AuditEvent

GENESIS = "0" * 64
SERVICE_CHAIN = "service"
# The columns an entry's hash covers, in this order (with the previous entry's hash).
HASHED = (
    "id",
    "at",
    "user_id",
    "username",
    "role",
    "agency",
    "ip_address",
    "channel",
    "action",
    "record_type",
    "record_id",
    "child_id",
    "partnership_id",
    "fields",
    "path",
    "detail",
    "chain",
    "sequence",
)


def chain_key(partnership_id: Any) -> str:
    return f"partnership:{partnership_id}" if partnership_id else SERVICE_CHAIN


def _text(name: str, value: Any) -> Any:
    if value is None:
        return None
    if name == "at":
        return value.isoformat(timespec="microseconds")
    if name == "ip_address":
        return AuditEvent._meta.get_field("ip_address").get_prep_value(value)
    if name in ("id", "user_id", "child_id", "partnership_id"):
        return str(value)
    return value


def digest(values: dict[str, Any], previous_hash: str) -> str:
    """The hash of an entry whose columns are `values` (as HASHED names them) after `previous_hash`."""
    content = {name: _text(name, values.get(name)) for name in HASHED}
    canonical = json.dumps([previous_hash, content], sort_keys=True, ensure_ascii=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()


def link(entries: list[AuditEvent]) -> None:
    """Number and hash `entries` onto their chains, in the order given, moving each chain's head.
    Call inside a transaction that then inserts them: the heads stay locked until it ends."""
    assert transaction.get_connection().in_atomic_block, "link() must run in the transaction that inserts"
    by_chain: dict[str, list[AuditEvent]] = {}
    for entry in entries:
        by_chain.setdefault(chain_key(entry.partnership_id), []).append(entry)
    # Heads are locked in one order whatever the batch, so two writers never wait on each other.
    keys = sorted(by_chain)
    heads = _locked_heads(keys)
    for key in keys:
        head = heads[key]
        for entry in by_chain[key]:
            entry.at = entry.at.astimezone(UTC)
            entry.chain = key
            entry.sequence = head.length + 1
            entry.previous_hash = head.head
            entry.hash = digest(_values(entry), head.head)
            head.length, head.head = entry.sequence, entry.hash
        head.save(update_fields=["length", "head"])


def _locked_heads(keys: list[str]) -> dict[str, AuditChain]:
    """The chains' heads, locked in key order; a chain's first entry makes its head (once, even when
    two writers start it together)."""
    heads = {head.key: head for head in AuditChain.objects.select_for_update().filter(key__in=keys).order_by("key")}
    if len(heads) < len(keys):
        AuditChain.objects.bulk_create([AuditChain(key=key) for key in keys if key not in heads], ignore_conflicts=True)
        heads = {head.key: head for head in AuditChain.objects.select_for_update().filter(key__in=keys).order_by("key")}
    return heads


def _values(entry: AuditEvent) -> dict[str, Any]:
    return {name: getattr(entry, name) for name in HASHED}


@dataclass(frozen=True)
class ChainReport:
    key: str
    entries: int
    broken_at: int | None = None  # the number of the first entry that does not hold
    entry_id: str = ""
    problem: str = ""

    @property
    def intact(self) -> bool:
        return self.broken_at is None

    def sentence(self) -> str:
        if self.intact:
            return f"{self.key}: {self.entries} {'entry' if self.entries == 1 else 'entries'}, intact"
        where = f"entry {self.broken_at}" + (f" ({self.entry_id})" if self.entry_id else "")
        return f"{self.key}: broken at {where}: {self.problem}"


def verify(keys: Iterable[str] | None = None, chunk: int = 5000) -> Iterator[ChainReport]:
    """Walk each chain from its first entry; one report per chain, saying where it first breaks."""
    heads = {head.key: head for head in AuditChain.objects.all()}
    found = set(AuditEvent.objects.exclude(chain="").values_list("chain", flat=True).distinct())
    for key in sorted(set(keys) if keys is not None else heads.keys() | found):
        yield _verify_chain(key, heads.get(key), chunk)


def _verify_chain(key: str, head: AuditChain | None, chunk: int) -> ChainReport:
    previous, expected = GENESIS, 1
    rows = AuditEvent.objects.filter(chain=key).order_by("sequence").values(*HASHED, "previous_hash", "hash")
    for row in rows.iterator(chunk_size=chunk):
        problem = _problem_with(row, expected, previous)
        if problem:
            return ChainReport(key, expected - 1, expected, str(row["id"]), problem)
        previous, expected = row["hash"], expected + 1
    count = expected - 1
    if head is None and count:
        return ChainReport(key, count, 1, "", "the record of its head is missing")
    if head is not None and (head.length != count or head.head != previous):
        return ChainReport(key, count, count + 1, "", f"it should hold {head.length} entries: the newest are missing")
    return ChainReport(key, count)


def _problem_with(row: dict[str, Any], expected: int, previous: str) -> str:
    if row["sequence"] > expected:
        return f"entries {expected} to {row['sequence'] - 1} are missing"
    if row["sequence"] < expected:
        return "its number repeats an earlier entry's"
    if row["previous_hash"] != previous:
        return "it does not follow the entry before it"
    if digest(row, previous) != row["hash"]:
        return "its content was changed after it was written"
    return ""
