"""Complementary suppression: which cells of a table the steering group may not see.

1. Primary: a count from 1 to 4, and every count of a row whose group is that
   small, shows as "fewer than 5".
2. Complementary: a table states sums (a row's group size is the sum of some of
   its columns; an "All" row is the sum of its column). A sum with one hidden
   cell would give it away by subtraction, so a second cell of the sum is
   "withheld" (the table's own "All" cell if no other table shows it, else the
   largest other cell);
   so is one where the hidden cells could only be all 0, or all at their limit.
   Then no hidden cell may follow from the sums by elimination either (an exact
   rank test); if one does, more are withheld until none does.
3. Rates: a rate in a row with a hidden count is hidden too (a rate times its
   base is the count).
"""

from fractions import Fraction

from reports.tables import SMALL_NUMBER, SUPPRESSED, WITHHELD, is_small

MAX_ROUNDS = 200
SMALL = SMALL_NUMBER


def plan(table, rows) -> dict:
    """{(row index, column key): label} for every cell to hide from the steering group."""
    counts = [c.key for c in table.columns if c.kind == "count" and c.suppress]
    rates = [c.key for c in table.columns if c.kind == "rate"]
    total_index = len(rows) - 1 if rows and rows[-1].get("_total") else None
    hidden, bounds = {}, {}

    for i, row in enumerate(rows):
        small_group = bool(table.group_size) and is_small(row.get(table.group_size))
        for key in counts:
            value = row.get(key)
            if value == SUPPRESSED or is_small(value):
                hidden[(i, key)], bounds[(i, key)] = SUPPRESSED, (1, SMALL - 1)
            elif small_group and value is not None:
                hidden[(i, key)], bounds[(i, key)] = SUPPRESSED, (0, SMALL - 1)

    relations = _relations(table, rows, total_index)
    scan = _Scan(relations)
    exhausted = set()
    for _ in range(MAX_ROUNDS):
        relation = scan.first_exposed(rows, hidden, bounds, exhausted)
        if relation is None:
            break
        candidate = _candidate(relation, rows, hidden, total_index, set(counts), set(table.own_totals))
        if candidate is None:
            exhausted.add(id(relation))
            continue
        hidden[candidate], bounds[candidate] = WITHHELD, (0, None)
        scan.changed(candidate)

    hidden_rows = {i for i, _ in hidden}
    for i in hidden_rows:
        for key in rates:
            hidden[(i, key)] = SUPPRESSED
    return hidden


def _relations(table, rows, total_index):
    """Each sum as [(cell, coefficient)], with coefficient -1 for the total and +1 for the parts.

    Every cell of a sum is a column of the table (a sum with a part nobody sees tells nothing).
    """
    shown = {c.key for c in table.columns if c.kind in ("count", "number")}
    relations = []
    sums = [(total, parts) for total, parts in table.sums if {total, *parts} <= shown]
    for i, row in enumerate(rows):
        if row.get("_total"):
            continue
        for total, parts in sums:
            if row.get(total) is not None:
                relations.append([((i, total), -1)] + [((i, p), 1) for p in parts])
    if total_index is not None:
        for key in table.totals:
            if key in shown:
                relations.append([((total_index, key), -1)] + [((i, key), 1) for i in range(total_index)])
    return relations


def _value(rows, cell):
    value = rows[cell[0]].get(cell[1])
    return value if isinstance(value, int) and not isinstance(value, bool) else None


class _Scan:
    """Finds the first exposed sum, round after round, without reading every sum each round.

    A sum's exposure depends only on its own cells, so a sum found safe stays safe
    until one of its cells is hidden. The scan remembers how far it got, and
    re-reads only the earlier sums that hold a newly hidden cell: the same first
    exposed sum as a full scan, in time that grows with the rows, not rows x rounds.
    """

    def __init__(self, relations):
        self.relations = relations
        self.position = 0  # every sum before it was safe when last read, unless in ``dirty``
        self.dirty = set()
        self.holding = {}
        for index, relation in enumerate(relations):
            for cell, _ in relation:
                self.holding.setdefault(cell, []).append(index)

    def changed(self, cell):
        self.dirty.update(i for i in self.holding.get(cell, ()) if i < self.position)

    def first_exposed(self, rows, hidden, bounds, exhausted):
        relations = self.relations
        for index in sorted(self.dirty):
            self.dirty.discard(index)
            if _exposed(relations[index], rows, hidden, bounds, exhausted):
                return relations[index]
        while self.position < len(relations):
            if _exposed(relations[self.position], rows, hidden, bounds, exhausted):
                return relations[self.position]
            self.position += 1
        determined = _determined(relations, rows, hidden)
        if determined:
            return next(
                (r for r in relations if id(r) not in exhausted and any(cell in determined for cell, _ in r)),
                None,
            )
        return None


