"""The shared event shape (portal.events.AbstractEvent): the same column names in every trail.

Renames keep the data (ALTER TABLE ... RENAME COLUMN); nothing is dropped and added again.
"""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("portal", "0007_scheduled_jobs")]

    operations = [
        migrations.RenameField(model_name="auditevent", old_name="summary", new_name="note"),
    ]
