"""Report tables: columns, the small-number rule with complementary suppression, and CSV export.

A figure about fewer than SMALL_NUMBER members could point at a person, so for
anyone who may not see names (the steering group) such a count, every figure
of a group that small, and any rate in a row with a hidden count show as
"fewer than 5". Where a total (a row's group size, or a table's "All" row)
would then let a hidden count be worked out by subtraction, a second count in
the same sum is "withheld" too (see ``reports.suppression``). Member Support
and the Monitoring Officer see the figures as they are.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from portal.csvexport import csv_response

SMALL_NUMBER = 5
SUPPRESSED = f"fewer than {SMALL_NUMBER}"
WITHHELD = "withheld"
TOTAL_LABEL = "All"


@dataclass(frozen=True)
class Column:
    key: str
    heading: str
    # label: text; count: a number of members/events; rate: a percentage over ``base``;
    # number: a figure that is not a head count (e.g. a version number), never suppressed.
    kind: str = "count"
    base: str = ""  # for rates: the column holding the group size
    suppress: bool = True  # counts of things that are not about members (sessions held) may opt out


@dataclass(frozen=True)
class ChartSpec:
    """A chart of one column, drawn from the rendered cells so it hides what the table hides."""

    kind: str  # "bar" (percentages per row) or "line" (a count per month)
    title: str
    value: str
    label: str = ""


@dataclass
class Cell:
    value: object
    text: str
    suppressed: bool = False
    numeric: bool = True


@dataclass
class Table:
    key: str
    caption: str
    columns: list[Column]
    rows: Iterable[dict]
    # Column that sizes each row's group: a row whose group is small is suppressed whole.
    group_size: str = ""
    # Each row's ``total`` column is the sum of its ``parts`` columns: [(total, [parts])].
    sums: list = field(default_factory=list)
    # Columns with an "All" row at the foot (the sum of every row).
    totals: list = field(default_factory=list)
    total_values: dict | None = None  # the "All" row's figures when they are known already
    # Columns whose "All" figure no other table shows: that figure may then be withheld itself.
    own_totals: list = field(default_factory=list)
    names: bool = False  # a named list: only for those who may see names
    note: str = ""
    chart: object = None
    empty: str = "Nothing to show for these filters."
    page_limit: int | None = None  # rows shown on the page; the CSV has them all
    csv_rows: Callable[[], Iterable[dict]] | None = field(default=None, repr=False)
    _rendered: dict = field(default_factory=dict, repr=False)

    def all_rows(self) -> list[dict]:
        rows = list(self.rows)
        if self.totals and rows:
            label = next((c.key for c in self.columns if c.kind == "label"), None)
            given = self.total_values or {}
            total = {key: given.get(key, _sum(row.get(key) for row in rows)) for key in self.totals}
            if label:
                total[label] = TOTAL_LABEL
            total["_total"] = True
            rows.append(total)
        return rows

    def rendered(self, *, suppress: bool) -> list[list[Cell]]:
        """Every row (and the "All" row) as cells, suppression planned over the whole table."""
        if suppress not in self._rendered:
            from reports.suppression import plan

            rows = self.all_rows()
            hidden = plan(self, rows) if suppress else {}
            # Each row's hidden cells, gathered once: looking them up per row would cost
            # rows x hidden cells (minutes for a library of 30,000 documents).
            by_row: dict[int, dict] = {}
            for (index, key), label in hidden.items():
                by_row.setdefault(index, {})[key] = label
            self._rendered[suppress] = [
                _cells(self, row, by_row.get(index, {})) for index, row in enumerate(rows)
            ]
        return self._rendered[suppress]

    def cell(self, key: str, *, suppress: bool, row: int = -1) -> Cell:
        index = next(i for i, c in enumerate(self.columns) if c.key == key)
        return self.rendered(suppress=suppress)[row][index]


def _sum(values):
    total = 0
    for value in values:
        if isinstance(value, bool) or not isinstance(value, int | float):
            return None
        total += value
    return total


def is_small(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and 0 < value < SMALL_NUMBER


_is_small = is_small


def format_value(column: Column, value) -> str:
    if value is None:
        return "–" if column.kind != "label" else ""
    if isinstance(value, str):
        return value
    if column.kind == "rate":
        return f"{value:.0f}%"
    if column.kind == "number" and isinstance(value, float):
        return f"{value:.1f}"
    return str(value)


def _cells(table: Table, row: dict, hidden: dict) -> list[Cell]:
    cells = []
    for column in table.columns:
        value = row.get(column.key)
        if column.kind == "label":
            cells.append(Cell(value, format_value(column, value), numeric=False))
        elif column.key in hidden:
            cells.append(Cell(None, hidden[column.key], suppressed=True))
        elif isinstance(value, str) and value == SUPPRESSED:
            cells.append(Cell(None, SUPPRESSED, suppressed=True))
        else:
            cells.append(Cell(value, format_value(column, value)))
    return cells


def render_row(table: Table, row: dict, *, suppress: bool) -> list[Cell]:
    """One row on its own (as if it were the whole table)."""
    from reports.suppression import plan

    single = Table(
        key=table.key,
        caption=table.caption,
        columns=table.columns,
        rows=[row],
        group_size=table.group_size,
        sums=table.sums,
    )
    hidden = plan(single, [row]) if suppress else {}
    return _cells(table, row, {k: v for (i, k), v in hidden.items() if i == 0})


def rendered_rows(table: Table, *, suppress: bool) -> list[list[Cell]]:
    rows = table.rendered(suppress=suppress)
    if table.page_limit is not None and len(rows) > table.page_limit:
        # The page shows the first rows and the "All" row; the CSV has every row.
        rows = rows[: table.page_limit] + (rows[-1:] if table.totals else [])
    return rows


def export_csv(table: Table, *, suppress: bool, filename: str):
    if table.csv_rows is not None:
        # A named list, streamed: never suppressed (only those who may see names get one).
        rows = (_cells(table, row, {}) for row in table.csv_rows())
    else:
        rows = table.rendered(suppress=suppress)

    def lines():
        for cells in rows:
            yield [cell.text if cell.suppressed else _csv_value(cell.value) for cell in cells]

    return csv_response(filename, [column.heading for column in table.columns], lines())


def _csv_value(value):
    if isinstance(value, float):
        return round(value, 1)
    return value
