"""What the detector says about one message: how urgent, about what, in which language (no text kept)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from tsunagu.domain.vocabulary import EmergencyCategory

Category = EmergencyCategory
Level = Literal["emergency", "review", "weak"]


@dataclass(frozen=True, slots=True)
class Assessment:
    """`level`: emergency (answer with the numbers, alert staff now), review (a match that context demoted:
    past, negated, hypothetical, news), weak (only weak signals of concern), or None (nothing of concern)."""

    level: Level | None = None
    category: Category | None = None
    language: str | None = None
    weak: int = 0
    # The model's reading of a message that is not an emergency, which adds up over her messages
    # (tsunagu.domain.intake.concern, `add_evidence`): its log-odds less the prior, and the total that makes
    # an emergency in its language. None: the model does not read the language (or is absent).
    evidence: float = 0.0
    evidence_needs: float | None = None

    @property
    def emergency(self) -> bool:
        """Answer with the numbers and alert staff now."""
        return self.level == "emergency"


NOTHING = Assessment()
