import django.db.models.deletion
from django.db import migrations, models


def copy_school_from_action(apps, schema_editor):
    Milestone = apps.get_model("improvement", "Milestone")
    for milestone in Milestone.objects.select_related("action").iterator():
        milestone.school_id = milestone.action.school_id
        milestone.save(update_fields=["school"])


class Migration(migrations.Migration):
    dependencies = [
        ("improvement", "0001_initial"),
        ("organisations", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="milestone",
            name="school",
            field=models.ForeignKey(
                null=True, on_delete=django.db.models.deletion.CASCADE, related_name="+", to="organisations.school"
            ),
        ),
        migrations.RunPython(copy_school_from_action, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="milestone",
            name="school",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE, related_name="+", to="organisations.school"
            ),
        ),
    ]
