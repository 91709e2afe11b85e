"""The shared event shape (portal.events.AbstractEvent): the same column names in every trail.

Renames keep the data (ALTER TABLE ... RENAME COLUMN); nothing is dropped and added again.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("guidance", "0005_document_title_index"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AlterField(
            model_name="documentevent",
            name="actor",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
        migrations.AlterField(
            model_name="documentevent", name="from_status", field=models.CharField(blank=True, max_length=24)
        ),
        migrations.AlterField(
            model_name="documentevent", name="to_status", field=models.CharField(blank=True, max_length=24)
        ),
    ]
