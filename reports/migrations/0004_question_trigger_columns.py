"""The questions' write trigger counts only writes to the columns the casework figures read.

A member opening their question records that they have seen it (``member_seen_at``), an
UPDATE that changes no figure. Counted, it made every kept casework table and the printable
report old each time a member read an answer: under load the printable report (6 s to work
out at the large scale) was never served from the cache. ``advice.figures.steering_figures``
reads when a question was received, its topic, its target date and when it was first
answered and answered; inserts and deletes still count, as before.
"""

from django.db import migrations

LABEL = "advice.Question"
# Keep in step with advice.figures.steering_figures (tests/reports/test_cache.py checks both ways).
COLUMNS = ["received_at", "topic", "due_on", "first_response_at", "answered_at"]


def _replace(apps, schema_editor, columns):
    quote = schema_editor.quote_name
    model = apps.get_model(LABEL)
    table = quote(model._meta.db_table)
    update = "UPDATE"
    if columns:
        update += " OF " + ", ".join(quote(model._meta.get_field(name).column) for name in columns)
    schema_editor.execute(f"DROP TRIGGER IF EXISTS reports_count_write ON {table}")
    schema_editor.execute(
        f"CREATE TRIGGER reports_count_write AFTER INSERT OR {update} OR DELETE ON {table} "
        "FOR EACH STATEMENT EXECUTE FUNCTION reports_count_write()"
    )


def install(apps, schema_editor):
    _replace(apps, schema_editor, COLUMNS)


def remove(apps, schema_editor):
    _replace(apps, schema_editor, None)


class Migration(migrations.Migration):
    dependencies = [
        ("reports", "0003_interests_write_triggers"),
        ("advice", "0007_question_open_queue_indexes"),
    ]

    operations = [migrations.RunPython(install, remove)]
