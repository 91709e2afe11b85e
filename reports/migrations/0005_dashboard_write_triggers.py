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


# Tables whose reports trigger counts only some columns (0004: the questions'): the dashboard
# needs every write (a member reading an answer clears their "new answer"), counted under the
# table's name with "+all" (reports.cache.ALL_WRITES), which no report section reads.
ALL_WRITES = ["advice.Question"]

COUNT_AS = """
CREATE OR REPLACE FUNCTION reports_count_write_as() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO reports_figureswrite (source) VALUES (TG_ARGV[0]);
    RETURN NULL;
END;
$$;
"""


def install(apps, schema_editor):
    quote = schema_editor.quote_name
    schema_editor.execute(COUNT_AS)
    for label in ALL_WRITES:
        db_table = apps.get_model(label)._meta.db_table
        schema_editor.execute(
            f"CREATE TRIGGER reports_count_all_writes AFTER INSERT OR UPDATE OR DELETE ON {quote(db_table)} "
            f"FOR EACH STATEMENT EXECUTE FUNCTION reports_count_write_as('{db_table}+all')"
        )
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
    for label in ALL_WRITES:
        table = quote(apps.get_model(label)._meta.db_table)
        schema_editor.execute(f"DROP TRIGGER IF EXISTS reports_count_all_writes ON {table}")
    schema_editor.execute("DROP FUNCTION IF EXISTS reports_count_write_as()")
    for label in WATCHED:
        table = quote(apps.get_model(label)._meta.db_table)
        schema_editor.execute(f"DROP TRIGGER IF EXISTS reports_count_write ON {table}")
        schema_editor.execute(f"DROP TRIGGER IF EXISTS reports_count_truncate ON {table}")


class Migration(migrations.Migration):
    dependencies = [
        ("reports", "0004_question_trigger_columns"),
        ("complaints", "0010_complainant_without_email"),
        ("interests", "0004_induction_step_in_every_pack"),
        ("training", "0007_induction_item_step"),
    ]

    operations = [migrations.RunPython(install, remove)]
