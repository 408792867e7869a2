# The auditor's search by person reads one index that starts with their partnership (issue 8):
# the new index is made before the old one goes, so the search always has one.

import django.db.models.functions.text
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0009_outbox_and_schedule"),
        ("people", "0004_sessions_and_tokens"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddIndex(
            model_name="auditevent",
            index=models.Index(
                models.F("partnership"),
                django.db.models.functions.text.Upper("username"),
                models.OrderBy(models.F("at"), descending=True),
                name="audit_partnership_username_at",
            ),
        ),
        migrations.RemoveIndex(
            model_name="auditevent",
            name="audit_username_at",
        ),
    ]
