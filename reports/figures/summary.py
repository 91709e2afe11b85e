"""The summary: headline figures, then the main table of each section (no named lists, whoever is looking).

Each headline is the "All" row of a table on the same page, shown or hidden as
that table shows it, so a headline never gives away what a table hides.
"""

from portal.aggregates import rate
from reports.figures.guidance import documents_table
from reports.figures.induction import cohorts_table
from reports.figures.training import committees_table, courses_table
from reports.tables import SUPPRESSED, Column, Table


def summary(scope, *, names):
    suppress = not names
    documents = documents_table(scope, names=names)
    committees = committees_table(scope, names=names)
    cohorts = cohorts_table(scope, names=names)
    courses = courses_table(scope, names=names)

    def total(table, key):
        if not list(table.rows):
            return 0, False
        cell = table.cell(key, suppress=suppress)
        return cell.value, cell.suppressed

    headlines = []

    def line(measure, table, key, *, of=None):
        value, hidden = total(table, key)
        row = {"measure": measure, "value": cell_text(value, hidden), "rate": None}
        if of is not None:
            base, base_hidden = total(table, of)
            if not hidden and not base_hidden and isinstance(value, int) and isinstance(base, int):
                row["rate"] = rate(value, base)
        headlines.append(row)

    line("Guidance: acknowledgements of current versions owed", documents, "members")
    line("Guidance: acknowledged", documents, "acknowledged", of="members")
    line("Training: places booked", courses, "booked")
    line("Training: completions", courses, "completions")
    line("Committee places with required training", committees, "members")
    eligible_now = _eligible_now(committees, suppress)
    places, places_hidden = total(committees, "members")
    headlines.append(
        {
            "measure": "Committee places eligible to sit",
            "value": eligible_now,
            "rate": rate(eligible_now, places)
            if isinstance(eligible_now, int) and not places_hidden
            else None,
        }
    )
    line("Members on an induction pack", cohorts, "members")
    line("Members who have finished induction", cohorts, "complete", of="members")
    table = Table(
        key="headlines",
        caption="Headline figures",
        columns=[
            Column("measure", "Measure", kind="label"),
            Column("value", "Number", kind="number", suppress=False),
            Column("rate", "Rate", kind="rate"),
        ],
        rows=headlines,
        note="Each figure is the “All” row of a table in its section.",
    )
    return [table, documents, committees, cohorts]


def cell_text(value, hidden):
    return SUPPRESSED if hidden else value


def _eligible_now(committees, suppress):
    """Places eligible now: both eligible columns of the committee table's "All" row, if both are shown."""
    if not list(committees.rows):
        return 0
    first = committees.cell("eligible", suppress=suppress)
    second = committees.cell("expiring", suppress=suppress)
    if first.suppressed or second.suppressed:
        return SUPPRESSED
    return first.value + second.value
