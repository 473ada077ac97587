"""PNG charts with matplotlib in Noto Sans CJK JP, found through fontconfig.

Figures are made with matplotlib's object API, not pyplot: no GUI backend is chosen, no global figure
registry keeps them alive, and the report's style applies only inside `draw_charts`.
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any

import matplotlib
from matplotlib import font_manager
from matplotlib.axes import Axes
from matplotlib.container import BarContainer
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from tsunagu.catalog import section
from tsunagu.domain.config import Ward
from tsunagu.domain.suppression import MARKER
from tsunagu.makers.drawing import fonts
from tsunagu.makers.report.cells import TOTAL, Table

FONT_FAMILY = "Noto Sans CJK JP"  # Debian's fonts-noto-cjk; scripts/setup installs it
COLOURS = ("#6a3d9a", "#e7298a", "#1b9e77", "#d95f02", "#7570b3", "#66a61e", "#a6761d")


@functools.cache
def _font() -> str:
    """Register the Japanese font with matplotlib and return its family (FontMissingError if absent)."""
    path = fonts.find(FONT_FAMILY, "report charts").path
    font_manager.fontManager.addfont(path)
    return font_manager.FontProperties(fname=path).get_name()


def _style() -> dict[str, object]:
    return {"font.family": _font(), "axes.spines.top": False, "axes.spines.right": False}


def _figure(height: float = 4) -> tuple[Figure, Axes]:
    fig = Figure(figsize=(8, height))
    return fig, fig.subplots()


def draw_charts(tables: list[Table], ward: Ward, folder: Path, language: str = "ja") -> list[Path]:
    """Monthly consultations and friends, age composition, survey answers, reasons (per channel and year),
    consultations per day by channel and scans by placement (per ward and year); returns the PNG paths."""
    folder.mkdir(parents=True, exist_ok=True)
    report_text = section(language, "report")
    text = {**report_text["charts"], "fiscal_year": report_text["fiscal_year"], "title": report_text["chart_title"]}
    out = []
    with matplotlib.rc_context(_style()):
        for t in tables:
            if not t.rows:
                continue
            name = f"{t.channel or ward.id}-{t.fiscal_year}-{t.id}.png"
            title = _title(t, ward, text, language)
            if t.id == "monthly":
                out.append(_monthly(t, folder / name, title, text))
            elif t.id == "age":
                out.append(_bars(t, _last(t), folder / name, title, text["people_axis"]))
            elif t.id == "survey":
                out.append(_survey(t, folder / name, title, text))
            elif t.id == "reasons":
                out.append(_reasons(t, folder / name, title, text))
            elif t.id == "channels":  # Kanagawa's comparison: consultations per day open, channel by channel
                per_day = t.cells[[rid for rid, _ in t.rows].index("per_open_day")]
                pairs = [(label, v) for (_, label), v in zip(t.columns, per_day, strict=True) if v is not None]
                out.append(_bars(t, pairs, folder / name, title, text["per_day_axis"], rotate=True, fmt="{:.1f}"))
            elif t.id == "scans":
                # placement ids, not the long descriptions, fit under a bar
                ids = [(cid, v) for (cid, _), (_, v) in zip(t.columns, _last(t), strict=False)]
                out.append(_bars(t, ids, folder / name, title, text["count_axis"], rotate=True))
    return out


def _title(t: Table, ward: Ward, text: dict, language: str) -> str:
    key = t.id
    where = ward.channel(t.channel).name if t.channel else ward.name
    label = where.pick(language)
    year = text["fiscal_year"].format(year=t.fiscal_year)
    return text["title"].format(where=label, title=text.get(key, t.title), year=year)


def _last(t: Table) -> list[tuple[str, Any]]:
    """The total row as (column label, value), without the grand total."""
    return [(label, v) for (cid, label), v in zip(t.columns, t.cells[-1], strict=True) if cid != TOTAL]


def _number(value: Any) -> float:
    return float(value) if isinstance(value, int | float) else 0.0


def _annotate(ax: Axes, bars: BarContainer, values: list[Any], fmt: str = "{:,}") -> None:
    for bar, v in zip(bars, values, strict=True):
        label = MARKER if v == MARKER else ("" if v is None else fmt.format(v))
        ax.annotate(label, (bar.get_x() + bar.get_width() / 2, bar.get_height()), ha="center", va="bottom",
                    fontsize=8, xytext=(0, 2), textcoords="offset points")


def _from_zero(ax: Axes, whole: bool = True) -> None:
    """Start a count axis at 0; a chart of nothing but zeros drew an axis from -0.04 to 0.04."""
    ax.set_ylim(0, max(ax.get_ylim()[1], 1))
    if whole:  # people and scans come in whole numbers: no 0.5 ticks on a small count
        ax.yaxis.set_major_locator(MaxNLocator(integer=True))


def _save(fig: Figure, path: Path) -> Path:
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    return path


def _monthly(t: Table, path: Path, title: str, text: dict) -> Path:
    cols = [cid for cid, _ in t.columns]
    rows = [(rid, cells) for (rid, _), cells in zip(t.rows, t.cells, strict=True) if rid != TOTAL]
    months = [rid[2:].replace("-", "/") for rid, _ in rows]  # 2024-04 -> 24/04: twelve fit on one axis
    consult = [cells[cols.index("consultations")] for _, cells in rows]
    friends = [cells[cols.index("follows")] for _, cells in rows]
    fig, ax = _figure()
    x = range(len(months))
    width = 0.4
    b1 = ax.bar([i - width / 2 for i in x], [_number(v) for v in consult], width, color=COLOURS[0],
                label=dict(t.columns)["consultations"])
    b2 = ax.bar([i + width / 2 for i in x], [_number(v) for v in friends], width, color=COLOURS[1],
                label=dict(t.columns)["follows"])
    _annotate(ax, b1, consult)
    _annotate(ax, b2, friends)
    ax.set_xticks(list(x), months)
    ax.set_xlabel(text["month_axis"])
    ax.set_ylabel(text["count_axis"])
    _from_zero(ax)
    ax.set_title(title)
    ax.legend(frameon=False)
    return _save(fig, path)


def _bars(t: Table, pairs: list[tuple[str, Any]], path: Path, title: str, axis: str, rotate: bool = False,
          fmt: str = "{:,}") -> Path:
    fig, ax = _figure()
    labels = [label for label, _ in pairs]
    values = [v for _, v in pairs]
    bars = ax.bar(range(len(labels)), [_number(v) for v in values], color=COLOURS[2])
    _annotate(ax, bars, values, fmt)
    ax.set_xticks(range(len(labels)), labels, rotation=20 if rotate else 0, ha="right" if rotate else "center")
    ax.set_ylabel(axis)
    _from_zero(ax, whole=fmt == "{:,}")
    ax.set_title(title)
    return _save(fig, path)


def _survey(t: Table, path: Path, title: str, text: dict) -> Path:
    cols = [cid for cid, _ in t.columns]
    labels = [label for _, label in t.rows]
    pcts = [cells[cols.index("pct")] for cells in t.cells]
    ns = [cells[cols.index("n")] for cells in t.cells]
    return _shares(labels, pcts, ns, path, title, text, text["share_answers"])


def _reasons(t: Table, path: Path, title: str, text: dict) -> Path:
    """Each reason's share of the people who answered, with how many chose it (the last row is the n, not drawn)."""
    cols = [cid for cid, _ in t.columns]
    rows = [(label, cells) for (rid, label), cells in zip(t.rows, t.cells, strict=True) if rid != "answered"]
    return _shares([label for label, _ in rows], [cells[cols.index("pct")] for _, cells in rows],
                   [cells[cols.index("people")] for _, cells in rows], path, title, text, text["share_people"])


def _shares(labels: list[str], pcts: list[Any], ns: list[Any], path: Path, title: str, text: dict,
            count: str) -> Path:
    fig, ax = _figure(max(2.5, 0.6 * len(labels) + 1.1))
    y = range(len(labels))
    bars = ax.barh(list(y), [_number(v) for v in pcts], color=COLOURS[4])
    for bar, v, n in zip(bars, pcts, ns, strict=True):
        shown = MARKER if v == MARKER else ("—" if v is None else f"{v:.1f}%")
        ax.annotate(count.format(pct=shown, n=n), (bar.get_width(), bar.get_y() + bar.get_height() / 2), va="center",
                    fontsize=8, xytext=(3, 0), textcoords="offset points")
    ax.set_yticks(list(y), labels)
    ax.invert_yaxis()
    ax.set_xlim(0, 115)
    ax.set_xlabel(text["pct_axis"])
    ax.set_title(title)
    return _save(fig, path)