def _exposed(relation, rows, hidden, bounds, exhausted) -> bool:
    if id(relation) in exhausted:
        return False
    inside = [(cell, coef) for cell, coef in relation if cell in hidden]
    if len(inside) == 1:
        return True
    return bool(inside) and _pinned_by_bounds(relation, inside, rows, bounds)


def _pinned_by_bounds(relation, inside, rows, bounds):
    """All hidden cells of one sign whose known total leaves them no choice (all 0, all at a limit)."""
    if len({coef for _, coef in inside}) != 1:
        return False
    shown = [(cell, coef) for cell, coef in relation if cell not in dict(inside)]
    values = [_value(rows, cell) for cell, _ in shown]
    if None in values:
        return False
    residual = abs(-sum(coef * v for (_, coef), v in zip(shown, values, strict=True)))
    low = sum(bounds[cell][0] for cell, _ in inside)
    highs = [bounds[cell][1] for cell, _ in inside]
    high = None if None in highs else sum(highs)
    return residual in (low, high)


def _candidate(relation, rows, hidden, total_index, suppressible, own_totals=()):
    """The cell to withhold next in a sum: a part, not hidden, not in the "All" row; the largest.

    When the "All" row is this table's own (no other table shows it), it goes first.
    """
    if own_totals:
        own = [
            cell
            for cell, _ in relation
            if cell[0] == total_index and cell[1] in own_totals and cell not in hidden
        ]
        if own and _value(rows, own[0]) is not None:
            return own[0]
    parts = [cell for cell, coef in relation if coef > 0 and cell not in hidden and cell[0] != total_index]
    if not parts:
        parts = [cell for cell, _ in relation if cell not in hidden and cell[0] != total_index]
    parts = [cell for cell in parts if cell[1] in suppressible and _value(rows, cell) is not None]
    if not parts:
        return None
    return max(parts, key=lambda cell: (_value(rows, cell) > 0, _value(rows, cell), -cell[0]))


def _determined(relations, rows, hidden) -> set:
    """Hidden cells that follow from the sums and the shown cells by elimination (exact arithmetic)."""
    unknown = sorted({cell for relation in relations for cell, _ in relation if cell in hidden})
    if not unknown:
        return set()
    column = {cell: j for j, cell in enumerate(unknown)}
    matrix = []
    for relation in relations:
        row = [Fraction(0)] * len(unknown)
        for cell, coef in relation:
            if cell in column:
                row[column[cell]] += coef
        if any(row):
            matrix.append(row)
    return {unknown[j] for j in determined_columns(matrix, len(unknown))}


def determined_columns(matrix, width) -> set:
    """Columns j for which the unit vector e_j lies in the row space of ``matrix`` (reduced row echelon)."""
    rows = [list(map(Fraction, r)) for r in matrix]
    pivots, r = [], 0
    for j in range(width):
        pivot = next((i for i in range(r, len(rows)) if rows[i][j] != 0), None)
        if pivot is None:
            continue
        rows[r], rows[pivot] = rows[pivot], rows[r]
        lead = rows[r][j]
        rows[r] = [x / lead for x in rows[r]]
        for i in range(len(rows)):
            if i != r and rows[i][j] != 0:
                factor = rows[i][j]
                rows[i] = [a - factor * b for a, b in zip(rows[i], rows[r], strict=True)]
        pivots.append(j)
        r += 1
    return {j for k, j in enumerate(pivots) if sum(1 for x in rows[k] if x != 0) == 1}
