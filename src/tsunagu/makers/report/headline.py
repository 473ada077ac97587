"""The seeds' headline tables: each channel beside its previous year, a ward's channels side by side, the
reasons people gave, and the staff activity log. Rows are figures of `domain.figures`, named from the catalogue.

Counts carry keys, so the public version withholds small ones; shares depend on the counts they divide.
A channel's figures have the same keys in every table that shows them, so they are withheld together.
"""

from __future__ import annotations

from collections.abc import Hashable

from tsunagu.domain.config import Ward
from tsunagu.domain.figures import FIGURES
from tsunagu.domain.kpi import ActivityYear, ChannelYear, survey_pct
from tsunagu.domain.kpi_headline import Headline
from tsunagu.domain.suppression import CountTable, count_table
from tsunagu.domain.vocabulary import SURVEY_QUESTIONS
from tsunagu.makers.report.cells import TOTAL, Cell, Draft, grid, label, rounded

# The headline's rows, in the seeds' order; annotations (the snapshot's date, the share's basis) are text.
HEADLINE_ROWS: tuple[str, ...] = (
    "period", "open_days", "consultations", "per_open_day", "people_consulted", "friends_official",
    "friends_official_date", "friends_net", "consulted_share", "friends_basis", "young_share", "teen_share",
    "age_answered", "student_share", "status_answered",
)
CHANNEL_ROWS: tuple[str, ...] = (
    "period", "open_days", "consultations", "per_open_day", "people_consulted", "friends_official", "friends_net",
    "consulted_share", "young_share", "teen_share", "student_share",
)
KINDS = {f.id: f.kind for f in FIGURES}
PERCENT_ROWS = (*(r for r in HEADLINE_ROWS if KINDS.get(r) == "pct"), *(f"survey_{q}" for q in SURVEY_QUESTIONS))
RATE_ROWS = tuple(r for r in HEADLINE_ROWS if KINDS.get(r) == "rate")


def _figures(h: Headline | None, prefix: tuple, text: dict) -> tuple[dict[str, Cell], list[CountTable]]:
    """One column of headline cells (by row id) and the count tables behind them."""
    if h is None:
        return {}, []
    words = text["headline"]
    counts: dict[str, int] = {
        "consultations": h.consultations, "people_consulted": h.people_consulted, "friends_net": h.friends_net,
        "friends": h.friends, "age_answered": h.age_answered, "young": h.young, "teen": h.teen,
        "status_answered": h.status_answered, "student": h.status.get("student", 0),
    }
    if h.snapshot is not None:
        counts["friends_official"] = h.snapshot.followers
    key: dict[str, Hashable] = {name: (*prefix, name) for name in counts}
    tables = [count_table([[key[name]]], [[n]]) for name, n in counts.items()]
    cells = {
        "period": Cell(words["period_format"].format(first=h.first.isoformat(), last=h.last.isoformat())),
        "open_days": Cell(h.open_days),  # from the schedule: not a count of people
        "consultations": Cell(h.consultations, key["consultations"]),
        "per_open_day": Cell(rounded(h.per_open_day), depends=(key["consultations"],)),
        "people_consulted": Cell(h.people_consulted, key["people_consulted"]),
        "friends_official": Cell(h.snapshot.followers, key["friends_official"]) if h.snapshot else Cell(None),
        "friends_official_date": Cell(h.snapshot.day.isoformat() if h.snapshot else words["no_snapshot"]),
        "friends_net": Cell(h.friends_net, key["friends_net"]),
        "consulted_share": Cell(rounded(h.consulted_share), depends=(key["people_consulted"], key["friends"])),
        "friends_basis": Cell(words[f"basis_{h.friends_basis}"]),
        "young_share": Cell(rounded(h.young_share), depends=(key["young"], key["age_answered"])),
        "teen_share": Cell(rounded(h.teen_share), depends=(key["teen"], key["age_answered"])),
        "age_answered": Cell(h.age_answered, key["age_answered"]),
        "student_share": Cell(rounded(h.student_share), depends=(key["student"], key["status_answered"])),
        "status_answered": Cell(h.status_answered, key["status_answered"]),
    }
    return cells, tables


def _row_label(text: dict, row: str) -> str:
    return text["headline"][row] if row in ("friends_official_date", "friends_basis") else label(text, row)


