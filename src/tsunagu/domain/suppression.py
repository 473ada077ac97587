"""Small-count suppression for public figures: no count under 5 can be read or worked out.

The rule (documented in the README, "Reports and open data"):

1. Primary: every published count under 5 (0 to 4) is withheld and shown as "<5".
2. Complementary: a withheld count must not be derivable from what is published. Tables carry
   totals (a row of column totals, a column of row totals, a grand total), so one withheld cell in
   a row can be worked out by subtraction, and so can a zero withheld together with zeros (counts
   are never negative). More cells are withheld, smallest first, until every withheld cell can
   take at least two values consistent with all published cells and totals. These are shown as
   "<5" too: in a public table "<5" means "under 5, or withheld so that one cannot be derived".
3. A figure computed from counts (a rate, a percentage) is withheld with the counts it uses.
4. Tables that share a count (a total that appears in two tables) are protected together: a cell
   withheld in one is withheld in every table showing it.

Exactness: the constraints of a table with its margins are those of a transportation problem, so a
withheld cell is determined exactly when no feasible ±1 exchange cycle passes through it. We look
for such a cycle in the residual graph (rows and columns as nodes, withheld cells as arcs in the
directions a +1/-1 change keeps every count non-negative). Pure domain: standard library only.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass

THRESHOLD = 5  # the seeds' and most Japanese open-data guidelines' minimum publishable count
MARKER = "<5"

Key = Hashable


@dataclass(frozen=True)
class CountTable:
    """Counts with optional published totals; every cell is named by a key unique across a report.

    `row_totals[i]` is the key of row i's total (None when the table shows no row totals); the same
    for `column_totals`; `grand_total` is the key of the overall total, or None when not shown.
    """

    keys: tuple[tuple[Key, ...], ...]
    values: tuple[tuple[int, ...], ...]
    row_totals: tuple[Key, ...] | None = None
    column_totals: tuple[Key, ...] | None = None
    grand_total: Key | None = None


def count_table(keys: Sequence[Sequence[Key]], values: Sequence[Sequence[int]],
                row_totals: Sequence[Key] | None = None, column_totals: Sequence[Key] | None = None,
                grand_total: Key | None = None) -> CountTable:
    """Build a CountTable from lists."""
    return CountTable(tuple(tuple(r) for r in keys), tuple(tuple(int(v) for v in r) for r in values),
                      tuple(row_totals) if row_totals is not None else None,
                      tuple(column_totals) if column_totals is not None else None, grand_total)


def suppress(tables: Iterable[CountTable], threshold: int = THRESHOLD) -> frozenset[Key]:
    """The keys to withhold so that no count under `threshold` can be read or derived (rules 1, 2, 4)."""
    grids = [_Grid(t) for t in tables]
    withheld: set[Key] = set()
    for g in grids:
        withheld.update(k for k, v in g.shown() if v < threshold)
    changed = True
    while changed:
        changed = False
        for g in grids:
            added = g.protect(withheld)
            if added:
                withheld.update(added)
                changed = True
    return frozenset(withheld)


class _Grid:
    """A table as an augmented (m+1)×(n+1) grid: the last row and column hold the totals.

    Totals a table does not show are unknown to a reader, so they count as withheld (hidden) cells:
    that keeps one exact model for tables with or without margins.
    """

    def __init__(self, table: CountTable) -> None:
        m, n = len(table.values), len(table.values[0]) if table.values else 0
        self.m, self.n = m, n
        self.value = [[0] * (n + 1) for _ in range(m + 1)]
        self.key: list[list[Key | None]] = [[None] * (n + 1) for _ in range(m + 1)]
        for i in range(m):
            for j in range(n):
                self.value[i][j] = table.values[i][j]
                self.key[i][j] = table.keys[i][j]
            self.value[i][n] = sum(table.values[i])
            if table.row_totals is not None:
                self.key[i][n] = table.row_totals[i]
        for j in range(n):
            self.value[m][j] = sum(table.values[i][j] for i in range(m))
            if table.column_totals is not None:
                self.key[m][j] = table.column_totals[j]
        self.value[m][n] = sum(self.value[m][j] for j in range(n))
        self.key[m][n] = table.grand_total

    def cells(self) -> Iterable[tuple[int, int]]:
        return ((i, j) for i in range(self.m + 1) for j in range(self.n + 1))

    def shown(self) -> Iterable[tuple[Key, int]]:
        return ((self.key[i][j], self.value[i][j]) for i, j in self.cells() if self.key[i][j] is not None)

    def protect(self, withheld: set[Key]) -> set[Key]:
        """Withhold more shown cells until no withheld cell is determined; returns the keys added."""
        if self.m == 0 or self.n == 0:
            return set()
        hidden = {(i, j) for i, j in self.cells() if self.key[i][j] is None or self.key[i][j] in withheld}
        added: set[Key] = set()
        while True:
            exposed = next((c for c in sorted(hidden) if self.key[c[0]][c[1]] is not None
                            and self._determined(c, hidden)), None)
            if exposed is None:
                return added
            pick = self._complement(exposed, hidden)
            if pick is None:
                return added
            hidden.add(pick)
            added.add(self.key[pick[0]][pick[1]])

    def _complement(self, cell: tuple[int, int], hidden: set[tuple[int, int]]) -> tuple[int, int] | None:
        """The smallest shown cell in the same row or column whose withholding frees `cell`."""
        i, j = cell
        line = [(i, c) for c in range(self.n + 1)] + [(r, j) for r in range(self.m + 1)]
        candidates = sorted({c for c in line if c not in hidden}, key=lambda c: (self.value[c[0]][c[1]], c))
        if not candidates:  # the row and column are all withheld (zeros): widen to the whole table
            candidates = sorted((c for c in self.cells() if c not in hidden),
                                key=lambda c: (self.value[c[0]][c[1]], c))
        for c in candidates:
            if not self._determined(cell, hidden | {c}):
                return c
        return candidates[0] if candidates else None

    def _determined(self, cell: tuple[int, int], hidden: set[tuple[int, int]]) -> bool:
        # With totals negated (y = -x on single margins), every row and column of the grid sums to
        # zero, so changes that keep all published cells are alternating cycles through withheld cells.
        # Row node i is ("r", i), column node j is ("c", j); arc r→c means y += 1 on that cell.
        arcs: dict[tuple[str, int], list[tuple[tuple[str, int], tuple[int, int]]]] = {}
        for i, j in hidden:
            margin = (i == self.m) != (j == self.n)
            x = self.value[i][j]
            up_ok = x >= 1 if margin else True  # y += 1 lowers x on a margin
            down_ok = True if margin else x >= 1
            if up_ok:
                arcs.setdefault(("r", i), []).append((("c", j), (i, j)))
            if down_ok:
                arcs.setdefault(("c", j), []).append((("r", i), (i, j)))
        i, j = cell
        for src, dst in ((("c", j), ("r", i)), (("r", i), ("c", j))):
            # a cycle through the cell's arc dst→src exists if src reaches dst without using the cell
            own_arc = any(to == src and c == cell for to, c in arcs.get(dst, []))
            if own_arc and _reaches(arcs, src, dst, cell):
                return False
        return True


def _reaches(arcs: dict, src: tuple[str, int], dst: tuple[str, int], skip: tuple[int, int]) -> bool:
    seen = {src}
    todo = [src]
    while todo:
        node = todo.pop()
        if node == dst:
            return True
        for to, c in arcs.get(node, []):
            if c != skip and to not in seen:
                seen.add(to)
                todo.append(to)
    return False
