"""The model's veto: whether the everyday words around a pattern's live matches make the message a review.

The model reads a short message whole and a long one's stretches around each match (`_around`); a match
that stands in a sentence of little but the danger (`_bare`), or in one the model reads as danger, stands
however everyday the rest reads. README, "Emergency detection", step 5, says why each rule is there.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Iterable

from tsunagu.domain.intake.context import Judged
from tsunagu.domain.intake.folding import Folded, merged
from tsunagu.domain.intake.model import Model
from tsunagu.domain.intake.pattern_index import PatternIndex

# The letters a message needs besides its longest live match before the model may veto it: a message that
# is only the danger's words (죽고 싶다, 死にたい) gives the model nothing to read but those words, and one
# with an ending besides them (死にたいんやけど: やけど is also "a burn") gives it too little (3 until the
# sixth session). Nor does a farewell's thanks: 死にたい、ありがとう was vetoed on ありがとう's five letters (5 until
# the twelfth session; 6 moves no dev verdict and no everyday measure). Weak signals are not counted as
# letters besides: a farewell (死にたい。心配しないでね, "i want to die. don't worry about me") is no everyday life
# around the danger, though the model, which learnt "don't worry, I'm not suicidal", reads it so.
VETO_BESIDES = 6


# Letters on each side of a match that the model's veto reads in a long message (`_around`); a shorter
# message is read whole, as it always was. Chosen on the dev set, cross-validated (seventh session): 30 to
# 120 each caught 2 English and 4 to 5 Japanese emergencies more than reading the whole message; 120 alone
# raised no false alert (60: one Japanese and two English). Overlapping windows are read as one stretch,
# which caught one English dev text fewer than reading each window apart and costs a long letter one pass.
VETO_WINDOW = 120


# A live match of a long letter whose own sentence the model reads as danger by this much over its alert
# threshold stands, however everyday the life around it reads (`vetoes`). Chosen on the dev set: above every
# dev text with a live match that is not an emergency (Japanese: the highest scores 19.3, 15.9 over the
# threshold; English: 6.1, under it), so no dev verdict moves (docs/detection-history.md, "Fourteenth session").
SENTENCE_STANDS = {"ja": 16.0, "en": 0.0}
# A long letter (at least LETTER letters in the model's view) alerts from the model alone when one of its sentences,
# read alone, is above the alert threshold by this much (`Detector._sentence_stands`). English: until the
# twenty-third session an English sentence was scored with its spaces, which no feature of the model holds, so it
# never stood on a dev text and 25 was no choice at all. Read as the model reads a message since, 45 is chosen on
# the dev letters the way the thresholds are (`scripts/train_detector`, MISS_COST 2, the cautious one kept on a
# tie): 55 and above catch no more than none; 45 one emergency more for one false alert; 25 three for seven.
LETTER = 200
LETTER_SENTENCE_STANDS = {"ja": 16.0, "en": 45.0}
# A sentence is read at most this many letters on each side of its match (a letter without full stops has one).
SENTENCE_CAP = 60
# At most this many sentences of a long letter are read so (`vetoes`): danger told once among news stands in
# one or a few; the bench's ordinary letters, dense with danger's words used harmlessly, hold 7 and 19.
SENTENCES_READ = 4


def finder(f: Folded, kana: PatternIndex, words: PatternIndex) -> Callable[[str], list[tuple[int, int]]]:
    """Where an index's words stand in a view of the message ("kana" or "words"), merged, found when first asked."""
    found: dict[str, list[tuple[int, int]]] = {}

    def spans(view: str) -> list[tuple[int, int]]:
        if view not in found:
            index = words if view == "words" else kana
            found[view] = merged(m.span() for m in index.matches(getattr(f, view)))
        return found[view]
    return spans


def vetoes(model: Model, f: Folded, alive: list[Judged], language: str,
            framing: Callable[[str], list[tuple[int, int]]] | None = None) -> bool:
    """The model reads every live match's surroundings (`_around`) as everyday: a score at or below the
    language's veto threshold; and in a long letter no live match stands in a sentence of its own (`_bare`) or
    in one the model reads as danger, above its alert threshold by SENTENCE_STANDS (a language it never alerts
    alone in: only a bare sentence stands). A sentence of danger among ordinary news (a lease, a nursery, a
    holiday) had been vetoed by the news around it."""
    below = model.veto_below[language]
    stretches = _around(f, alive)
    if stretches is None:
        if any(_bare(f, j, span, framing) for j in alive if (span := sentence_of(f, j)) is not None):
            return False
        return model.score(f.kana, f.words) <= below
    if not all(model.score_stretch(*stretch) <= below for stretch in stretches):
        return False
    sentences = [(j, span) for j in alive if (span := sentence_of(f, j)) is not None]
    if any(_bare(f, j, span) for j, span in sentences):
        return False
    read = [stretch for view, spans in _by_view((j.view, span) for j, span in sentences).items()
            for stretch in as_stretches(f, view, spans)]
    # Danger told once among news stands in a sentence or a few; a letter whose every one of many sentences
    # with danger's words reads as everyday around them is read as its windows read it (and its sentences
    # would cost a 5,000-letter letter a millisecond).
    if len(read) > SENTENCES_READ or language not in model.alert_above:
        return True
    stands = model.alert_above[language] + SENTENCE_STANDS.get(language, 0.0)
    return not any(model.score_stretch(*stretch) > stands for stretch in read)


