"""Every meeting and action now has its partnership (filled by 0005, set on save): required, and
the partial indexes of a partnership's scheduled meetings and open actions (issue 8). A migration
of its own: PostgreSQL refuses to alter a table with the foreign key checks of 0005's updates
still pending in the same transaction."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("meetings", "0005_meeting_and_action_partnership")]

    operations = [
        migrations.AlterField(
            model_name="action",
            name="partnership",
            field=models.ForeignKey(
                db_index=False,
                editable=False,
                on_delete=models.deletion.PROTECT,
                related_name="+",
                to="people.partnership",
            ),
        ),
        migrations.AlterField(
            model_name="meeting",
            name="partnership",
            field=models.ForeignKey(
                db_index=False,
                editable=False,
                on_delete=models.deletion.PROTECT,
                related_name="+",
                to="people.partnership",
            ),
        ),
        migrations.AddIndex(
            model_name="action",
            index=models.Index(
                condition=models.Q(("status__in", ("not_started", "in_progress"))),
                fields=["partnership", "due_on", "id"],
                name="action_open_partnership_due",
            ),
        ),
        migrations.AddIndex(
            model_name="meeting",
            index=models.Index(
                condition=models.Q(("state", "scheduled")),
                fields=["partnership", "scheduled_for", "id"],
                name="meeting_scheduled_partnership",
            ),
        ),
    ]
