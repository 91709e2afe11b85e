"""The shared event shape (portal.events.AbstractEvent): the same column names in every trail.

Renames keep the data (ALTER TABLE ... RENAME COLUMN); nothing is dropped and added again.
"""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("complaints", "0004_case_access_listed")]

    operations = [
        migrations.RenameField(model_name="caseevent", old_name="from_stage", new_name="from_status"),
        migrations.RenameField(model_name="caseevent", old_name="to_stage", new_name="to_status"),
        migrations.RenameField(model_name="caseevent", old_name="reasons", new_name="note"),
    ]
