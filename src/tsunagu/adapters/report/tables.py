"""Labelled report tables from the domain figures, with suppression applied for the public version."""

from __future__ import annotations

from collections.abc import Hashable
from dataclasses import dataclass
from typing import Any

from tsunagu.catalog import section
from tsunagu.domain.config import Ward
from tsunagu.domain.kpi import ChannelYear, ScanYear, WardReport, survey_pct
from tsunagu.domain.suppression import MARKER, CountTable, count_table, suppress
from tsunagu.domain.vocabulary import AGE_BANDS, HANDOFF_KINDS, SURVEY_QUESTIONS

TOTAL = "total"
Value = int | float | str | None  # a count, a rate or percentage, the marker, or not applicable


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
    channel: str | None  # None for ward-level tables (scans)
    fiscal_year: int
    title: str
    rows: tuple[tuple[str, str], ...]  # (id, label)
    columns: tuple[tuple[str, str], ...]
    cells: tuple[tuple[Value, ...], ...]
    percent_columns: tuple[str, ...] = ()  # columns holding percentages (for formatting)


def build_tables(report: WardReport, ward: Ward, language: str = "ja", public: bool = False) -> list[Table]:
    """Every table of the report, in reading order; with `public`, small counts become '<5'."""
    text = section(language, "report")
    drafts: list[tuple[str, str | None, int, list[tuple[str, str]], list[tuple[str, str]], list[list[Cell]],
                       tuple[str, ...]]] = []
    counts: list[CountTable] = []
    for block in report.channels:
        for draft, tables in _channel_tables(block, ward, text, language):
            drafts.append(draft)
            counts.extend(tables)
    for scans in report.scans:
        draft, tables = _scan_table(scans, ward, text, public)
        drafts.append(draft)
        counts.extend(tables)
    withheld = suppress(counts) if public else frozenset()
    out = []
    for table_id, channel, fy, rows, cols, cells, pct in drafts:
        shown = tuple(tuple(_shown(c, withheld) for c in row) for row in cells)
        out.append(Table(table_id, channel, fy, text["tables"][table_id], tuple(rows), tuple(cols), shown, pct))
    return out


def _shown(cell: Cell, withheld: frozenset) -> Value:
    if cell.key is not None and cell.key in withheld:
        return MARKER
    if any(k in withheld for k in cell.depends):
        return MARKER
    return cell.value


