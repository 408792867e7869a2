"""A trigram GIN index on PersonOfConcern.name_keys, on PostgreSQL only: it serves matching's key
lookups (`LIKE '%n:jon;%'`) and word similarity (cepathway/intelligence/matching/candidates.py).
SQLite reads the register through and needs no index. The SQL is written here, not imported, so
this migration stays as it was whatever the matching code becomes."""

from typing import Any

from django.db import migrations

INDEX = "intel_person_name_keys_trgm"


def create_index(apps: Any, schema_editor: Any) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {INDEX} ON intelligence_personofconcern USING gin (name_keys gin_trgm_ops)"
    )


def drop_index(apps: Any, schema_editor: Any) -> None:
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("intelligence", "0001_initial")]

    operations = [migrations.RunPython(create_index, drop_index)]
