"""Counsellors per open hour of the week, as the planner works them out and the report shows them (issue 24).

The planner (makers/plan, Erlang-A with a simulation check) makes the rows; the report prints them next to
the programme's `capacity`. Both read "over", "under" and "ok" by one rule.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Staffing = Literal["over", "under", "ok"]


def staffing(capacity: int, counsellors: int) -> Staffing:
    """Over-staffed when the programme plans more counsellors than needed, under- when fewer."""
    if capacity > counsellors:
        return "over"
    return "under" if capacity < counsellors else "ok"


@dataclass(frozen=True)
class StaffingRow:
    """One open hour of one channel: demand, the counsellors it needs, and how the service would do."""

    channel: str
    weekday: int  # 0 = Monday
    start: str  # HH:MM
    end: str
    arrivals_per_hour: float
    counsellors: int
    capacity: int
    answered_in_time: float  # shares, 0..1
    abandoned: float
    utilisation: float
    expected_wait_min: float

    @property
    def staffing(self) -> Staffing:
        """Over, under or ok against the programme's capacity."""
        return staffing(self.capacity, self.counsellors)
