"""The postback data contract between the rich menu, quick replies and the intake (querystring style).

    action=hours | emergency | privacy | specialist      rich-menu information
    action=survey                                         start the survey
    action=survey&q=<question>&a=<yes|no|skip>           one survey answer
    action=age&band=<age band>                            self-declared age band
    action=handoff&kind=<phone|face|outreach>             ask to talk by phone, face to face, or a visit
    action=erase&confirm=<yes|no>                         answer "delete your records?" (only yes erases)
    action=status&s=<student|working|other|no-answer>     the optional status question after the age band
    action=reason&r=<reason id>                           one reason for consulting (the channel's reasons)
    action=reasons-done                                   no more reasons to choose

Anything else (including other bots' data in LINE's sample payloads) parses to None and is ignored.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, TypeVar
from urllib.parse import parse_qs, urlencode

from tsunagu.domain.config import IDENT
from tsunagu.domain.vocabulary import (
    AGE_BANDS,
    ERASE_ANSWERS,
    MENU_ACTIONS,
    REQUESTED_HANDOFFS,
    STATUSES,
    SURVEY_ANSWERS,
    SURVEY_QUESTIONS,
    AgeBand,
    EraseAnswer,
    MenuAction,
    RequestedHandoff,
    Status,
    SurveyAnswer,
    SurveyQuestion,
)

# LINE caps postback data at 300 characters (anything longer is not ours) and action labels at 20.
MAX_DATA = 300
MAX_LABEL = 20


@dataclass(frozen=True)
class Postback:
    """A recognised postback: the action and its one or two parameters."""

    action: MenuAction | Literal["survey", "age", "handoff", "erase", "status", "reason", "reasons-done"]
    band: AgeBand | None = None
    question: SurveyQuestion | None = None
    answer: SurveyAnswer | None = None
    kind: RequestedHandoff | None = None
    confirm: EraseAnswer | None = None
    status: Status | None = None
    reason: str | None = None  # a reason id; the intake checks it against the channel's reasons


def parse_postback(data: str) -> Postback | None:
    """The postback this data encodes, or None when it is not one of ours."""
    if len(data) > MAX_DATA:
        return None
    try:
        q = {k: v[0] for k, v in parse_qs(data, strict_parsing=True).items() if len(v) == 1}
    except ValueError:
        return None
    action = q.get("action")
    if action in MENU_ACTIONS and set(q) == {"action"}:
        return Postback(action)
    if action == "survey" and set(q) == {"action"}:
        return Postback("survey")
    question, answer = _one_of(q.get("q"), SURVEY_QUESTIONS), _one_of(q.get("a"), SURVEY_ANSWERS)
    if action == "survey" and question and answer and len(q) == 3:
        return Postback("survey", question=question, answer=answer)
    band = _one_of(q.get("band"), AGE_BANDS)
    if action == "age" and band and len(q) == 2:
        return Postback("age", band=band)
    kind = _one_of(q.get("kind"), REQUESTED_HANDOFFS)
    if action == "handoff" and kind and len(q) == 2:
        return Postback("handoff", kind=kind)
    confirm = _one_of(q.get("confirm"), ERASE_ANSWERS)
    if action == "erase" and confirm and len(q) == 2:
        return Postback("erase", confirm=confirm)
    status = _one_of(q.get("s"), STATUSES)
    if action == "status" and status and len(q) == 2:
        return Postback("status", status=status)
    if action == "reason" and IDENT.match(q.get("r", "")) and len(q) == 2:
        return Postback("reason", reason=q["r"])
    if action == "reasons-done" and set(q) == {"action"}:
        return Postback("reasons-done")
    return None


def menu_data(action: MenuAction | Literal["survey"]) -> str:
    """Postback data of a rich-menu button: hours, emergency, privacy, specialist or survey."""
    return urlencode({"action": action})


def age_data(band: AgeBand) -> str:
    """Postback data of an age-band quick reply."""
    return urlencode({"action": "age", "band": band})


def survey_data(question: SurveyQuestion, answer: SurveyAnswer) -> str:
    """Postback data of one survey answer."""
    return urlencode({"action": "survey", "q": question, "a": answer})


def handoff_data(kind: RequestedHandoff) -> str:
    """Postback data of a hand-off request button (phone, face or outreach)."""
    return urlencode({"action": "handoff", "kind": kind})


def erase_data(confirm: EraseAnswer) -> str:
    """Postback data of a button answering "delete your records?" (yes erases, no keeps them)."""
    return urlencode({"action": "erase", "confirm": confirm})


def status_data(status: Status) -> str:
    """Postback data of a status quick reply."""
    return urlencode({"action": "status", "s": status})


def reason_data(reason: str) -> str:
    """Postback data of a reason-for-consulting quick reply (one of the channel's reason ids)."""
    return urlencode({"action": "reason", "r": reason})


def reasons_done_data() -> str:
    """Postback data of the "that's all" button after the reasons."""
    return urlencode({"action": "reasons-done"})


V = TypeVar("V", bound=str)


def _one_of(value: str | None, vocabulary: tuple[V, ...]) -> V | None:
    """`value` as a member of the closed vocabulary, or None (typed, so a Literal stays checked)."""
    for word in vocabulary:
        if word == value:
            return word
    return None
