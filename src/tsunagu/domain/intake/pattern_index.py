"""Which patterns can match a message: each indexed by the characters its matches can start with.

A message is tried only against the patterns whose first two characters (three for English words) occur
in it, so most messages meet a handful of patterns instead of all of them. The starts are read from the
standard library's own parse of each pattern; a pattern is compiled the first time a message needs it.
"""

from __future__ import annotations

import re
import re._parser as sre  # the standard library's own regex parser: which characters can start a match
from collections.abc import Callable, Iterable, Iterator

_MAX_HEADS = 400  # a pattern with more possible starts than this is tried on every message


def _heads(items: sre.SubPattern | list, k: int = 2) -> set[str] | None:
    """Every first k characters (or whole shorter match) of what these parsed items match; None: unknown."""
    found = {""}
    for op, av in items:
        ready = {h for h in found if len(h) >= k}
        growing = found - ready
        if not growing:
            break
        item = _item_heads(op, av, k)
        if item is None:
            return None
        found = ready | {(h + i)[:k] for h in growing for i in item}
        if len(found) > _MAX_HEADS:
            return None
    return found


def _item_heads(op: object, av: object, k: int) -> set[str] | None:
    if op is sre.LITERAL:
        return {chr(av)}
    if op is sre.IN:
        chars: set[str] = set()
        for o, a in av:
            if o is sre.LITERAL:
                chars.add(chr(a))
            elif o is sre.RANGE and a[1] - a[0] < 64:
                chars.update(map(chr, range(a[0], a[1] + 1)))
            else:
                return None
        return chars
    if op in (sre.AT, sre.ASSERT, sre.ASSERT_NOT):
        return {""}
    if op is sre.SUBPATTERN:
        return _heads(av[3], k)
    if op is sre.BRANCH:
        branches = [_heads(b, k) for b in av[1]]
        return None if any(b is None for b in branches) else set().union(*branches)
    if op in (sre.MAX_REPEAT, sre.MIN_REPEAT):
        low, high, sub = av
        once = _heads(sub, k)
        if once is None:
            return None
        out, current = ({""} if low == 0 else set()), {""}
        for n in range(1, min(high, k) + 1):
            current = {(h + o)[:k] for h in current for o in once}
            if n >= low:
                out |= current
        return out if low <= k else {h for h in current if len(h) >= k} or None
    return None


class PatternIndex:
    """The patterns of one view, indexed by the two characters a match starts with, compiled when first needed.

    Parsing every pattern for its index is most of the first message's cost; compiling only the patterns
    a message could match keeps the rest of that cost for later messages.
    """

    def __init__(self, regexes: Iterable[str], words: bool) -> None:
        self.words = words
        # Three characters for words: two ("he", "me", "t ") start half the English patterns.
        self.size = 3 if words else 2
        self.sources: list[str] = []
        self.compiled: list[re.Pattern[str] | None] = []
        self.index: dict[str, list[int]] = {}  # two characters (or a whole one-character match) -> patterns
        self.always: list[int] = []
        for regex in regexes:
            try:
                heads = _heads(sre.parse(regex), self.size)
            except re.error:  # `tsunagu check` names it; the intake skips it rather than fail a message
                continue
            if heads is not None and "" in heads:  # it could match nothing, so every message: skipped too
                continue
            for h in heads or ():
                self.index.setdefault(h, []).append(len(self.sources))
            if heads is None:
                self.always.append(len(self.sources))
            self.sources.append(regex)
            self.compiled.append(None)
        self.lengths = sorted({len(h) for h in self.index})

    def candidates(self, text: str) -> list[re.Pattern[str]]:
        """The patterns that can match somewhere in this text, judged by its pairs of characters."""
        index = self.index
        chosen = set(self.always)
        # Runs of `size` characters, and of the shorter lengths a whole short pattern has (od, sos).
        keys = {text[i:i + n] for n in self.lengths for i in range(len(text) - n + 1)}
        for key in keys:
            if key in index:
                chosen.update(index[key])
        out = []
        for i in sorted(chosen):
            compiled = self.compiled[i]
            if compiled is None:
                compiled = self.compiled[i] = re.compile(self.sources[i])
            out.append(compiled)
        return out

    def matches(self, text: str) -> Iterator[re.Match[str]]:
        """Every match of every candidate pattern (words: starting at a word start)."""
        for pattern in self.candidates(text):
            for m in pattern.finditer(text):
                if not self.words or m.start() == 0 or text[m.start() - 1] == " ":
                    yield m


def hit(found: PatternIndex, unless: Callable[[], PatternIndex], text: str) -> bool:
    """True when a pattern of `found` matches the text outside every match of `unless` (built only if needed)."""
    if not text:
        return False
    for pattern in found.candidates(text):
        if pattern.search(text) is None:
            continue
        for m in pattern.finditer(text):
            if found.words and m.start() and text[m.start() - 1] != " ":
                continue
            if not any(e.start() <= m.start() and e.end() >= m.end() for e in unless().matches(text)):
                return True
    return False
