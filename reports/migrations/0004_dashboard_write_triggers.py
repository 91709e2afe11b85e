"""The write-counting triggers of 0002 on the tables the dashboard's panels read besides the reports'.

The dashboard keeps each panel's rendered card under the count of writes to the
tables it reads (see portal.dashboard), so every table a panel reads needs the
trigger, not only those the figures read. Writes to these tables do not move any
report section's version: a section counts only the tables in reports.cache.SOURCES.
"""

from django.db import migrations

# In reports.cache.DASHBOARD_ONLY (a test checks every table a panel reads has the trigger).
WATCHED = [
    "complaints.SubjectNotice",
    "complaints.IndependentPersonAssignment",
    "complaints.IndependentPersonView",
    "interests.Return",
    "interests.Dispensation",
    "training.CourseAssignment",
]


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
        ("reports", "0003_interests_write_triggers"),
        ("complaints", "0010_complainant_without_email"),
        ("interests", "0004_induction_step_in_every_pack"),
        ("training", "0007_induction_item_step"),
    ]

    operations = [migrations.RunPython(install, remove)]
