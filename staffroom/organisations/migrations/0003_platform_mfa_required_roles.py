from django.db import migrations, models

import staffroom.organisations.models


class Migration(migrations.Migration):
    dependencies = [
        ("organisations", "0002_default_subjects"),
    ]

    operations = [
        migrations.AddField(
            model_name="school",
            name="mfa_required_roles",
            field=models.JSONField(
                blank=True,
                default=staffroom.organisations.models.default_mfa_roles,
                help_text="People with any of these roles must set up an authenticator app before they can use Staffroom.",
                verbose_name="roles that must use two-factor authentication",
            ),
        ),
    ]
