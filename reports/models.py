"""What the reports keep so a page need not work its figures out again: a tally of writes.

Every write to a table the figures read (members, guidance, training, casework)
adds one row to FiguresWrite, from a database trigger, inside the writing
transaction (so the admin, the services, bulk updates and raw SQL all count, and
a write that rolls back never did). ``reports.cache`` counts the rows of the
tables a section reads: a new count means a new cache key, so a cached figure
is never older than the last committed write. ``prune_figure_writes`` folds old
rows into FiguresTally, leaving every count unchanged.
"""

from django.db import models


class FiguresWrite(models.Model):
    """One statement that changed a table the reports read (written by a trigger, never by Django)."""

    id = models.BigAutoField(primary_key=True)
    source = models.CharField(max_length=63, db_index=True)  # the table's name

    class Meta:
        default_permissions = ()

    def __str__(self):
        return f"write to {self.source}"


class FiguresTally(models.Model):
    """Writes already folded out of FiguresWrite, per table."""

    source = models.CharField(max_length=63, primary_key=True)
    writes = models.BigIntegerField(default=0)

    class Meta:
        default_permissions = ()

    def __str__(self):
        return f"{self.writes} writes to {self.source}"
