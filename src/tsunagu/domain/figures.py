"""Every figure the report shows, defined once: its id and what kind of value it is.

The words (name, formula, source) live in the report catalogue under `figures.<id>` in every language;
the report's tables, its definitions section (Markdown, HTML, Excel) and the README's figure table all
read them from there, and a drift test holds the README to the English catalogue. Pure domain.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

FigureKind = Literal["count", "pct", "rate", "text"]


@dataclass(frozen=True)
class Figure:
    """One figure: `count` (people or events, suppressed when small), `pct`, `rate` (a ratio) or `text`."""

    id: str
    kind: FigureKind


# In the order the definitions list them: the seeds' headline figures first, then the detailed tables.
FIGURES: tuple[Figure, ...] = (
    Figure("period", "text"),
    Figure("open_days", "count"),
    Figure("consultations", "count"),
    Figure("per_open_day", "rate"),
    Figure("people_consulted", "count"),
    Figure("friends_official", "count"),
    Figure("friends_net", "count"),
    Figure("consulted_share", "pct"),
    Figure("young_share", "pct"),
    Figure("teen_share", "pct"),
    Figure("age_answered", "count"),
    Figure("student_share", "pct"),
    Figure("status_answered", "count"),
    Figure("reason_share", "pct"),
    Figure("reasons_answered", "count"),
    Figure("survey_pct", "pct"),
    Figure("follows", "count"),
    Figure("unfollows", "count"),
    Figure("contacts", "count"),
    Figure("slots", "count"),
    Figure("utilisation", "pct"),
    Figure("age", "count"),
    Figure("handoff_requests", "count"),
    Figure("outcomes", "count"),
    Figure("activities", "count"),
    Figure("scans", "count"),
    Figure("kpi_rate", "pct"),
)
