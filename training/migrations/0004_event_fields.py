"""The shared event shape (portal.events.AbstractEvent): the same column names in every trail.

Renames keep the data (ALTER TABLE ... RENAME COLUMN); nothing is dropped and added again.
"""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("training", "0003_calendar_token_hash")]

    operations = [
        migrations.RenameField(model_name="event", old_name="from_state", new_name="from_status"),
        migrations.RenameField(model_name="event", old_name="to_state", new_name="to_status"),
        migrations.AlterField(
            model_name="event", name="from_status", field=models.CharField(blank=True, max_length=24)
        ),
        migrations.AlterField(
            model_name="event", name="to_status", field=models.CharField(blank=True, max_length=24)
        ),
    ]
