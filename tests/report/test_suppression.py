"""Public tables: no count under 5 can be read, or worked out from the published cells and totals."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tsunagu.domain.suppression import count_table, suppress


@st.composite
def tables(draw):
    rows = draw(st.integers(1, 3))
    cols = draw(st.integers(1, 3))
    values = [[draw(st.integers(0, 9)) for _ in range(cols)] for _ in range(rows)]
    return values, draw(st.booleans()), draw(st.booleans()), draw(st.booleans())


def _published(values, row_totals, col_totals, grand):
    """What a reader sees: {(kind, i, j): value} for every cell and total the table shows."""
    rows, cols = len(values), len(values[0])
    cells = {("cell", i, j): values[i][j] for i in range(rows) for j in range(cols)}
    if row_totals:
        cells |= {("row", i, 0): sum(values[i]) for i in range(rows)}
    if col_totals:
        cells |= {("col", 0, j): sum(r[j] for r in values) for j in range(cols)}
    if grand:
        cells[("all", 0, 0)] = sum(map(sum, values))
    return cells


def _alternative(values, shown, withheld, target):
    """A non-negative table agreeing with every published cell and total but not with `target`, or None.

    Plain depth-first search over the withheld inner cells (true values tried first), independent of
    the suppression module's cycle argument.
    """
    rows, cols = len(values), len(values[0])
    bound = sum(map(sum, values)) + 2  # any alternative within this bound is a genuine one
    free = [(i, j) for i in range(rows) for j in range(cols) if ("cell", i, j) in withheld]
    kind, ti, tj = target  # cells behind the target first: change it early, then let the rest compensate
    free.sort(key=lambda c: not ((kind == "cell" and c == (ti, tj)) or (kind == "row" and c[0] == ti)
                                 or (kind == "col" and c[1] == tj)))
    known = {k: v for k, v in shown.items() if k not in withheld}
    grid = [[values[i][j] if ("cell", i, j) not in withheld else None for j in range(cols)] for i in range(rows)]

    def consistent(complete):
        for i in range(rows):
            if ("row", i, 0) in known and None not in grid[i] and sum(grid[i]) != known[("row", i, 0)]:
                return False
            if ("row", i, 0) in known and sum(v or 0 for v in grid[i]) > known[("row", i, 0)]:
                return False
        for j in range(cols):
            col = [grid[i][j] for i in range(rows)]
            if ("col", 0, j) in known and None not in col and sum(col) != known[("col", 0, j)]:
                return False
            if ("col", 0, j) in known and sum(v or 0 for v in col) > known[("col", 0, j)]:
                return False
        if ("all", 0, 0) in known and sum(v or 0 for r in grid for v in r) > known[("all", 0, 0)]:
            return False
        return not (complete and ("all", 0, 0) in known and sum(map(sum, grid)) != known[("all", 0, 0)])

    def target_settled():
        """True when every cell behind the target is filled in and the target kept its true value."""
        kind, i, j = target
        if kind == "cell":
            part, truth = [grid[i][j]], [values[i][j]]
        elif kind == "row":
            part, truth = grid[i], values[i]
        elif kind == "col":
            part, truth = [r[j] for r in grid], [r[j] for r in values]
        else:
            part, truth = [v for r in grid for v in r], [v for r in values for v in r]
        return None not in part and sum(part) == sum(truth)

    def lines():
        """Every published total with the cells it sums."""
        for i in range(rows):
            if ("row", i, 0) in known:
                yield known[("row", i, 0)], [(i, j) for j in range(cols)]
        for j in range(cols):
            if ("col", 0, j) in known:
                yield known[("col", 0, j)], [(i, j) for i in range(rows)]
        if ("all", 0, 0) in known:
            yield known[("all", 0, 0)], [(i, j) for i in range(rows) for j in range(cols)]

    def next_cell():
        """A cell whose value a total forces (the last empty one in its line), else the next free one."""
        for total, cells in lines():
            empty = [c for c in cells if grid[c[0]][c[1]] is None]
            if len(empty) == 1:
                return empty[0], [total - sum(grid[i][j] for i, j in cells if (i, j) != empty[0])]
        i, j = next(c for c in free if grid[c[0]][c[1]] is None)
        return (i, j), [values[i][j], *[v for v in range(bound) if v != values[i][j]]]

    def search(k):
        if k == len(free):
            return consistent(True)
        (i, j), choices = next_cell()
        for v in choices:
            if v < 0:
                continue
            grid[i][j] = v
            if consistent(False) and not target_settled() and search(k + 1):
                return True
        grid[i][j] = None
        return False

    return search(0)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(tables())
def test_no_published_count_under_5_can_be_recovered(table):
    values, row_totals, col_totals, grand = table
    rows, cols = len(values), len(values[0])
    shown = _published(values, row_totals, col_totals, grand)
    t = count_table([[("cell", i, j) for j in range(cols)] for i in range(rows)], values,
                    [("row", i, 0) for i in range(rows)] if row_totals else None,
                    [("col", 0, j) for j in range(cols)] if col_totals else None,
                    ("all", 0, 0) if grand else None)
    withheld = suppress([t])
    assert withheld <= shown.keys()
    small = {k for k, v in shown.items() if v < 5}
    assert small <= withheld, "every count under 5 is shown as <5"
    for key in sorted(small):
        assert _alternative(values, shown, withheld, key), f"{key} can be worked out from the published table"


def test_one_small_cell_in_a_row_with_a_total_takes_a_partner():
    t = count_table([["a", "b", "c"]], [[3, 12, 40]], ["total"], None, None)
    assert suppress([t]) == {"a", "b"}


def test_tables_sharing_a_total_are_protected_together():
    by_kind = count_table([["phone", "face"]], [[2, 30]], ["all"])
    by_partner = count_table([["p1", "p2", "p3"]], [[10, 12, 10]], ["all"])
    withheld = suppress([by_kind, by_partner])
    assert {"phone", "face"} <= withheld
    assert "all" not in withheld  # the grand figure may stay: phone and face are both withheld