def headline_table(block: ChannelYear, text: dict, language: str) -> Draft:
    """The channel's headline figures for the fiscal year, beside the whole previous fiscal year."""
    ch, fy = block.channel, block.fiscal_year
    this, this_counts = _figures(block.headline, (ch, fy, "headline"), text)
    before, before_counts = _figures(block.previous, (ch, fy, "previous"), text)
    columns = [("this", text["headline"]["this_year"].format(year=fy)),
               ("previous", text["headline"]["previous"].format(year=fy - 1))]
    cells = [[this.get(row, Cell(None)), before.get(row, Cell(None))] for row in HEADLINE_ROWS]
    return Draft("headline", ch, fy, [(r, _row_label(text, r)) for r in HEADLINE_ROWS], columns, cells, (),
                 this_counts + before_counts, PERCENT_ROWS, RATE_ROWS)


def channels_table(blocks: list[ChannelYear], ward: Ward, text: dict, language: str) -> Draft:
    """A ward's channels side by side for one fiscal year, as Kanagawa's press release shows them."""
    fy = blocks[0].fiscal_year
    rows = [(r, label(text, r)) for r in CHANNEL_ROWS]
    rows += [(f"survey_{q}", text["survey"][q]) for q in SURVEY_QUESTIONS]
    columns, by_column = [], []
    for block in blocks:
        columns.append((block.channel, ward.channel(block.channel).name.pick(language)))
        cells, _ = _figures(block.headline, (block.channel, fy, "headline"), text)
        p = (block.channel, fy, "survey")
        for q in SURVEY_QUESTIONS:  # the survey table's keys: withheld with its yes and no counts
            cells[f"survey_{q}"] = Cell(rounded(survey_pct(block.survey[q])), depends=((*p, q, "yes"), (*p, q, "no")))
        by_column.append(cells)
    cells_rows = [[col.get(r, Cell(None)) for col in by_column] for r, _ in rows]
    return Draft("channels", None, fy, rows, columns, cells_rows, (), [], PERCENT_ROWS, RATE_ROWS)


def reasons_table(block: ChannelYear, ward: Ward, text: dict, language: str) -> Draft | None:
    """Why people consulted: people per reason and the share of those who answered (None without reasons)."""
    h = block.headline
    channel = ward.channel(block.channel)
    if h is None or not channel.reasons:
        return None
    p = (block.channel, block.fiscal_year, "reasons")
    answered = (*p, "answered")
    rows = [(r.id, r.name.pick(language)) for r in channel.reasons] + [("answered", label(text, "reasons_answered"))]
    counts = [count_table([[(*p, r.id)] for r in channel.reasons], [[h.reasons[r.id]] for r in channel.reasons]),
              count_table([[answered]], [[h.reasons_answered]])]
    cells = [[Cell(h.reasons[r.id], (*p, r.id)), Cell(rounded(h.reason_share(r.id)), depends=((*p, r.id), answered))]
             for r in channel.reasons]
    cells.append([Cell(h.reasons_answered, answered), Cell(None)])
    columns = [("people", text["columns"]["people"]), ("pct", label(text, "reason_share"))]
    return Draft("reasons", block.channel, block.fiscal_year, rows, columns, cells, ("pct",), counts)


def activity_table(year: ActivityYear, ward: Ward, text: dict, language: str) -> Draft:
    """Staff-logged activity counts per month, one row per activity, item and measure."""
    activities = {a.id: a for a in ward.activities}
    rows, labels = [], []
    for activity_id, item, measure in year.rows:
        activity = activities[activity_id]
        names = {o.id: o.name.pick(language) for o in (*activity.items, *activity.measures)}
        head = activity.name.pick(language)
        if item:
            head = text["activity_item"].format(activity=head, item=names[item])
        rows.append("/".join(part for part in (activity_id, item, measure) if part))
        labels.append(text["activity_measure"].format(activity=head, measure=names[measure]))
    by_id = dict(zip(rows, year.rows, strict=True))
    months = list(year.months)
    cells, table = grid((ward.id, year.fiscal_year, "activities"), rows, months,
                        lambda r, m: year.counts[by_id[r]][m], True, False)
    columns = [(m, m) for m in months] + [(TOTAL, text["total"])]
    return Draft("activities", None, year.fiscal_year, list(zip(rows, labels, strict=True)), columns, cells, (),
                 [table])
