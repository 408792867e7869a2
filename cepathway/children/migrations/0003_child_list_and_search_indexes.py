"""Indexes for the Children list's keyset orders, and, on PostgreSQL, trigram indexes for the name
search (pg_trgm). The trigram indexes stay out of the model's state: SQLite has no GIN, and would
otherwise try to rebuild them whenever it remakes the table."""

from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations, models

# The search compares case-folded names (`icontains`, `istartswith`, `iexact`): Django writes each
# as UPPER("column"::text), so each index is over exactly that expression.
TRIGRAM_INDEXES = {
    "child_first_name_trgm": "first_name",
    "child_last_name_trgm": "last_name",
    "child_other_names_trgm": "other_names",
}


class TrigramExtensionOnPostgreSQL(TrigramExtension):
    """Django's own skips SQLite going forwards but not backwards; this skips it both ways."""

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_backwards(app_label, schema_editor, from_state, to_state)


def create_trigram_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, column in TRIGRAM_INDEXES.items():
        schema_editor.execute(
            f'CREATE INDEX IF NOT EXISTS "{name}" ON "children_child" USING gin (UPPER("{column}"::text) gin_trgm_ops)'
        )


def drop_trigram_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in TRIGRAM_INDEXES:
        schema_editor.execute(f'DROP INDEX IF EXISTS "{name}"')


class Migration(migrations.Migration):
    dependencies = [
        ("children", "0002_initial"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="child",
            index=models.Index(fields=["partnership", "last_name", "first_name", "id"], name="child_partnership_name"),
        ),
        migrations.AddIndex(
            model_name="child",
            index=models.Index(
                fields=["partnership", "ce_status", "last_name", "first_name", "id"], name="child_partnership_status"
            ),
        ),
        # CREATE EXTENSION on PostgreSQL (it needs the right to, or pg_trgm already there); nothing on SQLite.
        TrigramExtensionOnPostgreSQL(),
        migrations.RunPython(create_trigram_indexes, drop_trigram_indexes, elidable=False),
    ]
