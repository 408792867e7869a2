# Referral.pathway_opened_at, filled in from the pathways already opened, and the index of the
# referrals still waiting for a Level 1 meeting (issue 8).

from django.conf import settings
from django.db import migrations, models
from django.db.models import Exists, OuterRef, Subquery


def fill_from_pathways(apps, schema_editor):
    Referral = apps.get_model("referrals", "Referral")
    Pathway = apps.get_model("meetings", "Pathway")
    opened = Pathway.objects.filter(referral=OuterRef("pk"))
    first = opened.order_by("opened_at").values("opened_at")[:1]
    Referral.objects.filter(Exists(opened)).update(pathway_opened_at=Subquery(first))


class Migration(migrations.Migration):
    dependencies = [
        ("children", "0004_child_status_order_index"),
        ("people", "0004_sessions_and_tokens"),
        ("referrals", "0004_referrals_keyset_index"),
        ("meetings", "0007_voice_sent_through_a_link"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="referral",
            name="pathway_opened_at",
            field=models.DateTimeField(blank=True, editable=False, null=True),
        ),
        migrations.RunPython(fill_from_pathways, migrations.RunPython.noop, elidable=True),
        migrations.AddIndex(
            model_name="referral",
            index=models.Index(
                condition=models.Q(("pathway_opened_at__isnull", True), ("status", "level1_required")),
                fields=["partnership", "decided_at", "created_at"],
                name="referral_waiting_level1",
            ),
        ),
    ]
