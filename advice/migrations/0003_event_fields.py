"""The shared event shape (portal.events.AbstractEvent): the same column names in every trail.

Renames keep the data (ALTER TABLE ... RENAME COLUMN); nothing is dropped and added again.
"""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("advice", "0002_roles")]

    operations = [
        migrations.RenameField(model_name="questionevent", old_name="from_state", new_name="from_status"),
        migrations.RenameField(model_name="questionevent", old_name="to_state", new_name="to_status"),
    ]
