"""Labelled report tables from the domain figures, with suppression applied for the public version."""

from __future__ import annotations

from collections.abc import Sequence

from tsunagu.catalog import section
from tsunagu.domain.config import Ward
from tsunagu.domain.counts import HEADLINE
from tsunagu.domain.kpi import ChannelYear, ScanYear, WardReport, survey_pct
from tsunagu.domain.records import OVER_CEILING
from tsunagu.domain.staffing import StaffingRow
from tsunagu.domain.suppression import count_table, suppress
from tsunagu.domain.vocabulary import AGE_BANDS, HANDOFF_KINDS, SURVEY_QUESTIONS, WEEKDAYS
from tsunagu.makers.report.cells import TOTAL, Cell, Draft, Table, Value, grid, label, rounded
from tsunagu.makers.report.headline import activity_table, channels_table, headline_table, reasons_table

__all__ = ["TOTAL", "Cell", "Table", "Value", "build_tables"]


def build_tables(report: WardReport, ward: Ward, language: str = "ja", public: bool = False,
                 staffing: Sequence[StaffingRow] = ()) -> list[Table]:
    """Every table of the report, in reading order; with `public`, small counts become '<5'.

    `staffing`: the planner's counsellors per open hour (domain.staffing), shown per channel after its
    other tables; the planner's maths stays in the planner (the entry command hands the rows over).
    """
    text = section(language, "report")
    drafts: list[Draft] = []
    for fy in sorted({b.fiscal_year for b in report.channels}):
        blocks = [b for b in report.channels if b.fiscal_year == fy]
        if len(blocks) > 1:
            drafts.append(channels_table(blocks, ward, text, language))
    for block in report.channels:
        drafts.append(headline_table(block, text, language))
        drafts.extend(_channel_tables(block, ward, text, language))
        reasons = reasons_table(block, ward, text, language)
        if reasons is not None:
            drafts.append(reasons)
        last_year = max(b.fiscal_year for b in report.channels if b.channel == block.channel)
        mine = [r for r in staffing if r.channel == block.channel]
        # Staff only: arrivals per hour of the week are small counts averaged, which suppression cannot reach.
        if mine and block.fiscal_year == last_year and not public:
            drafts.append(_staffing_table(mine, block.fiscal_year, language))
    drafts.extend(activity_table(year, ward, text, language) for year in report.activities)
    drafts.extend(_scan_table(scans, ward, text, public) for scans in report.scans)
    withheld = suppress([c for d in drafts for c in d.counts]) if public else frozenset()
    return [d.shown(text["tables"][d.id], withheld) for d in drafts]


