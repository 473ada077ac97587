"""Dates and times as readers of one language write them: the one formatter for the intake's replies, the
portal (and its "open now" script), the print kit, the report and iCalendar.

The words and patterns are in `catalog/<lang>/dates.yml`, the only home of weekday and month names.
Times are Japan time, counted in minutes from a day's midnight as the timetables count them: 24:00
ends a day and a span past it reads 20:00〜翌1:00. iCalendar's stamps (RFC 5545) need no words.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from tsunagu.catalog import section
from tsunagu.domain.schedule import JST, Slot
from tsunagu.domain.vocabulary import WEEKDAYS, Weekday

DAY = 24 * 60  # minutes


def minutes_after(day: dt.date, at: dt.datetime) -> int:
    """Minutes from the day's midnight (Japan time) to `at`: past 1440 is the next morning."""
    midnight = dt.datetime.combine(day, dt.time(), JST)
    return int((at - midnight).total_seconds() // 60)


def ical(at: dt.datetime, utc: bool = False) -> str:
    """An iCalendar date-time (RFC 5545 3.3.5): Japan's wall clock, or UTC with the Z."""
    if utc:
        return f"{at.astimezone(dt.UTC):%Y%m%dT%H%M%S}Z"
    return f"{at.astimezone(JST):%Y%m%dT%H%M%S}"


@dataclass(frozen=True)
class DateFormat:
    """How one language writes dates, times and weekly patterns."""

    language: str
    strings: Mapping[str, Any]

    def pattern(self, key: str) -> str:
        """One pattern of the catalogue (str.format placeholders), e.g. "{month}月{day}日（{weekday}）"."""
        return str(self.strings[key])

    @property
    def weekdays(self) -> tuple[str, ...]:
        """The weekday names, Monday first."""
        return tuple(self.strings["weekdays"])

    @property
    def month_names(self) -> tuple[str, ...]:
        """The month names, January first."""
        return tuple(self.strings["month_names"])

    def date(self, day: dt.date) -> str:
        """A date with its weekday, e.g. 11月27日（金）."""
        return self.pattern("date").format(month=day.month, day=day.day, weekday=self.weekdays[day.weekday()],
                                           month_name=self.month_names[day.month - 1])

    def date_full(self, day: dt.date) -> str:
        """A date with its year, e.g. 2023年3月31日."""
        return self.pattern("date_full").format(year=day.year, month=day.month, day=day.day,
                                                month_name=self.month_names[day.month - 1])

    def month(self, day: dt.date) -> str:
        """The month a day falls in, with its year, e.g. 2024年4月."""
        return self.pattern("month").format(year=day.year, month=day.month, month_name=self.month_names[day.month - 1])

    def time(self, minutes: int) -> str:
        """The clock time `minutes` after a day's midnight: 9:00, 24:00 at its end, 1:00 the morning after."""
        hour, minute = divmod(minutes - DAY if minutes > DAY else minutes, 60)
        return self.pattern("time").format(hour=hour, minute=f"{minute:02d}")

    def clock(self, at: dt.datetime) -> str:
        """The clock time of a moment (Japan time)."""
        local = at.astimezone(JST)
        return self.time(local.hour * 60 + local.minute)

    def span(self, start: int, end: int) -> str:
        """Opening to closing, in minutes after the opening day's midnight; past 24:00 says the next day."""
        key = "span_overnight" if end > DAY else "span"
        return self.pattern(key).format(start=self.time(start), end=self.time(end))

    def slot_span(self, slot: Slot) -> str:
        """A slot's opening and closing time."""
        day = slot.start.astimezone(JST).date()
        return self.span(minutes_after(day, slot.start), minutes_after(day, slot.end))

    def slot(self, slot: Slot) -> str:
        """A slot with its date, e.g. 11月27日（金） 19:00〜22:00."""
        return self.pattern("slot").format(date=self.date(slot.start.astimezone(JST).date()),
                                           span=self.slot_span(slot))

    def days(self, days: Iterable[Weekday], nth: Iterable[int] = ()) -> str:
        """Weekdays of a weekly rule: 毎日, 月〜金 for a run of three or more, else 月・水・金; 第2土 with nth."""
        order = sorted(set(days), key=WEEKDAYS.index)
        index = [WEEKDAYS.index(d) for d in order]
        names = [self.weekdays[i] for i in index]
        if len(order) == len(WEEKDAYS):
            text = self.pattern("every_day")
        elif len(index) >= 3 and index == list(range(index[0], index[0] + len(index))):
            text = self.pattern("day_range").format(start=names[0], end=names[-1])
        else:
            text = self.pattern("day_separator").join(names)
        return "".join(str(self.strings["nth"][str(n)]) for n in nth) + text


@functools.cache
def date_format(language: str) -> DateFormat:
    """How `language` writes dates and times; KeyError when it has no dates catalogue."""
    return DateFormat(language, section(language, "dates"))
