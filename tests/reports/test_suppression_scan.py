"""The suppression plan's incremental scan hides exactly what a full scan of every sum each round hides,
on short tables with every kind of "All" row and on a long one."""

import random

import pytest

from reports import suppression
from reports.suppression import _candidate, _determined, _pinned_by_bounds, _relations, plan
from reports.tables import SMALL_NUMBER, SUPPRESSED, WITHHELD, Column, Table, is_small


def full_scan_plan(table, rows):
    """The plan as first written: every round reads every sum from the first (the reference)."""
    counts = [c.key for c in table.columns if c.kind == "count" and c.suppress]
    rates = [c.key for c in table.columns if c.kind == "rate"]
    total_index = len(rows) - 1 if rows and rows[-1].get("_total") else None
    hidden, bounds = {}, {}
    for i, row in enumerate(rows):
        small_group = bool(table.group_size) and is_small(row.get(table.group_size))
        for key in counts:
            value = row.get(key)
            if value == SUPPRESSED or is_small(value):
                hidden[(i, key)], bounds[(i, key)] = SUPPRESSED, (1, SMALL_NUMBER - 1)
            elif small_group and value is not None:
                hidden[(i, key)], bounds[(i, key)] = SUPPRESSED, (0, SMALL_NUMBER - 1)

    def first_exposed(relations, exhausted):
        for relation in relations:
            if id(relation) in exhausted:
                continue
            inside = [(cell, coef) for cell, coef in relation if cell in hidden]
            if len(inside) == 1:
                return relation
            if inside and _pinned_by_bounds(relation, inside, rows, bounds):
                return relation
        determined = _determined(relations, rows, hidden)
        if determined:
            return next(
                (r for r in relations if id(r) not in exhausted and any(cell in determined for cell, _ in r)),
                None,
            )
        return None

    relations = _relations(table, rows, total_index)
    exhausted = set()
    for _ in range(suppression.MAX_ROUNDS):
        relation = first_exposed(relations, exhausted)
        if relation is None:
            break
        candidate = _candidate(relation, rows, hidden, total_index, set(counts), set(table.own_totals))
        if candidate is None:
            exhausted.add(id(relation))
            continue
        hidden[candidate], bounds[candidate] = WITHHELD, (0, None)
    for i in {i for i, _ in hidden}:
        for key in rates:
            hidden[(i, key)] = SUPPRESSED
    return hidden


def document_table(rows, *, own_totals=("members", "acknowledged", "not_acknowledged")):
    return Table(
        key="documents",
        caption="Documents",
        columns=[
            Column("title", "Document", kind="label"),
            Column("members", "Members"),
            Column("acknowledged", "Acknowledged"),
            Column("not_acknowledged", "Still to acknowledge"),
            Column("rate", "Rate", kind="rate", base="members"),
        ],
        rows=rows,
        group_size="members",
        sums=[("members", ["acknowledged", "not_acknowledged"])],
        totals=["members", "acknowledged", "not_acknowledged"],
        own_totals=list(own_totals),
    )


def random_rows(rng, n):
    rows = []
    for i in range(n):
        members = rng.choice([0, 1, 2, 3, 4, 5, 6, 8, 12, 30])
        acknowledged = rng.randint(0, members)
        rows.append(
            {
                "title": f"Document {i}",
                "members": members,
                "acknowledged": acknowledged,
                "not_acknowledged": members - acknowledged,
                "rate": None,
            }
        )
    return rows


@pytest.mark.parametrize("seed", range(60))
def test_the_incremental_scan_hides_what_the_full_scan_hides(seed):
    rng = random.Random(seed)
    own = rng.choice([(), ("members", "acknowledged", "not_acknowledged"), ("acknowledged",)])
    table = document_table(random_rows(rng, rng.randint(1, 40)), own_totals=own)
    rows = table.all_rows()
    assert plan(table, rows) == full_scan_plan(table, rows)


def test_a_long_table_with_a_few_small_rows_hides_the_same_cells():
    rng = random.Random(7)
    rows = []
    for i in range(2_000):
        members = rng.choice([3] + [40] * 49)
        acknowledged = rng.randint(0, members)
        rows.append(
            {
                "title": f"Document {i}",
                "members": members,
                "acknowledged": acknowledged,
                "not_acknowledged": members - acknowledged,
                "rate": None,
            }
        )
    table = document_table(rows)
    rows = table.all_rows()
    hidden = plan(table, rows)
    assert hidden == full_scan_plan(table, rows)
    assert any(label == WITHHELD for label in hidden.values())
