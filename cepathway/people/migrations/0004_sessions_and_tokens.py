"""Signing out everywhere, a password an administrator reset, and API tokens that expire.

Tokens issued before expiry existed expire 90 days after they were created (the default of
settings.CEPATHWAY_API_TOKEN_DAYS); those older than that stop working at once."""

from datetime import timedelta

from django.db import migrations, models


def expire_old_tokens(apps, schema_editor):
    ApiToken = apps.get_model("people", "ApiToken")
    for token in ApiToken.objects.filter(expires_at__isnull=True).only("pk", "created_at"):
        ApiToken.objects.filter(pk=token.pk).update(expires_at=token.created_at + timedelta(days=90))


class Migration(migrations.Migration):
    dependencies = [("people", "0003_alter_user_role")]

    operations = [
        migrations.AddField(
            model_name="user",
            name="sessions_valid_from",
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name="user",
            name="must_change_password",
            field=models.BooleanField(default=False),
        ),
        migrations.AddField(
            model_name="apitoken",
            name="expires_at",
            field=models.DateTimeField(null=True),
        ),
        migrations.RunPython(expire_old_tokens, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="apitoken",
            name="expires_at",
            field=models.DateTimeField(),
        ),
    ]
