"""Meetings and safety plan actions keep their child's partnership (issue 8), so that a partnership's
overdue reviews and actions are found by an index of their own. Existing rows take their child's;
migration 0006 then makes it required and adds the indexes."""

from django.db import migrations, models
from django.db.models import OuterRef, Subquery


def fill(apps, schema_editor):
    Child = apps.get_model("children", "Child")
    partnership_of_child = Subquery(Child.objects.filter(pk=OuterRef("child_id")).values("partnership_id")[:1])
    for name in ("Meeting", "Action"):
        apps.get_model("meetings", name).objects.filter(partnership__isnull=True).update(
            partnership_id=partnership_of_child
        )


class Migration(migrations.Migration):
    dependencies = [
        ("meetings", "0004_overdue_indexes"),
        ("people", "0003_alter_user_role"),
    ]

    operations = [
        migrations.AddField(
            model_name="action",
            name="partnership",
            field=models.ForeignKey(
                db_index=False,
                editable=False,
                null=True,
                on_delete=models.deletion.PROTECT,
                related_name="+",
                to="people.partnership",
            ),
        ),
        migrations.AddField(
            model_name="meeting",
            name="partnership",
            field=models.ForeignKey(
                db_index=False,
                editable=False,
                null=True,
                on_delete=models.deletion.PROTECT,
                related_name="+",
                to="people.partnership",
            ),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop, elidable=False),
    ]
