"""The table every two-store benchmark prints: one row per figure, both stores side by side, and their ratio."""

from __future__ import annotations

from rich.table import Table


def side_by_side(title: str, results: dict[str, dict[str, float]], digits: int = 2) -> Table:
    """A rich table of `{store: {figure: value}}` for exactly two stores, with the second ÷ the first."""
    (first, first_figures), (second, second_figures) = results.items()
    table = Table(title=title)
    table.add_column("figure")
    table.add_column(first, justify="right")
    table.add_column(second, justify="right")
    table.add_column(f"{second} / {first}", justify="right")
    for figure, value in first_figures.items():
        other = second_figures[figure]
        table.add_row(figure, f"{value:,.{digits}f}", f"{other:,.{digits}f}", f"{other / value:.2f}" if value else "—")
    return table
