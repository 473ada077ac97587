"""Several messages of one person: a short-lived concern score, weak signals (もう無理, 疲れた, さようなら)
that add up, and the end of her earlier messages of a request joined to the next one (死に / たい).

No text is kept: only how many weak signals came within the window, and when the score expires; the
joined text lives in memory for one request.
"""

from __future__ import annotations

from dataclasses import dataclass

from tsunagu.domain.intake.assessment import Assessment

CONCERN_WINDOW_S = 3600
# Weak signals within the window that make an emergency.
CONCERN_ALERT_AT = 2
# How much of her earlier messages is joined to the next one for matching (死に / たい).
JOIN_LETTERS = 40


def carried(previous: str | None, text: str) -> str:
    """What is joined to her next text message of the same request: the end of her messages so far, so a
    word split over three messages (死 / に / たい, sew / er / slide) meets its patterns too. In memory only."""
    return ((previous or "") + text)[-JOIN_LETTERS:]


@dataclass(frozen=True, slots=True)
class Concern:
    """Weak signals within the window, and when the score is gone."""

    weak: int
    expires_at: int


def add_concern(previous: Concern | None, assessment: Assessment, now: int) -> tuple[Concern | None, bool]:
    """The new score (None when nothing to keep) and whether it makes an emergency now."""
    kept = previous if previous is not None and previous.expires_at > now else None
    if assessment.weak <= 0:
        return kept, False
    weak = (kept.weak if kept else 0) + assessment.weak
    expires = kept.expires_at if kept else now + CONCERN_WINDOW_S
    return Concern(weak, expires), weak >= CONCERN_ALERT_AT
