"""Give the role groups their Ask the Monitoring Officer permissions."""

from django.db import migrations

from portal.roles import sync_roles


class Migration(migrations.Migration):
    dependencies = [
        ("advice", "0001_initial"),
        ("portal", "0003_member_search"),
    ]

    operations = [migrations.RunPython(sync_roles, migrations.RunPython.noop)]
