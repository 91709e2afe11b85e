"""Fold the report triggers' write rows into per-table tallies, so counting them stays cheap."""

from django.core.management.base import BaseCommand
from django.db import connection, transaction

# One statement: the rows it deletes are the rows it adds to the tallies, so every
# count a reader takes (rows + tally) is the same before and after. Rows of
# transactions still open are not visible to it and wait for the next run.
FOLD = """
WITH gone AS (DELETE FROM reports_figureswrite RETURNING source)
INSERT INTO reports_figurestally (source, writes)
SELECT source, COUNT(*) FROM gone GROUP BY source
ON CONFLICT (source) DO UPDATE SET writes = reports_figurestally.writes + EXCLUDED.writes
"""


class Command(BaseCommand):
    help = "Fold counted writes into the per-table tallies the report cache reads."

    def handle(self, *args, **options):
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(FOLD)
            folded = cursor.rowcount
        self.stdout.write(f"Folded writes for {folded} table(s).")
