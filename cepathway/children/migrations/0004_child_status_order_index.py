# The Children list sorted by CE status (children.models.status_order), page by page from an index.

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("children", "0003_child_list_and_search_indexes"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="child",
            index=models.Index(
                models.F("partnership"),
                models.Case(
                    models.When(ce_status="high", then=models.Value(0)),
                    models.When(ce_status="medium", then=models.Value(1)),
                    models.When(ce_status="low", then=models.Value(2)),
                    models.When(ce_status="none", then=models.Value(3)),
                    default=models.Value(4),
                    output_field=models.IntegerField(),
                ),
                models.F("last_name"),
                models.F("first_name"),
                models.F("id"),
                name="child_status_order",
            ),
        ),
    ]
