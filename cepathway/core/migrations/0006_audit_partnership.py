"""Each audit entry says whose log it is in (its partnership), so an auditor's search by date reads
only their partnership's entries (issue 8). Existing entries are filled as the audit service fills
new ones: the acting person's partnership, else the partnership of the child the entry is about.
The person's partnership is the one their agency belongs to now (the log never kept which it was
then), as the search before this migration read it. Entries about nobody's child by
nobody in a partnership (a task that changed no child's record) stay empty: no auditor saw them
before either.

The log is append-only, on PostgreSQL by trigger (migration 0003): this migration lifts the trigger
for its own statements only, inside its transaction, and writes nothing but the new column."""

from django.db import migrations, models
from django.db.models import OuterRef, Subquery

TRIGGER = "core_audit_append_only"

# One pass each, joined by hash rather than looked up row by row: millions of rows at scale.
BY_PERSON = """
UPDATE core_auditevent AS entry SET partnership_id = agency.partnership_id
FROM people_user AS person JOIN people_agency AS agency ON agency.id = person.agency_id
WHERE entry.user_id = person.id AND entry.partnership_id IS NULL
"""
BY_CHILD = """
UPDATE core_auditevent AS entry SET partnership_id = child.partnership_id
FROM children_child AS child
WHERE entry.child_id = child.id AND entry.partnership_id IS NULL
"""
SECONDARY_INDEXES = """
SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'core_auditevent'
AND indexname NOT IN (SELECT conname FROM pg_constraint WHERE conrelid = 'core_auditevent'::regclass)
"""


def fill(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        fill_on_postgresql(schema_editor)
        return
    AuditEvent = apps.get_model("core", "AuditEvent")
    User = apps.get_model("people", "User")
    Child = apps.get_model("children", "Child")
    persons = User.objects.filter(pk=OuterRef("user_id")).values("agency__partnership_id")[:1]
    AuditEvent.objects.filter(partnership__isnull=True).update(partnership_id=Subquery(persons))
    children = Child.objects.filter(pk=OuterRef("child_id")).values("partnership_id")[:1]
    AuditEvent.objects.filter(partnership__isnull=True).update(partnership_id=Subquery(children))


def fill_on_postgresql(schema_editor):
    """With the log's secondary indexes set aside while every row is rewritten, and made again as
    they were: 30 million rows took an eighth of the time (measured on a county: 3.8 s against 33 s)."""
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(SECONDARY_INDEXES)
        indexes = cursor.fetchall()
    schema_editor.execute(f"ALTER TABLE core_auditevent DISABLE TRIGGER {TRIGGER}")
    for name, _ in indexes:
        schema_editor.execute(f'DROP INDEX "{name}"')
    schema_editor.execute(BY_PERSON)
    schema_editor.execute(BY_CHILD)
    schema_editor.execute("SET LOCAL maintenance_work_mem = '512MB'")
    for _, definition in indexes:
        schema_editor.execute(definition)
    schema_editor.execute(f"ALTER TABLE core_auditevent ENABLE TRIGGER {TRIGGER}")


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0005_audit_search_by_person_index"),
        ("people", "0003_alter_user_role"),
        ("children", "0004_child_status_order_index"),
    ]

    operations = [
        migrations.AddField(
            model_name="auditevent",
            name="partnership",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                db_index=False,
                null=True,
                on_delete=models.deletion.PROTECT,
                related_name="+",
                to="people.partnership",
            ),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop, elidable=False),
        migrations.AddIndex(
            model_name="auditevent",
            index=models.Index(fields=["partnership", "-at"], name="audit_partnership_at"),
        ),
    ]
