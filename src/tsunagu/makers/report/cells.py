"""The pieces every report table is made of: cells that name their counts, drafts, and labelled tables."""

from __future__ import annotations

from collections.abc import Callable, Hashable
from dataclasses import dataclass, field

from tsunagu.domain.suppression import MARKER, CountTable, count_table

TOTAL = "total"
Value = int | float | str | None  # a count, a rate or percentage, the marker, a label, or not applicable
# The seeds' front matter, in their order: 目標 / 実績 / 達成率, the channels side by side, the headlines.
FRONT = ("kpi", "channels", "headline")


@dataclass(frozen=True)
class Cell:
    """One shown value; `key` names the underlying count for suppression (None for computed figures)."""

    value: Value
    key: Hashable | None = None
    depends: tuple[Hashable, ...] = ()  # the counts a computed figure is made of


@dataclass(frozen=True)
class Table:
    """One report table: ids for machines (CSV, JSON) and labels for people."""

    id: str
    channel: str | None  # None for ward-level tables (scans, activities, channels side by side)
    fiscal_year: int
    title: str
    rows: tuple[tuple[str, str], ...]  # (id, label)
    columns: tuple[tuple[str, str], ...]
    cells: tuple[tuple[Value, ...], ...]
    percent_columns: tuple[str, ...] = ()  # columns holding percentages (for formatting)
    percent_rows: tuple[str, ...] = ()  # rows holding percentages (headline tables list figures as rows)
    rate_rows: tuple[str, ...] = ()  # rows holding ratios shown with one decimal (per open day)


def front(tables: list[Table]) -> list[Table]:
    """The front tables in the seeds' order (every file puts them first, the workbook on its first sheet)."""
    return [t for kind in FRONT for t in tables if t.id == kind]


@dataclass
class Draft:
    """A table before suppression: its cells still know their keys; `counts` are the tables behind them."""

    id: str
    channel: str | None
    fiscal_year: int
    rows: list[tuple[str, str]]
    columns: list[tuple[str, str]]
    cells: list[list[Cell]]
    percent_columns: tuple[str, ...] = ()
    counts: list[CountTable] = field(default_factory=list)
    percent_rows: tuple[str, ...] = ()
    rate_rows: tuple[str, ...] = ()

    def shown(self, title: str, withheld: frozenset) -> Table:
        """The table as published: withheld counts and what depends on them become the marker."""
        cells = tuple(tuple(shown(c, withheld) for c in row) for row in self.cells)
        return Table(self.id, self.channel, self.fiscal_year, title, tuple(self.rows), tuple(self.columns), cells,
                     self.percent_columns, self.percent_rows, self.rate_rows)


def shown(cell: Cell, withheld: frozenset) -> Value:
    """A cell's published value: the marker when it or a count it depends on is withheld."""
    if cell.key is not None and cell.key in withheld:
        return MARKER
    if any(k in withheld for k in cell.depends):
        return MARKER
    return cell.value


def grid(prefix: tuple, rows: list[str], cols: list[str], value: Callable[[str, str], int], row_totals: bool,
         col_totals: bool) -> tuple[list[list[Cell]], CountTable]:
    """Cells (with totals) and the CountTable behind them, keys prefix + (row, column)."""
    values = [[int(value(r, c)) for c in cols] for r in rows]
    keys = [[(*prefix, r, c) for c in cols] for r in rows]
    table = count_table(keys, values, [(*prefix, r, TOTAL) for r in rows] if row_totals else None,
                        [(*prefix, TOTAL, c) for c in cols] if col_totals else None,
                        (*prefix, TOTAL, TOTAL) if row_totals and col_totals else None)
    cells = [[Cell(v, k) for v, k in zip(vr, kr, strict=True)] for vr, kr in zip(values, keys, strict=True)]
    if row_totals:
        for r, row in zip(rows, cells, strict=True):
            row.append(Cell(sum(int(c.value or 0) for c in row), (*prefix, r, TOTAL)))
    if col_totals:
        total_row = [Cell(sum(values[i][j] for i in range(len(rows))), (*prefix, TOTAL, c))
                     for j, c in enumerate(cols)]
        if row_totals:
            total_row.append(Cell(sum(map(sum, values)), (*prefix, TOTAL, TOTAL)))
        cells.append(total_row)
    return cells, table


def rounded(value: float | None) -> float | None:
    """One decimal, as the seeds print their figures."""
    return None if value is None else round(value, 1)


def label(text: dict, key: str) -> str:
    """A figure's name from the catalogue's `figures` (defined once), else a plain column label."""
    figure = text["figures"].get(key)
    return figure["name"] if figure else text["columns"][key]
