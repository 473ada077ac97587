"""Several messages of one person: a short-lived concern score, weak signals (もう無理, 疲れた, さようなら)
that add up, and the end of her earlier messages of a request joined to the next one (死に / たい).

No text is kept: only how many weak signals came within the window, the model's evidence summed over her
messages (one number), and when the score expires; the joined text lives in memory for one request. The
evidence is what reads her messages across requests: LINE sends a request every time she sends a message,
and nothing of the one before is joined then.
"""

from __future__ import annotations

from dataclasses import dataclass

from tsunagu.domain.intake.assessment import Assessment

CONCERN_WINDOW_S = 3600
# Weak signals within the window that make an emergency.
CONCERN_ALERT_AT = 2
# How much of her earlier messages is joined to the next one for matching (死に / たい).
JOIN_LETTERS = 40
# Her messages' model evidence adds up as well (`add_evidence`): from her second message within the window,
# an emergency once their summed log-odds pass the language's alert threshold by this much (0: the model reads
# her lines as one text at its own threshold). Chosen per language on the dev sequences, the h_ round's chats
# among them, read one request each and joined, at the cost the thresholds are chosen by (a miss costs two
# false alerts). Japanese, one request each: a margin of 10 caught 312 of them with 59 benign ones alerting,
# 5 caught 319 with 61, none 325 with 61 (joined: 329/61, 329/62, 330/62). English, one request each: 289/41,
# 290/42, 290/43 (joined: 292/45, 292/45, 292/48). The residents' languages, with too few sequences to choose
# on, take the more cautious of the two (docs/detection-history.md, "Tenth session"). Measured while every
# line after a leaning one added its evidence; with only leaning lines adding (`add_evidence`), ja 325/61 and en
# 290/44 one request each, 330/62 and 292/45 joined.
EVIDENCE_MARGIN = {"ja": 0.0, "en": 5.0}
EVIDENCE_MARGIN_ELSE = 5.0


def _latin(c: str) -> bool:
    """A letter or digit of a script written with spaces between words (Latin, Vietnamese's too)."""
    return c.isalnum() and (c < "\u0250" or "\u1e00" <= c <= "\u1eff")


def joined(before: str, text: str) -> str:
    """Two of her messages as one text for matching: a space between them where both sides are Latin
    letters, so "hey" / "if something happens to me" does not read "heyif" (an English pattern starts at a
    word start); a word split over them still meets its patterns, whose letters may have spaces between
    (sew / er / slide). Japanese is joined as it is (死に / たい)."""
    return f"{before} {text}" if _latin(before[-1:]) and _latin(text[:1]) else before + text


def carried(previous: str | None, text: str) -> str:
    """What is joined to her next text message of the same request: the end of her messages so far, so a
    word split over three messages (死 / に / たい, sew / er / slide) meets its patterns too. In memory only."""
    return joined(previous or "", text)[-JOIN_LETTERS:]


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


@dataclass(frozen=True, slots=True)
class Evidence:
    """The model's evidence summed over her messages within the window, how many it holds, and when it is gone."""

    total: float
    count: int
    expires_at: int


def evidence_adds_up(total: float, count: int, amount: float, needs: float | None) -> bool:
    """Whether her summed evidence (`count` messages, this one the last, adding `amount`) makes an emergency,
    `needs` being this message's `Assessment.evidence_needs`: the sum of log-odds less the prior is how
    naive Bayes reads her messages joined into one text, as it learnt the corpus's sequences. Only a
    message that leans to danger itself makes it ("lol jk" after a heavy line does not), and not a first
    message: that one the detector has judged alone already, with its guards."""
    return needs is not None and count >= 2 and amount > 0 and total > needs


def add_evidence(previous: Evidence | None, assessment: Assessment, now: int) -> tuple[Evidence | None, bool]:
    """The new evidence (None when nothing to keep) and whether it makes an emergency now; what the intake
    keeps with `Store.add_to`, in memory (the corpus's figures, tests/support/corpus_v2.py). Only a message
    that leans to danger (evidence above 0) adds to it: an everyday line writes nothing. (Everyday lines
    pulling her total down caught no dev sequence more and kept two English benign chats of 62 from
    alerting, for a write, on DynamoDB a call, with every message: docs/detection-history.md, "Tenth session".)"""
    kept = previous if previous is not None and previous.expires_at > now else None
    amount = assessment.evidence
    if assessment.evidence_needs is None or amount <= 0:
        return kept, False
    total = (kept.total if kept else 0.0) + amount
    count = (kept.count if kept else 0) + 1
    found = Evidence(total, count, kept.expires_at if kept else now + CONCERN_WINDOW_S)
    return found, evidence_adds_up(total, count, amount, assessment.evidence_needs)