def _grid(prefix: tuple, rows: list[str], cols: list[str], value: Any, row_totals: bool,
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
            row.append(Cell(sum(c.value for c in row), (*prefix, r, TOTAL)))
    if col_totals:
        total_row = [Cell(sum(values[i][j] for i in range(len(rows))), (*prefix, TOTAL, c))
                     for j, c in enumerate(cols)]
        if row_totals:
            total_row.append(Cell(sum(map(sum, values)), (*prefix, TOTAL, TOTAL)))
        cells.append(total_row)
    return cells, table


def _channel_tables(block: ChannelYear, ward: Ward, text: dict, language: str) -> list:
    ch, fy = block.channel, block.fiscal_year
    months = list(block.months)
    month_rows = [(m, m) for m in months] + [(TOTAL, text["total"])]
    col = text["columns"]
    out = []

    # Monthly figures: additive counts share a total row; contacts are not additive (distinct people).
    p = (ch, fy, "monthly")
    metrics = ["consultations", "follows", "unfollows"]
    data = {"consultations": block.consultations, "follows": block.follows, "unfollows": block.unfollows}
    cells, additive = _grid(p, months, metrics, lambda r, c: data[c][r], False, True)
    contacts_keys = [(*p, m, "contacts") for m in months]
    contacts = count_table([[k] for k in contacts_keys], [[block.contacts[m]] for m in months])
    contacts_total = count_table([[(*p, TOTAL, "contacts")]], [[block.contacts_total]])
    for i, m in enumerate(months):
        cells[i] += [Cell(block.contacts[m], contacts_keys[i]), Cell(block.slots[m]),
                     Cell(_pct(block.utilisation(m)), depends=((*p, m, "consultations"),))]
    cells[-1] += [Cell(block.contacts_total, (*p, TOTAL, "contacts")), Cell(sum(block.slots.values())),
                  Cell(_pct(block.utilisation_total), depends=((*p, TOTAL, "consultations"),))]
    columns = [(k, col[k]) for k in [*metrics, "contacts", "slots", "utilisation"]]
    monthly = ("monthly", ch, fy, month_rows, columns, cells, ("utilisation",))

    # KPI table: results are the monthly totals (same keys, so they are withheld together).
    kpi_cells = []
    sources = {
        "consultations": ((*p, TOTAL, "consultations"),), "consultations_per_month": ((*p, TOTAL, "consultations"),),
        "friends": ((*p, TOTAL, "follows"),),
        "felt_positive_pct": ((ch, fy, "survey", "positive", "yes"), (ch, fy, "survey", "positive", "no")),
        "glad_pct": ((ch, fy, "survey", "glad", "yes"), (ch, fy, "survey", "glad", "no")),
    }
    for row in block.kpi:
        actual = round(row.actual, 1) if isinstance(row.actual, float) else row.actual
        kpi_cells.append([Cell(row.target), Cell(actual, depends=sources[row.key]),
                          Cell(_round(row.rate), depends=sources[row.key])])
    kpi = ("kpi", ch, fy, [(r.key, text["kpi"][r.key]) for r in block.kpi],
           [(k, col[k]) for k in ("target", "actual", "rate")], kpi_cells, ("rate",))
    out.append((kpi, []))
    out.append((monthly, [additive, contacts, contacts_total]))

    # Age composition: months × bands, with totals both ways.
    cells, table = _grid((ch, fy, "age"), months, list(AGE_BANDS), lambda r, c: block.age[r][c], True, True)
    out.append((("age", ch, fy, month_rows, [(b, text["age"][b]) for b in AGE_BANDS] + [(TOTAL, text["total"])],
                 cells, ()), [table]))

    # Survey: yes + no = n per question; the percentage depends on both; skips stand alone.
    p = (ch, fy, "survey")
    cells, table = _grid(p, list(SURVEY_QUESTIONS), ["yes", "no"], lambda r, c: block.survey[r][c], True, False)
    for q, row in zip(SURVEY_QUESTIONS, cells, strict=True):
        row.append(Cell(_round(survey_pct(block.survey[q])), depends=((*p, q, "yes"), (*p, q, "no"))))
    skips = count_table([[(*p, q, "skip")] for q in SURVEY_QUESTIONS],
                        [[block.survey[q]["skip"]] for q in SURVEY_QUESTIONS])
    for q, row in zip(SURVEY_QUESTIONS, cells, strict=True):
        row.append(Cell(block.survey[q]["skip"], (*p, q, "skip")))
    out.append((("survey", ch, fy, [(q, text["survey"][q]) for q in SURVEY_QUESTIONS],
                 [(k, col[k]) for k in ("yes", "no")] + [("n", col["n"]), ("pct", col["pct"]), ("skip", col["skip"])],
                 cells, ("pct",)), [table, skips]))

    # Hand-offs: requests (records) and outcomes (staff logs) by month and kind; outcomes by partner.
    kinds = [(k, text["handoff"][k]) for k in HANDOFF_KINDS] + [(TOTAL, text["total"])]
    cells, table = _grid((ch, fy, "handoff_requests"), months, list(HANDOFF_KINDS),
                         lambda r, c: block.handoff_requests[r][c], True, True)
    out.append((("handoff_requests", ch, fy, month_rows, kinds, cells, ()), [table]))
    p = (ch, fy, "outcomes")
    cells, by_month = _grid(p, months, list(HANDOFF_KINDS), lambda r, c: block.outcomes[r][c], True, True)
    out.append((("outcomes", ch, fy, month_rows, kinds, cells, ()), [by_month]))
    partners = list(block.outcomes_by_partner)
    names = {pt.id: pt.name.pick(language) for pt in ward.partners}
    cells, by_partner = _grid(p, partners, list(HANDOFF_KINDS),
                              lambda r, c: block.outcomes_by_partner[r][c], True, True)
    # Both outcome tables end in the same per-kind totals: same keys (prefix p), protected together.
    partner_rows = [(pt, names.get(pt, text["none"])) for pt in partners] + [(TOTAL, text["total"])]
    out.append((("outcomes_by_partner", ch, fy, partner_rows, kinds, cells, ()), [by_partner]))
    return out


def _scan_table(scans: ScanYear, ward: Ward, text: dict, public: bool) -> tuple:
    months = list(scans.months)
    placements = list(scans.placements)
    if not placements:
        return ("scans", None, scans.fiscal_year, [], [], [], ()), []
    cells, table = _grid((ward.id, scans.fiscal_year, "scans"), months, placements,
                         lambda r, c: scans.scans[r][c], True, True)
    rows = [(m, m) for m in months] + [(TOTAL, text["total"])]
    # staff see their own description (which stalls); the public version names placements by id only
    where = {} if public else {pl.id: pl.where for pl in ward.placements}
    cols = [(pl, where.get(pl, pl)) for pl in placements] + [(TOTAL, text["total"])]
    return ("scans", None, scans.fiscal_year, rows, cols, cells, ()), [table]


def _pct(share: float | None) -> float | None:
    return None if share is None else round(100 * share, 1)


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 1)
