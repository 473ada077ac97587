"""The contractor's monthly counts: what the counselling contractor reports that the webhook cannot see.

The webhook never sees the counsellors' replies, so it cannot tell a real consultation from a mistaken
contact or one nobody answered (Tokyo's 2018 trial counted 28% of contacts as 間違い・無応答). The
contractor files those counts each month; `tsunagu counts import` reads them from the template
`tsunagu counts template` writes. Counts only: no person, no text. Pure domain.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal, get_args

# The headline counts of a channel's month, in the order of the template.
Headline = Literal["answered", "not_answered", "turned_away", "mistaken", "emergencies"]
HEADLINE: tuple[Headline, ...] = get_args(Headline)

# How long chats lasted; the planner takes its handle time from them.
DurationBand = Literal["under-15", "15-30", "30-60", "60-90", "90-plus"]
DURATION_BANDS: tuple[DurationBand, ...] = get_args(DurationBand)
BAND_MINUTES: dict[DurationBand, tuple[float, float]] = {
    "under-15": (5.0, 15.0), "15-30": (15.0, 30.0), "30-60": (30.0, 60.0), "60-90": (60.0, 90.0),
    "90-plus": (90.0, 120.0),  # the open band is taken as 90-120 minutes: chats are rarely longer
}

# Keys of the detailed counts: "<section>/<id>", e.g. duration/30-60, topic/dv, handoff/phone, referral/police.
Section = Literal["duration", "topic", "handoff", "referral"]
SECTIONS: tuple[Section, ...] = get_args(Section)


@dataclass(frozen=True)
class ContractorCounts:
    """One channel's counts for one month (YYYY-MM), as the contractor reported them."""

    channel: str
    month: str
    counts: Mapping[str, int] = field(default_factory=dict)  # headline names and "<section>/<id>" keys

    def get(self, key: str) -> int:
        """A count, 0 when not reported."""
        return int(self.counts.get(key, 0))

    @property
    def consultations(self) -> int:
        """Consultations the counsellors answered: the contractor's figure for 相談件数."""
        return self.get("answered")

    def section(self, name: Section) -> dict[str, int]:
        """The counts of one section by id, e.g. section('topic') -> {'dv': 12, ...}."""
        prefix = f"{name}/"
        return {k[len(prefix):]: int(v) for k, v in self.counts.items() if k.startswith(prefix)}

    def duration_bands(self) -> tuple[tuple[float, float, float], ...]:
        """(from, to minutes, share) of each reported band; empty without durations."""
        bands = self.section("duration")
        total = sum(bands.values())
        if not total:
            return ()
        return tuple((*BAND_MINUTES[b], bands[b] / total) for b in DURATION_BANDS if bands.get(b))

    def mean_duration(self) -> float | None:
        """Mean chat minutes from the bands (each at its middle), None without durations."""
        bands = self.duration_bands()
        return sum((lo + hi) / 2 * share for lo, hi, share in bands) if bands else None


def pooled_bands(months: list[ContractorCounts]) -> tuple[tuple[float, float, float], ...]:
    """The duration bands of several months together, weighted by their counts."""
    totals = {b: sum(m.section("duration").get(b, 0) for m in months) for b in DURATION_BANDS}
    return ContractorCounts("", "", {f"duration/{b}": n for b, n in totals.items() if n}).duration_bands()
