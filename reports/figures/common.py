"""What every report section shares: the named-list limit and charts drawn from rendered tables."""

import contextlib
import contextvars
import functools

from reports.charts import BarChart, LineChart, describe_bars
from reports.tables import ChartSpec, Table

# Named lists show this many on the page; their CSV has everyone.
NAMED_LIST_LIMIT = 200

# Tables already worked out in this rendering of the printable report (see ``one_scope``).
_built = contextvars.ContextVar("reports_tables_built", default=None)


@contextlib.contextmanager
def one_scope():
    """Within this block, each ``shared`` table is worked out once: the printable report shows
    every section for one scope and reader, and the summary repeats four sections' main tables
    (the guidance table alone takes seconds for 30,000 documents)."""
    token = _built.set({})
    try:
        yield
    finally:
        _built.reset(token)


def shared(build):
    """A table builder ``build(scope, **options)`` whose table ``one_scope`` keeps for reuse."""

    @functools.wraps(build)
    def wrapper(scope, **options):
        built = _built.get()
        if built is None:
            return build(scope, **options)
        key = (build.__module__, build.__qualname__, id(scope), tuple(sorted(options.items())))
        if key not in built:
            built[key] = build(scope, **options)
        return built[key]

    return wrapper


def finish(table: Table, *, names: bool) -> Table:
    """Draw the table's chart from its cells as the reader will see them: what is hidden is not drawn."""
    spec = table.chart
    if not isinstance(spec, ChartSpec):
        return table
    rendered = table.rendered(suppress=not names)
    keys = [c.key for c in table.columns]
    label_index = keys.index(spec.label) if spec.label else 0
    value_index = keys.index(spec.value)
    shown = [cells for cells, row in zip(rendered, table.all_rows(), strict=True) if not row.get("_total")]
    values = [
        (str(cells[label_index].value), None if cells[value_index].suppressed else cells[value_index].value)
        for cells in shown
    ]
    hidden_as = {str(cells[label_index].value): cells[value_index].text for cells in shown}
    if table.page_limit is not None:
        values = values[: table.page_limit]
    chart_id = f"chart-{table.key}"
    if spec.kind == "line":
        table.chart = LineChart(
            id=chart_id,
            title=spec.title,
            description="; ".join(f"{month}: {hidden_as[month] if v is None else v}" for month, v in values)
            or table.empty,
            points=[(f"{month[:3]} {month[-2:]}", v) for month, v in values],
        )
    else:
        description = "; ".join(
            f"{label}: {hidden_as[label] if v is None else f'{v:.0f}%'}" for label, v in values
        )
        table.chart = BarChart(
            id=chart_id, title=spec.title, description=description or describe_bars([]), bars=values
        )
    return table
