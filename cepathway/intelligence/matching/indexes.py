"""The PostgreSQL side of candidate finding: the pg_trgm extension and a trigram GIN index on
PersonOfConcern.name_keys, which serves both the `LIKE '%n:jon;%'` key lookups and the `<%` word
similarity of candidates.py. SQLite has neither and needs neither (it reads the register through).

For a migration of the intelligence app (after the one creating PersonOfConcern):

    from cepathway.intelligence.matching.indexes import create_search_indexes, drop_search_indexes

    operations = [migrations.RunPython(create_search_indexes, drop_search_indexes)]
"""

from typing import Any

PERSON_NAME_KEYS_INDEX = "intel_person_name_keys_trgm"

_CREATE = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    f"CREATE INDEX IF NOT EXISTS {PERSON_NAME_KEYS_INDEX} "
    "ON intelligence_personofconcern USING gin (name_keys gin_trgm_ops)",
]
_DROP = [f"DROP INDEX IF EXISTS {PERSON_NAME_KEYS_INDEX}"]


def _run(schema_editor: Any, statements: list[str]) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    for statement in statements:
        schema_editor.execute(statement)


def create_search_indexes(apps: Any, schema_editor: Any) -> None:
    _run(schema_editor, _CREATE)


def drop_search_indexes(apps: Any, schema_editor: Any) -> None:
    _run(schema_editor, _DROP)