def _channel_tables(block: ChannelYear, ward: Ward, text: dict, language: str) -> list[Draft]:
    ch, fy = block.channel, block.fiscal_year
    months = list(block.months)
    month_rows = [(m, m) for m in months] + [(TOTAL, text["total"])]
    col = text["columns"]
    out = []

    # Monthly figures: additive counts share a total row; contacts are not additive (distinct people).
    p = (ch, fy, "monthly")
    metrics = ["consultations", "follows", "unfollows"]
    data = {"consultations": block.consultations, "follows": block.follows, "unfollows": block.unfollows}
    cells, additive = grid(p, months, metrics, lambda r, c: data[c][r], False, True)
    contacts_keys = [(*p, m, "contacts") for m in months]
    contacts = count_table([[k] for k in contacts_keys], [[block.contacts[m]] for m in months])
    contacts_total = count_table([[(*p, TOTAL, "contacts")]], [[block.contacts_total]])
    # Utilisation takes the contractor's "answered" where they reported a month: withheld with it, too.
    def counted(month: str) -> tuple[tuple, ...]:
        theirs = ((ch, fy, "contractor", month, "answered"),) if month in block.reported or (
            month == TOTAL and block.reported) else ()
        return ((*p, month, "consultations"), *theirs)

    for i, m in enumerate(months):
        cells[i] += [Cell(block.contacts[m], contacts_keys[i]), Cell(block.slots[m]),
                     Cell(_pct(block.utilisation(m)), depends=counted(m))]
    cells[-1] += [Cell(block.contacts_total, (*p, TOTAL, "contacts")), Cell(sum(block.slots.values())),
                  Cell(_pct(block.utilisation_total), depends=counted(TOTAL))]
    columns = [(k, label(text, k)) for k in [*metrics, "contacts", "slots", "utilisation"]]
    monthly = Draft("monthly", ch, fy, month_rows, columns, cells, ("utilisation",),
                    [additive, contacts, contacts_total])

    # KPI table: results are the monthly totals (same keys, so they are withheld together).
    kpi_cells = []
    sources = {
        "consultations": ((*p, TOTAL, "consultations"),), "consultations_per_month": ((*p, TOTAL, "consultations"),),
        "consultations_reported": ((ch, fy, "contractor", TOTAL, "answered"),),
        "consultations_per_month_reported": ((ch, fy, "contractor", TOTAL, "answered"),),
        "friends": ((ch, fy, "headline", "friends"),),
        "felt_positive_pct": ((ch, fy, "survey", "positive", "yes"), (ch, fy, "survey", "positive", "no")),
        "glad_pct": ((ch, fy, "survey", "glad", "yes"), (ch, fy, "survey", "glad", "no")),
    }
    for row in block.kpi:
        actual = round(row.actual, 1) if isinstance(row.actual, float) else row.actual
        kpi_cells.append([Cell(row.target), Cell(actual, depends=sources[row.key]),
                          Cell(rounded(row.rate), depends=sources[row.key])])
    out.append(Draft("kpi", ch, fy, [(r.key, text["kpi"][r.key]) for r in block.kpi],
                     [("target", col["target"]), ("actual", col["actual"]), ("rate", label(text, "kpi_rate"))],
                     kpi_cells, ("rate",)))
    out.append(monthly)
    if any(map(any, block.heatmap)):  # when people write: contacts per weekday and hour (issue 24)
        days, hours = list(WEEKDAYS), [str(h) for h in range(24)]
        cells, table = grid((ch, fy, "heatmap"), days, hours, lambda r, c: block.heatmap[days.index(r)][int(c)],
                            True, True)
        names = section(language, "dates")["weekdays"]
        out.append(Draft("heatmap", ch, fy, [(d, names[i]) for i, d in enumerate(days)] + [(TOTAL, text["total"])],
                         [(h, h) for h in hours] + [(TOTAL, text["total"])], cells, (), [table]))
    if block.reported:  # the contractor's own counts, labelled with their source (issue 24)
        reported = [m for m in months if m in block.reported]
        cells, table = grid((ch, fy, "contractor"), reported, list(HEADLINE), lambda r, c: block.reported[r][c],
                            False, True)
        out.append(Draft("contractor", ch, fy, [(m, m) for m in reported] + [(TOTAL, text["total"])],
                         [(h, text["contractor"][h]) for h in HEADLINE], cells, (), [table]))

    # Age composition: months × bands, with totals both ways.
    cells, table = grid((ch, fy, "age"), months, list(AGE_BANDS), lambda r, c: block.age[r][c], True, True)
    out.append(Draft("age", ch, fy, month_rows, [(b, text["age"][b]) for b in AGE_BANDS] + [(TOTAL, text["total"])],
                     cells, (), [table]))

    # Survey: yes + no = n per question; the percentage depends on both; skips stand alone.
    p = (ch, fy, "survey")
    cells, table = grid(p, list(SURVEY_QUESTIONS), ["yes", "no"], lambda r, c: block.survey[r][c], True, False)
    for q, row in zip(SURVEY_QUESTIONS, cells, strict=True):
        row.append(Cell(rounded(survey_pct(block.survey[q])), depends=((*p, q, "yes"), (*p, q, "no"))))
    skips = count_table([[(*p, q, "skip")] for q in SURVEY_QUESTIONS],
                        [[block.survey[q]["skip"]] for q in SURVEY_QUESTIONS])
    for q, row in zip(SURVEY_QUESTIONS, cells, strict=True):
        row.append(Cell(block.survey[q]["skip"], (*p, q, "skip")))
    out.append(Draft("survey", ch, fy, [(q, text["survey"][q]) for q in SURVEY_QUESTIONS],
                     [(k, col[k]) for k in ("yes", "no")] + [("n", col["n"]), ("pct", label(text, "survey_pct")),
                                                            ("skip", col["skip"])],
                     cells, ("pct",), [table, skips]))

    # Hand-offs: requests (records) and outcomes (staff logs) by month and kind; outcomes by partner.
    kinds = [(k, text["handoff"][k]) for k in HANDOFF_KINDS] + [(TOTAL, text["total"])]
    cells, table = grid((ch, fy, "handoff_requests"), months, list(HANDOFF_KINDS),
                        lambda r, c: block.handoff_requests[r][c], True, True)
    out.append(Draft("handoff_requests", ch, fy, month_rows, kinds, cells, (), [table]))
    p = (ch, fy, "outcomes")
    cells, by_month = grid(p, months, list(HANDOFF_KINDS), lambda r, c: block.outcomes[r][c], True, True)
    out.append(Draft("outcomes", ch, fy, month_rows, kinds, cells, (), [by_month]))
    partners = list(block.outcomes_by_partner)
    names = {pt.id: pt.name.pick(language) for pt in ward.partners}
    cells, by_partner = grid(p, partners, list(HANDOFF_KINDS),
                             lambda r, c: block.outcomes_by_partner[r][c], True, True)
    # Both outcome tables end in the same per-kind totals: same keys (prefix p), protected together.
    partner_rows = [(pt, names.get(pt, text["none"])) for pt in partners] + [(TOTAL, text["total"])]
    out.append(Draft("outcomes_by_partner", ch, fy, partner_rows, kinds, cells, (), [by_partner]))
    return out