def _around(f: Folded, matches: list[Judged]) -> list[tuple[str, int, int, bool, bool]] | None:
    """What the model reads to veto the live matches: None for the whole message (kana and words views) when
    it is short, else the stretches within VETO_WINDOW letters of a match, in the view each was found in,
    the overlapping ones read as one (a long letter costs one pass however many matches it holds), as
    `as_stretches` gives them. The ordinary life around danger in the middle of a long letter (a flat's
    lease, a nursery application) read as everyday and vetoed it."""
    windows = _by_view((j.view, (max(0, j.start - VETO_WINDOW), j.end + VETO_WINDOW)) for j in matches)
    out: list[tuple[str, int, int, bool, bool]] = []
    for view, spans in windows.items():
        text = getattr(f, view)
        merged = [(start, min(end, len(text))) for start, end in spans]
        if merged[0][0] == 0 and merged[0][1] >= len(text):
            return None  # a short message: read whole, as it always was
        out += as_stretches(f, view, merged)
    return out


def _by_view(spans: Iterable[tuple[str, tuple[int, int]]]) -> dict[str, list[tuple[int, int]]]:
    """Spans of the views (a match's view, "" for kana), each view's in order, those that overlap or touch as one."""
    found: dict[str, list[tuple[int, int]]] = {}
    for view, span in spans:
        found.setdefault(view or "kana", []).append(span)
    return {view: merged(each) for view, each in found.items()}


def sentence_of(f: Folded, j: Judged) -> tuple[int, int] | None:
    """The sentence a match stands in (`Folded.breaks`), at most SENTENCE_CAP letters on each side of it; None
    in the romaji view, which has no sentences (its match's window is what `_around` read)."""
    view = j.view or "kana"
    if view not in ("kana", "words"):
        return None
    first, last = sentences_around(f, view, j.start, j.end)
    return max(first, j.start - SENTENCE_CAP), min(last, j.end + SENTENCE_CAP)


def sentences_around(f: Folded, view: str, start: int, end: int) -> tuple[int, int]:
    """Where the sentences (`Folded.breaks`) that the view's span [start, end) stands in begin and end: the
    whole view where its sentences are not known."""
    starts = f.breaks(view)
    k, after = bisect.bisect_right(starts, start), bisect.bisect_left(starts, end)
    first = starts[k - 1] if k else 0
    last = starts[after] if after < len(starts) else len(getattr(f, view))
    return first, last


def _bare(f: Folded, j: Judged, span: tuple[int, int],
          framing: Callable[[str], list[tuple[int, int]]] | None = None) -> bool:
    """The sentence holds little but the match (fewer than VETO_BESIDES letters besides): "もう死にたい。", "I want
    to kill myself." among a letter's news stands, as the same words sent alone are never vetoed. With `framing`
    (a short message's sentences), the words she frames her own feeling in (the catalogue's `disclosure`:
    正直に言うと, 気持ちがあります, です) are not counted: 正直に言うと、死にたい気持ちがあります。 is a sentence of
    little but the danger, which the model, reading politeness as everyday, had vetoed (eighteenth session)."""
    start, end = span
    besides = (end - start) - (j.end - j.start)
    view = j.view or "kana"  # kana or words: `sentence_of` gives no span in the romaji view
    text = getattr(f, view)
    if view == "words":  # letters, not the spaces between words
        besides -= text.count(" ", start, end) - text.count(" ", j.start, j.end)
    if framing is not None and besides >= VETO_BESIDES:
        besides -= _framed(text, framing(view), span, (j.start, j.end))
    return besides < VETO_BESIDES


def _framed(text: str, frames: list[tuple[int, int]], span: tuple[int, int], match: tuple[int, int]) -> int:
    """The letters of the frames (in order, apart) that stand in the span and outside the match (spaces not counted)."""
    out = 0
    for s, e in frames:
        for a, b in ((max(s, span[0]), min(e, span[1], match[0])), (max(s, span[0], match[1]), min(e, span[1]))):
            if a < b:
                out += (b - a) - text.count(" ", a, b)
    return out


def as_stretches(f: Folded, view: str, spans: list[tuple[int, int]]) -> list[tuple[str, int, int, bool, bool]]:
    """Spans of a view as `Model.score_stretch` reads them: a view, the span's start and end there, whether it
    is of Latin words (read without their spaces), and whether to read it from the whole view's runs (when the
    spans cover half of the view; else each is cut and read alone)."""
    text = getattr(f, view)
    whole = 2 * sum(end - start for start, end in spans) >= len(text)
    if view != "words":
        return [(text, start, end, False, whole) for start, end in spans]
    letters = text.replace(" ", "")  # a stretch of the words view, in its letters without the spaces
    return [(letters, start - text.count(" ", 0, start), end - text.count(" ", 0, end), True, whole)
            for start, end in spans]
