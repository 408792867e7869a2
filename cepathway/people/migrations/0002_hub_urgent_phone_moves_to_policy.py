"""The hub's urgent line is now part of each partnership's policy (its contacts): policy migration
0002 has copied it there, so the partnership's own field goes."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("people", "0001_initial"), ("policy", "0002_first_versions")]

    operations = [migrations.RemoveField(model_name="partnership", name="hub_urgent_phone")]