STAFFING_COLUMNS = ("arrivals_per_hour", "counsellors", "capacity", "staffing", "answered_in_time", "abandoned",
                    "utilisation", "expected_wait_min")


def _staffing_table(rows: Sequence[StaffingRow], fiscal_year: int, language: str) -> Draft:
    """Counsellors per open hour of the week, beside the programme's capacity (issue 24): rates, not counts."""
    words, days = section(language, "plan"), section(language, "dates")["weekdays"]
    ordered = sorted(rows, key=lambda r: (r.weekday, r.start))
    labels = [(f"{WEEKDAYS[r.weekday]}-{r.start}", f"{days[r.weekday]} {r.start}–{r.end}") for r in ordered]
    cells = [[Cell(round(r.arrivals_per_hour, 2)), Cell(r.counsellors), Cell(r.capacity),
              Cell(words["staffing"][r.staffing]), Cell(_pct(r.answered_in_time)), Cell(_pct(r.abandoned)),
              Cell(_pct(r.utilisation)), Cell(round(r.expected_wait_min, 1))] for r in ordered]
    columns = [(c, words["columns"][c]) for c in STAFFING_COLUMNS]
    return Draft("staffing", rows[0].channel, fiscal_year, labels, columns, cells,
                 ("answered_in_time", "abandoned", "utilisation"))


def _scan_table(scans: ScanYear, ward: Ward, text: dict, public: bool) -> Draft:
    months = list(scans.months)
    placements = list(scans.placements)
    if not placements:
        return Draft("scans", None, scans.fiscal_year, [], [], [])
    cells, table = grid((ward.id, scans.fiscal_year, "scans"), months, placements,
                         lambda r, c: scans.scans[r][c], True, True)
    rows = [(m, m) for m in months] + [(TOTAL, text["total"])]
    # staff see their own description (which stalls); the public version names placements by id only
    where = {} if public else {pl.id: pl.where for pl in ward.placements}

    def name(column: str) -> str:  # a placement, or its scans over the daily ceiling (issue 19, F5)
        placement, over, _ = column.partition(OVER_CEILING)
        shown = where.get(placement, placement)
        return text["columns"]["over_ceiling"].format(placement=shown) if over else shown

    cols = [(pl, name(pl)) for pl in placements] + [(TOTAL, text["total"])]
    return Draft("scans", None, scans.fiscal_year, rows, cols, cells, (), [table])


def _pct(share: float | None) -> float | None:
    return None if share is None else round(100 * share, 1)

