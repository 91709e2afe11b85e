from django.db import migrations

from portal.roles import sync_roles


class Migration(migrations.Migration):
    """Give the Monitoring Officer, the Deputy and the Independent Person their complaint permissions."""

    dependencies = [
        ("complaints", "0001_initial"),
        ("portal", "0003_member_search"),
    ]

    operations = [migrations.RunPython(sync_roles, migrations.RunPython.noop)]
