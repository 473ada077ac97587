"""ConText (Harkema et al., 2009) over the concept matches of one message, as medspaCy's ConText does it.

A trigger term modifies the concept matches in its scope: those after a `forward` trigger (昔, 10年前,
"used to", "not") or before a `backward` one (じゃない, てない, "in the past"), within a window, and
never across a terminator (けど, でも, "but"). The modifiers:
- negated, historical, hypothetical: the match is demoted (a review note at most), unless a
  present-danger cue (今も, 今夜, 助けて, "tonight", "help") stands in the same clause, or the danger is
  restated just after it ("…but now I do", "…and now the thoughts are back");
- other_experiencer: someone else is at risk (友達が, "my friend"): still an emergency, of category
  other_person, unless also negated, historical or hypothetical;
- a frame (news, fiction, school work, an information request) anywhere in a message without a
  present-danger cue demotes every match;
- a pseudo-trigger, as ConText has them, is a phrase that holds a trigger's words and is none: a trigger that starts
  inside one is no trigger (生きる意味もないです is no negation of the 死にたい before it).
Triggers are data, per language (catalog/<lang>/detection.yml, `context`); they are folded like the
patterns and matched on the same view of the message as the concept they modify. A trigger of a language
written in Latin letters modifies only a message of that language, when the message's language is clear
(English "no" is Portuguese "in the": "to no parque" is no negation).
"""

from __future__ import annotations

import bisect
import dataclasses
from collections.abc import Callable, Iterable
from typing import Literal, cast

from tsunagu.domain.intake.language import LATIN_LANGUAGES, is_japanese
from tsunagu.domain.intake.pattern_index import PatternIndex

Status = Literal["present", "demoted", "other"]
# How far a trigger reaches (forward, backward), in letters of the view: the kana view has no spaces or
# punctuation, the words view has spaces but no full stops, so a negation reaches only a few words.
WINDOWS = {
    False: {"negated": (8, 10), "historical": (20, 40), "hypothetical": (16, 16), "other_experiencer": (16, 12)},
    True: {"negated": (12, 16), "historical": (40, 40), "hypothetical": (24, 24), "other_experiencer": (24, 16)},
}
# "…but I'm fine now" resolves what came before it across the "but": the one trigger a terminator does not stop.
ACROSS_TERMINATORS = {("historical", "backward")}
# Triggers that modify nothing alone: a terminator ends a scope, a present-danger cue only undoes one.
_NEUTRAL = {("terminate", ""), ("present", ""), ("restated", "")}
# How far after a negated or past match a `restated` cue may start, in letters of the view, whatever stands
# between: "I never wanted to kill myself before, but now I do" restates the danger past the "but".
RESTATED_WINDOW = {False: 24, True: 40}
# The kinds of trigger that demote a match (`judge`): in the words view matched only as written, where the
# others, like the concepts, may have a space inside any word. Typing noise splits words (i f ound, l if e):
# read spaced, "i f" made "if", and the gps tracker she found became hypothetical; read as written, a present
# cue split the same way (ri ght now) would be lost, so those keep their spaces.
DEMOTING = frozenset({"negated", "historical", "hypothetical", "frame"})
# A Latin-letter language's messages take the triggers of these languages too: Tagalog mixes in English.
_WRITTEN_WITH = {"tl": {"en"}}


@dataclasses.dataclass(frozen=True)
class Judged:
    """One concept match after context: where it starts and ends, what it stands for, its status, and the
    view of the message it was found in (the detector names it: kana, words or romaji)."""

    start: int
    key: object
    status: Status
    end: int
    view: str = ""


