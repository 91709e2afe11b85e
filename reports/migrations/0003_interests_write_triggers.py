"""The write-counting triggers of 0002 on the registers of interests' tables the figures read."""

from django.db import migrations

# Added to reports.cache.WATCHED (a test checks the migrations' lists and the cache's agree).
WATCHED = ["interests.Register", "interests.Gift"]


def install(apps, schema_editor):
    quote = schema_editor.quote_name
    for label in WATCHED:
        table = quote(apps.get_model(label)._meta.db_table)
        schema_editor.execute(
            f"CREATE TRIGGER reports_count_write AFTER INSERT OR UPDATE OR DELETE ON {table} "
            "FOR EACH STATEMENT EXECUTE FUNCTION reports_count_write()"
        )
        schema_editor.execute(
            f"CREATE TRIGGER reports_count_truncate AFTER TRUNCATE ON {table} "
            "FOR EACH STATEMENT EXECUTE FUNCTION reports_count_write()"
        )


def remove(apps, schema_editor):
    quote = schema_editor.quote_name
    for label in WATCHED:
        table = quote(apps.get_model(label)._meta.db_table)
        schema_editor.execute(f"DROP TRIGGER IF EXISTS reports_count_write ON {table}")
        schema_editor.execute(f"DROP TRIGGER IF EXISTS reports_count_truncate ON {table}")


class Migration(migrations.Migration):
    dependencies = [
        ("reports", "0002_figures_write_triggers"),
        ("interests", "0004_induction_step_in_every_pack"),
    ]

    operations = [migrations.RunPython(install, remove)]
