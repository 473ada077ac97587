"""What `tsunagu plan` is asked for: the service level and the chat model's parameters, with issue 24's defaults.

Apart from the maths so that the command line can show the defaults without importing numpy or SimPy.
"""

from __future__ import annotations

from dataclasses import dataclass

Bands = tuple[tuple[float, float, float], ...]  # (from minutes, to minutes, share) of chat durations


@dataclass(frozen=True)
class Options:
    """The service level asked for and the chat model's parameters (issue 24's defaults)."""

    concurrency: int = 2  # K chats per counsellor
    answer_within: float = 10.0  # minutes
    target: float = 0.8  # share answered within that time
    handle_minutes: float = 45.0  # mean chat duration without the contractor's duration bands
    patience_minutes: float = 20.0  # mean time a person waits before giving up (sample: no seed gives it)
    bands: Bands = ()  # the contractor's duration bands, when known
    simulate: bool = True  # check each slot with the discrete-event simulation


DEFAULTS = Options()  # issue 24: 80% within 10 minutes, 2 chats per counsellor, 45-minute chats