class Context:
    """The triggers of one view (kana or words), compiled when a message first has a concept match."""

    def __init__(self, triggers: dict[tuple[str, str], tuple[tuple[str, str], ...]], words: bool,
                 usable: Callable[[str], bool], regex: Callable[[str, str], str]) -> None:
        """`regex(pattern, kind)`: the regular expression a trigger of that kind is matched as."""
        self.words = words
        self.windows = WINDOWS[words]
        # Every trigger of the view in one index, each keyed by (kind, direction) and its language: one
        # pass per message.
        chosen = [(regex(p, key[0]), (key, lang)) for key, found in triggers.items() for p, lang in found
                  if usable(p)]
        self._all = [r for r, _ in chosen]
        self._keys = [k for _, k in chosen]
        self._index: PatternIndex | None = None
        # The triggers of the last text read without a language (the kana view): a Japanese message's
        # ASCII words are each judged in its kana view again (`Detector._words_view`), and finding the
        # triggers of a 5,000-letter letter once per word cost 4 ms a word.
        self._last: tuple[str, dict[tuple[str, str], list[tuple[int, int]]]] | None = None

    @property
    def index(self) -> PatternIndex:
        """The triggers' index, built on the first message with a concept match."""
        if self._index is None:
            self._index = PatternIndex(self._all, self.words, self._keys)
        return self._index

    def _spans_by_key(self, text: str, language: Callable[[], str | None] | None
                      ) -> dict[tuple[str, str], list[tuple[int, int]]]:
        index = self.index
        keys = cast(list[tuple[tuple[str, str], str]], index.keys)
        out: dict[tuple[str, str], list[tuple[int, int]]] = {}
        written: set[str] | None = None  # the trigger languages this message can be in (None: any)
        japanese: bool | None = None  # whether the text is Japanese (asked at a Chinese trigger)
        for i, m in index.numbered(text):
            key, lang = keys[i]
            if lang == "zh" and not self.words:
                # A Chinese trigger is no trigger in Japanese, whose kanji it shares: 去年 (last year) of
                # 去年から夫に殴られてる (since last year) had put a beating now in the past (twenty-ninth session).
                japanese = is_japanese(text) if japanese is None else japanese
                if japanese:
                    continue
            if language is not None and lang in LATIN_LANGUAGES:
                if written is None:
                    clear = language()
                    written = {clear, *_WRITTEN_WITH.get(clear, ())} if clear in LATIN_LANGUAGES \
                        else set(LATIN_LANGUAGES)
                if lang not in written:
                    continue
            out.setdefault(key, []).append(m.span())
        pseudo = out.pop(("pseudo", ""), None)
        if pseudo:  # a trigger's words inside a phrase that is no trigger (生きる意味もないです: no negation)
            out = {key: kept for key, spans in out.items()
                   if (kept := [(s, e) for s, e in spans if not any(ps <= s < pe for ps, pe in pseudo)])}
        for spans in out.values():
            spans.sort()
        return out

    def judge(self, text: str, matches: Iterable[tuple[int, int, object]],
              language: Callable[[], str | None] | None = None,
              sentences: Callable[[], list[int]] | None = None) -> list[Judged]:
        """Each match's status in this text; `language` (asked only when a Latin-letter language's trigger
        is found) names the message's language when it is clear, else None; `sentences` (asked only when a
        trigger can modify a match) where each of its sentences after the first starts: a trigger's scope
        ends at its sentence, as a terminator ends it ("I'm not sure. I want to die" is no negation), but
        for "…but I'm fine now" (`ACROSS_TERMINATORS`)."""
        found = list(matches)
        if not found:
            return []
        seen = self._last
        if language is None and seen is not None and seen[0] == text:
            spans = seen[1]
        else:
            spans = self._spans_by_key(text, language)
            if language is None:
                self._last = (text, spans)
        if not spans.keys() - _NEUTRAL:  # no trigger that can modify a match (most messages): all present
            return [Judged(start, key, "present", end) for start, end, key in found]
        ends = [start for start, _ in spans.get(("terminate", ""), [])]
        present = spans.get(("present", ""), [])
        present_starts = [ps for ps, _ in present]
        restated = [rs for rs, _ in spans.get(("restated", ""), [])]
        again = RESTATED_WINDOW[self.words]
        framed = not present and bool(spans.get(("frame", "")))
        # Per modifier: where its forward triggers end and its backward ones start, sorted. Only the nearest
        # of each can apply: one further away is further from the match and behind the same terminators.
        # (spans are sorted by start: a forward trigger is the last one starting before the match, and
        # reaches it from its end, or at once when the match starts inside it: nao estou | estou pensando)
        modifiers = {kind: (spans.get((kind, "forward"), []),
                            sorted(ts for ts, _ in spans.get((kind, "backward"), [])))
                     for kind in ("negated", "historical", "hypothetical", "other_experiencer")}
        def applies(kind: str, s: int, e: int) -> bool:
            forward, backward_starts = modifiers[kind]
            ahead, behind = self.windows[kind]
            i = bisect.bisect_left(forward, (s,)) - 1
            # (a sentence starting where the match does ends the trigger's scope: the stop may stand at s; a
            # match that starts with a trigger of the kind holds its own negation, "not allowed to go out",
            # which a trigger reaching into it from before, "im not", does not add to)
            if i >= 0 and s - forward[i][1] <= ahead and not _between(stops, forward[i][1], s + 1) \
                    and not (forward[i][1] > s and i + 1 < len(forward) and forward[i + 1][0] == s):
                return True
            j = bisect.bisect_left(backward_starts, e)
            across = (kind, "backward") in ACROSS_TERMINATORS
            return j < len(backward_starts) and backward_starts[j] - e <= behind and (
                across or not _between(stops, e, backward_starts[j]))

        # Only the modifiers with a trigger in this text can apply (a crafted letter of 420 matches asked
        # every modifier of every match).
        denying = [k for k in ("negated", "historical", "hypothetical") if modifiers[k][0] or modifiers[k][1]]
        others = bool(modifiers["other_experiencer"][0] or modifiers["other_experiencer"][1])
        # What ends a trigger's scope: its terminators and where its sentences start (found only when a
        # modifier has a trigger here; a frame or a present cue alone needs none).
        starts = sentences() if sentences is not None and (denying or others) else []
        stops = sorted({*ends, *starts}) if starts else ends
        out = []
        for start, end, key in found:
            if framed:
                status: Status = "demoted"
            elif any(applies(k, start, end) for k in denying):
                first, last = _before(ends, start), _after(ends, end)  # the clause: between its terminators
                k = bisect.bisect_left(present_starts, first)
                status = "present" if (k < len(present) and present[k][1] <= last) \
                    or _between(restated, end, end + again + 1) else "demoted"
            else:
                status = "other" if others and applies("other_experiencer", start, end) else "present"
            out.append(Judged(start, key, status, end))
        return _as_their_container(found, out)


def _as_their_container(found: list[tuple[int, int, object]], judged: list[Judged]) -> list[Judged]:
    """A match inside a longer one of the same message (me matar in estou pensando em me matar) takes the
    longer one's status: one phrase, read once, so a trigger that reaches its start reaches all of it."""
    order = sorted(range(len(found)), key=lambda k: (found[k][0], -found[k][1]))
    out = list(judged)
    reach, outer = -1, -1  # the furthest end so far, and the match it belongs to
    for k in order:
        start, end, _ = found[k]
        if end <= reach and outer >= 0 and (found[outer][0], found[outer][1]) != (start, end):
            out[k] = dataclasses.replace(judged[k], status=judged[outer].status)
        elif end > reach:
            reach, outer = end, k
    return out


def _between(ends: list[int], a: int, b: int) -> bool:
    """A terminator starts in [a, b)."""
    i = bisect.bisect_left(ends, a)
    return i < len(ends) and ends[i] < b


def _before(ends: list[int], at: int) -> int:
    i = bisect.bisect_right(ends, at) - 1
    return ends[i] if i >= 0 else 0


def _after(ends: list[int], at: int) -> int:
    i = bisect.bisect_left(ends, at)
    return ends[i] if i < len(ends) else 1 << 30
