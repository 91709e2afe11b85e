"""Triggers that count every write to the tables the reports read (see reports.models and reports.cache).

A statement-level trigger adds one FiguresWrite row per INSERT, UPDATE, DELETE or
TRUNCATE statement, in the writer's own transaction: no row is locked or shared,
so writers never wait for each other. The user table counts only changes to
``is_active`` (who counts as a portal user), not sign-ins.
"""

from django.db import migrations

# The models in reports.cache.WATCHED (a test checks the two lists agree).
WATCHED = [
    "portal.Member",
    "portal.User",
    "portal.Authority",
    "portal.Committee",
    "portal.CommitteeMembership",
    "guidance.Document",
    "guidance.DocumentVersion",
    "guidance.Acknowledgement",
    "training.Course",
    "training.Session",
    "training.Booking",
    "training.Completion",
    "training.InductionPack",
    "training.InductionItem",
    "training.InductionAssignment",
    "training.CommitteeRequirement",
    "advice.Question",
    "complaints.Complaint",
]
# Writes to these columns only, for tables where most writes change nothing the reports count.
COLUMNS = {"portal.User": ["is_active"]}

FUNCTION = """
CREATE OR REPLACE FUNCTION reports_count_write() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO reports_figureswrite (source) VALUES (TG_TABLE_NAME);
    RETURN NULL;
END;
$$;
"""


def install(apps, schema_editor):
    quote = schema_editor.quote_name
    schema_editor.execute(FUNCTION)
    for label in WATCHED:
        table = apps.get_model(label)._meta.db_table
        model = apps.get_model(label)
        update = "UPDATE"
        if label in COLUMNS:
            columns = [model._meta.get_field(name).column for name in COLUMNS[label]]
            update = "UPDATE OF " + ", ".join(quote(c) for c in columns)
        schema_editor.execute(
            f"CREATE TRIGGER reports_count_write AFTER INSERT OR {update} OR DELETE ON {quote(table)} "
            "FOR EACH STATEMENT EXECUTE FUNCTION reports_count_write()"
        )
        schema_editor.execute(
            f"CREATE TRIGGER reports_count_truncate AFTER TRUNCATE ON {quote(table)} "
            "FOR EACH STATEMENT EXECUTE FUNCTION reports_count_write()"
        )


def remove(apps, schema_editor):
    quote = schema_editor.quote_name
    for label in WATCHED:
        table = apps.get_model(label)._meta.db_table
        schema_editor.execute(f"DROP TRIGGER IF EXISTS reports_count_write ON {quote(table)}")
        schema_editor.execute(f"DROP TRIGGER IF EXISTS reports_count_truncate ON {quote(table)}")
    schema_editor.execute("DROP FUNCTION IF EXISTS reports_count_write()")


class Migration(migrations.Migration):
    dependencies = [
        ("reports", "0001_figures_writes"),
        ("portal", "0011_merge_20261129_2109"),
        ("guidance", "0009_merge_20261129_2109"),
        ("training", "0006_merge_20261129_2109"),
        ("advice", "0006_merge_20261129_2109"),
        ("complaints", "0008_merge_20261129_2109"),
    ]

    operations = [migrations.RunPython(install, remove)]
