from django.db import migrations, models
from django.db.models import Count


def fill_from_roll_calls(apps, schema_editor):  # noqa: ANN001, ANN201
    """A séance opened before the field: its roll call holds the members in
    office at its opening, one row each."""
    Sitting = apps.get_model("proceedings", "Sitting")
    for sitting in Sitting.objects.annotate(rows=Count("attendances")):
        Sitting.objects.filter(pk=sitting.pk).update(members_in_office=sitting.rows)


class Migration(migrations.Migration):
    dependencies = [
        ("proceedings", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="sitting",
            name="members_in_office",
            field=models.PositiveSmallIntegerField(
                blank=True, null=True, verbose_name="membres en exercice à l'ouverture"
            ),
        ),
        migrations.RunPython(fill_from_roll_calls, migrations.RunPython.noop),
    ]
