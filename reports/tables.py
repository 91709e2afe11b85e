"""Report tables: columns, the small-number rule, and CSV export.

A figure about fewer than SMALL_NUMBER members could point at a person, so for
anyone who may not see names (the steering group) such a count, and any rate
worked out over such a group, shows as "fewer than 5". Member Support and the
Monitoring Officer see the figures as they are.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from portal.csvexport import csv_response

SMALL_NUMBER = 5
SUPPRESSED = f"fewer than {SMALL_NUMBER}"


@dataclass(frozen=True)
class Column:
    key: str
    heading: str
    # label: text; count: a number of members/events; rate: a percentage over ``base``;
    # number: a figure that is not a head count (e.g. median days), never suppressed.
    kind: str = "count"
    base: str = ""  # for rates: the column holding the group size
    suppress: bool = True  # counts of events rather than people may opt out


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
    names: bool = False  # a named list: only for those who may see names
    note: str = ""
    chart: object = None
    empty: str = "Nothing to show for these filters."
    csv_rows: Callable[[], Iterable[dict]] | None = field(default=None, repr=False)


def _is_small(value) -> bool:
    return isinstance(value, int) and 0 < value < SMALL_NUMBER


def format_value(column: Column, value) -> str:
    if value is None:
        return "–" if column.kind != "label" else ""
    if column.kind == "rate":
        return f"{value:.0f}%"
    if column.kind == "number" and isinstance(value, float):
        return f"{value:.1f}"
    return str(value)


def render_row(table: Table, row: dict, *, suppress: bool) -> list[Cell]:
    small_group = suppress and table.group_size and _is_small(row.get(table.group_size))
    cells = []
    for column in table.columns:
        value = row.get(column.key)
        if column.kind == "label":
            cells.append(Cell(value, format_value(column, value), numeric=False))
            continue
        hidden = False
        if suppress and column.suppress:
            if column.kind == "count":
                hidden = small_group or _is_small(value)
            elif column.kind == "rate":
                hidden = small_group or (column.base and _is_small(row.get(column.base)))
        if hidden:
            cells.append(Cell(None, SUPPRESSED, suppressed=True))
        else:
            cells.append(Cell(value, format_value(column, value)))
    return cells


def rendered_rows(table: Table, *, suppress: bool) -> list[list[Cell]]:
    return [render_row(table, row, suppress=suppress) for row in table.rows]


def export_csv(table: Table, *, suppress: bool, filename: str):
    rows = table.csv_rows() if table.csv_rows else table.rows

    def lines():
        for row in rows:
            yield [
                cell.text if cell.suppressed else _csv_value(cell.value)
                for cell in render_row(table, row, suppress=suppress)
            ]

    return csv_response(filename, [column.heading for column in table.columns], lines())


def _csv_value(value):
    if isinstance(value, float):
        return round(value, 1)
    return value
