"""Which patterns can match a message: each indexed by the characters its matches can start with, or must hold.

A message is tried only against the patterns whose first two characters (four for English words) occur
in it, so most messages meet a handful of patterns instead of all of them. A short kana message meets
fewer still: only the patterns for which it holds a pair of letters their matches must hold
(`PatternIndex._short_index`). The starts and the needs are read from the subset of regular-expression syntax
the catalogues use, parsed here (no private module of the standard library); a pattern is compiled the first
time a message needs it.
"""

from __future__ import annotations

import bisect
import functools
import itertools
import re
from collections.abc import Callable, Iterable, Iterator, KeysView
from dataclasses import dataclass, field
from operator import add

from tsunagu.domain.packaged import packaged_json

_MAX_HEADS = 400  # a pattern with more possible starts than this is tried on every message
_INFINITE = 1 << 30

# The regular-expression subset the catalogues are written in (tsunagu.domain.intake.pattern_regex folds
# them into it), parsed here into what a match can start with. Anything outside the subset (\d, ., a
# class with a wide range) makes its pattern "unknown": tried on every message, never wrongly skipped.


@dataclass(frozen=True)
class _Chars:
    """One character out of a set (None: too many to list)."""

    chars: frozenset[str] | None


@dataclass(frozen=True)
class _Seq:
    items: tuple[object, ...]


@dataclass(frozen=True)
class _Alt:
    branches: tuple[_Seq, ...]


@dataclass(frozen=True)
class _Repeat:
    item: object
    low: int
    high: int


_EMPTY = _Seq(())


class _Parser:
    """A recursive-descent parser of the subset, into _Seq / _Alt / _Repeat / _Chars."""

    def __init__(self, regex: str) -> None:
        self.s, self.i = regex, 0

    def parse(self) -> _Alt:
        alt = self._alt()
        if self.i != len(self.s):
            raise re.error("unbalanced parenthesis", self.s, self.i)
        return alt

    def _alt(self) -> _Alt:
        branches = [self._seq()]
        while self.i < len(self.s) and self.s[self.i] == "|":
            self.i += 1
            branches.append(self._seq())
        return _Alt(tuple(branches))

    def _seq(self) -> _Seq:
        items: list[object] = []
        while self.i < len(self.s) and self.s[self.i] not in "|)":
            item = self._atom()
            item = self._quantified(item)
            if item is not None:
                items.append(item)
        return _Seq(tuple(items))

    def _quantified(self, item: object) -> object:
        s = self.s
        if self.i >= len(s) or s[self.i] not in "?*+{":
            return item
        c = s[self.i]
        if c == "{":
            m = re.match(r"\{(\d*)(,?)(\d*)\}", s[self.i:])
            if not m:
                return self._literal_char("{", item)
            self.i += m.end()
            low = int(m[1] or 0)
            high = low if not m[2] else (int(m[3]) if m[3] else _INFINITE)
        else:
            self.i += 1
            low, high = {"?": (0, 1), "*": (0, _INFINITE), "+": (1, _INFINITE)}[c]
        if self.i < len(s) and s[self.i] in "?+":  # lazy or possessive: the same starts
            self.i += 1
        return None if item is None else _Repeat(item, low, high)

    def _literal_char(self, c: str, item: object) -> object:
        raise re.error(f"unexpected {c!r}", self.s, self.i)

    def _atom(self) -> object:
        s, c = self.s, self.s[self.i]
        if c == "(":
            if s.startswith(("(?=", "(?!", "(?<=", "(?<!"), self.i):  # look-arounds match nothing
                self.i += 4 if s.startswith(("(?<=", "(?<!"), self.i) else 3
                self._alt()
                self._close()
                return None
            self.i += 3 if s.startswith("(?:", self.i) else 1
            if s.startswith("(?", self.i - 1) and not s.startswith("(?:", self.i - 1):
                return self._unknown_group()
            inner = self._alt()
            self._close()
            return inner
        if c == "[":
            return self._class()
        if c == "\\":
            return self._escape()
        self.i += 1
        if c in "^$":
            return None
        if c == ".":
            return _Chars(None)
        if c in "*+?{":
            raise re.error("nothing to repeat", s, self.i - 1)
        return _Chars(frozenset(c))

    def _unknown_group(self) -> object:
        depth = 1
        while self.i < len(self.s) and depth:
            depth += {"(": 1, ")": -1}.get(self.s[self.i], 0)
            self.i += 1
        return _Chars(None)

    def _close(self) -> None:
        if self.i >= len(self.s) or self.s[self.i] != ")":
            raise re.error("missing ), unterminated subpattern", self.s, self.i)
        self.i += 1

    def _escape(self) -> object:
        if self.i + 1 >= len(self.s):
            raise re.error("bad escape (end of pattern)", self.s, self.i)
        c = self.s[self.i + 1]
        self.i += 2
        if c in "bBAZ":
            return None
        if c.isalnum():  # \d \w \s and the like: many characters
            return _Chars(None)
        return _Chars(frozenset(c))

    def _class(self) -> object:
        s = self.s
        self.i += 1
        negated = self.i < len(s) and s[self.i] == "^"
        chars: set[str] = set()
        wide = negated
        first = True
        while self.i < len(s) and (s[self.i] != "]" or first):
            first = False
            c = s[self.i]
            if c == "\\" and self.i + 1 < len(s):
                c = s[self.i + 1]
                self.i += 2
                if c.isalnum():
                    wide = True
                    continue
            else:
                self.i += 1
            if self.i + 1 < len(s) and s[self.i] == "-" and s[self.i + 1] != "]":
                end = s[self.i + 1]
                self.i += 2
                if ord(end) - ord(c) >= 64:
                    wide = True
                else:
                    chars.update(map(chr, range(ord(c), ord(end) + 1)))
                continue
            chars.add(c)
        if self.i >= len(s):
            raise re.error("unterminated character set", s, self.i)
        self.i += 1
        return _Chars(None if wide else frozenset(chars))


def _heads(node: object, k: int) -> set[str] | None:
    """Every first k characters (or whole shorter match) of what `node` matches; None: unknown."""
    if isinstance(node, _Alt):
        branches = [_heads(b, k) for b in node.branches]
        return None if any(b is None for b in branches) else set().union(*branches)  # type: ignore[arg-type]
    if isinstance(node, _Chars):
        return None if node.chars is None else set(node.chars)
    if isinstance(node, _Repeat):
        once = _heads(node.item, k)
        if once is None:
            return None
        out, current = ({""} if node.low == 0 else set()), {""}
        for n in range(1, min(node.high, k) + 1):
            current = {(h + o)[:k] for h in current for o in once}
            if n >= node.low:
                out |= current
        return out if node.low <= k else {h for h in current if len(h) >= k} or None
    found = {""}
    for item in node.items:  # type: ignore[attr-defined]
        ready = {h for h in found if len(h) >= k}
        growing = found - ready
        if not growing:
            break
        item_heads = _heads(item, k)
        if item_heads is None:
            return None
        found = ready | {(h + i)[:k] for h in growing for i in item_heads}
        if len(found) > _MAX_HEADS:
            return None
    return found


def _index_heads(regex: str, k: int) -> set[str] | None:
    """The pattern's first k characters, or fewer where k are unknown (子 then any letter: 子 alone); re.error
    when the parser cannot read it. Parsed once, and not compiled: the engine compiles a pattern the first
    time a message needs it (`PatternIndex._compiled`), and judges its validity then."""
    tree = _Parser(regex).parse()
    for n in range(k, 0, -1):
        heads = _heads(tree, n)
        if heads is not None:
            return heads
    return None


# The runs of letters `_needs` reads a pattern's necessary contents in: pairs and triples, the runs the
# model makes of the kana view too (`grams` keeps them for both).
_NEED_SIZES = (2, 3)
Needs = tuple[tuple[tuple[int, frozenset[str]], ...], ...]


def _needs(regex: str) -> Needs | None:
    """What every match of the pattern holds, per branch of its top-level alternation: sets of runs of
    two or three letters, a match of the branch holding at least one run of each set (the runs that can
    start what the branch matches from each of its items on). A long text without one of each set in
    some branch is not tried (子(を|に)?(叩|たた)いて: no 叩い or たたい in the letter, no match). None:
    some branch gives no set (a pattern made only of optional or unknown parts)."""
    try:
        tree = _Parser(regex).parse()
    except re.error:
        return None
    out = []
    for branch in tree.branches:
        sets: set[tuple[int, frozenset[str]]] = set()
        for k in _NEED_SIZES:
            for j, item in enumerate(branch.items):
                if isinstance(item, _Repeat) and item.low == 0:
                    continue  # what follows an optional part needs no less: its set is the next one's and more
                heads = _heads(_Seq(branch.items[j:]), k)
                if heads and all(len(h) == k for h in heads):
                    sets.add((k, frozenset(heads)))
        if not sets:
            return None
        # Pairs first: the index made the text's pairs already; its triples are made only for a pattern
        # whose pairs are all there (an ordinary letter's, which the model reads as well).
        out.append(tuple(sorted(sets, key=lambda s: (s[0], len(s[1]), sorted(s[1])))))  # the same order in every run
    return tuple(out)


NEEDS_FILE = "pattern_needs.json"


@functools.cache
def shipped_needs() -> dict[str, list[list[str]] | None]:
    """The catalogues' kana patterns' needs (`_needs`), as scripts/catalogues computes them (`needs_table`)
    into tsunagu/data, each set one string: its size, then its runs one after another. Reading them from
    the patterns cost a container's first long message 115 ms. Read on the first long text, not before."""
    return packaged_json(NEEDS_FILE) or {}


def needs_table(indexes: Iterable[PatternIndex]) -> dict[str, list[list[str]] | None]:
    """What `shipped_needs` reads: the needs of every pattern of the kana indexes, read afresh."""
    out: dict[str, list[list[str]] | None] = {}
    for index in indexes:
        if not index.words:
            for regex in index.sources:
                needs = _needs(regex)
                out[regex] = None if needs is None else [
                    [f"{k}{''.join(sorted(runs))}" for k, runs in branch] for branch in needs]
    return dict(sorted(out.items()))


def _unpacked(packed: list[list[str]] | None) -> Needs | None:
    """`shipped_needs`'s form of one pattern's needs back as `_needs` gives them."""
    if packed is None:
        return None
    return tuple(tuple((int(s[0]), frozenset(s[i:i + int(s[0])] for i in range(1, len(s), int(s[0]))))
                       for s in branch) for branch in packed)


def _smallest_pairs(packed: str) -> set[str]:
    """The pairs of letters that the runs of one shipped set (`shipped_needs`: its size, then its runs) start
    with: a text that holds none of them holds none of its runs."""
    size = int(packed[0])
    return {packed[i:i + 2] for i in range(1, len(packed), size)}


def _holds(needs: Needs, text: str, runs_of: dict[int, frozenset[str]]) -> bool:
    """Whether the text holds what some branch of a pattern needs (`_needs`): a plain loop over its sets,
    each tested against the text's runs of its size (`grams`, kept in `runs_of` once made: a long letter's
    triples are made only for a pattern whose pairs are all there)."""
    for branch in needs:
        for k, runs in branch:
            held = runs_of.get(k)
            if held is None:
                held = runs_of[k] = grams(text, k)
            if runs.isdisjoint(held):
                break
        else:
            return True
    return False


HEADS_FILE = "pattern_heads.json"


@functools.cache
def shipped_heads() -> dict[str, dict[str, list[str] | None]]:
    """The catalogues' patterns' heads, {size: {regex: sorted heads, or None when unknown}}, as
    scripts/catalogues computes them (`heads_table`) into tsunagu/data: parsing some 1,300 patterns cost
    the first message of a container 300 ms, the first English one most of it. A pattern not listed (a
    ward's own, or one added since) is parsed as before. Read on the first message, not at import."""
    return packaged_json(HEADS_FILE) or {}


def heads_table(indexes: Iterable[PatternIndex]) -> dict[str, dict[str, list[str] | None]]:
    """What `shipped_heads` reads: the heads of every pattern these indexes were given, parsed afresh."""
    out: dict[str, dict[str, list[str] | None]] = {}
    for index in indexes:
        for regex in index.given:
            try:
                heads = _index_heads(regex, index.size)
            except re.error:
                continue  # not listed: parsed (and skipped) by the index itself
            out.setdefault(str(index.size), {})[regex] = None if heads is None else sorted(heads)
    return {size: dict(sorted(table.items())) for size, table in sorted(out.items())}


_UNREAD = object()  # a pattern's needs not read yet

# What an index tries in place of a pattern the engine refuses (`tsunagu check` names it): a match nowhere.
_NEVER = re.compile("(?!)")


class PatternIndex:
    """The patterns of one view, indexed by the two characters a match starts with, compiled when first needed.

    Parsing every pattern for its index is most of the first message's cost; compiling only the patterns
    a message could match keeps the rest of that cost for later messages.
    """

    def __init__(self, regexes: Iterable[str], words: bool, keys: Iterable[object] | None = None) -> None:
        self.words = words
        given = iter(keys) if keys is not None else None
        self.given: list[str] = []  # every pattern it was given, usable or not (scripts/catalogues reads them)
        self.keys: list[object] = []  # what each usable pattern stands for (its category, its language, ...)
        # Four characters for words: two ("he", "me", "t ") start half the English patterns, and three
        # ("mea", "wha") still made a long English message try forty patterns at every "mean" and "what".
        self.size = 4 if words else 2
        self.sources: list[str] = []
        self.compiled: list[re.Pattern[str] | None] = []
        self.index: dict[str, list[int]] = {}  # two characters (or a whole one-character match) -> patterns
        self.always: list[int] = []
        self.heads: list[tuple[str, ...]] = []  # each pattern's keys in `index` (none: in `always`)
        self.needs: list[Needs | object | None] = []  # what its matches hold (`_needs`), read on a first long text
        shipped = shipped_heads().get(str(self.size), {})
        for regex in regexes:
            key = next(given) if given is not None else None
            self.given.append(regex)
            if regex in shipped:
                listed = shipped[regex]
                heads = None if listed is None else set(listed)
            else:
                try:
                    heads = _index_heads(regex, self.size)
                except re.error:  # `tsunagu check` names it; the intake skips it rather than fail a message
                    continue
            if heads is not None and "" in heads:  # it could match nothing, so every message: skipped too
                continue
            self.keys.append(key)
            for h in heads or ():
                self.index.setdefault(h, []).append(len(self.sources))
            if heads is None:
                self.always.append(len(self.sources))
            self.heads.append(tuple(sorted(heads or ())))
            self.sources.append(regex)
            self.compiled.append(None)
            self.needs.append(_UNREAD)
        self.lengths = tuple(sorted({len(h) for h in self.index}))
        self._short: tuple[dict[str, list[int]], tuple[int, ...]] | None = None  # `_short_index`, once made

    def _compiled(self, i: int) -> re.Pattern[str]:
        compiled = self.compiled[i]
        if compiled is None:
            try:
                compiled = re.compile(self.sources[i])
            except re.error:  # `tsunagu check` names it; the intake skips it rather than fail a message
                compiled = _NEVER
            self.compiled[i] = compiled
        return compiled

    def _short_index(self) -> tuple[dict[str, list[int]], tuple[int, ...]]:
        """The patterns indexed for short texts, which are scanned whole, and the lengths of its keys: each
        pattern under the pairs of letters that the smallest set of each branch of its needs (`_needs`, as
        shipped) starts with, so that a short text without one of them does not try it. A pattern's heads
        name one or two letters that nearly every message holds (あ, い, 元: some 14 patterns a message, of
        which one could match); a pair its match must hold somewhere is rarer (待ち伏せ: about 4). A
        pattern whose needs are not shipped (a ward's own) stays under its heads. Made on the first short
        text, from the shipped strings: a pattern's needs are read whole only when a text picks it."""
        if self._short is None:
            shipped = shipped_needs()
            short: dict[str, list[int]] = {}
            for i, source in enumerate(self.sources):
                packed = shipped.get(source)
                keys = {pair for branch in packed for pair in _smallest_pairs(branch[0])} if packed \
                    else set(self.heads[i])
                for key in keys:
                    short.setdefault(key, []).append(i)
            self._short = short, tuple(sorted({len(key) for key in short}))
        return self._short

    def _may_match(self, i: int, text: str, at: _Memo) -> bool:
        """Whether pattern i can match this text at all (`_needs`, read when first asked)."""
        needs = self.needs[i]
        if needs is _UNREAD:
            source = self.sources[i]
            shipped = shipped_needs()
            needs = self.needs[i] = _unpacked(shipped[source]) if source in shipped else _needs(source)
        return needs is None or _holds(needs, text, at.runs)  # type: ignore[arg-type]

    def matches(self, text: str) -> Iterator[re.Match[str]]:
        """Every match of every candidate pattern (words: starting at a word start)."""
        for _, m in self.numbered(text):
            yield m

    def numbered(self, text: str) -> list[tuple[int, re.Match[str]]]:
        """Every match with the number of its pattern (its place among the usable patterns, `self.keys`).

        A words pattern is tried only at the word starts where one of its keys stands. In a long text a
        kana pattern is tried only where one of its keys occurs (`_match_at`), not scanned for: the
        engine cannot skip ahead to a pattern that starts with a group, and sixty such scans of 5,000
        letters cost ten milliseconds.
        """
        if self.words:
            return self._at_word_starts(text)
        short = len(text) <= LONG_TEXT  # most messages: a scan of a few dozen letters is the cheapest
        index, lengths = self._short_index() if short else (self.index, self.lengths)
        present = _present(text, lengths, index.keys())
        chosen = set(self.always)
        for key in present:
            chosen.update(index[key])
        compiled = self.compiled
        out: list[tuple[int, re.Match[str]]] = []
        at = _memo(text)
        if short:
            for i in sorted(chosen):
                if self._may_match(i, text, at):
                    out += [(i, m) for m in (compiled[i] or self._compiled(i)).finditer(text)]
            return out
        for i in sorted(chosen):
            if not self._may_match(i, text, at):
                continue
            starts = _starts(text, self.heads[i], present, at) if self.heads[i] else None
            found = compiled[i] or self._compiled(i)
            out += [(i, m) for m in (found.finditer(text) if starts is None else _match_at(found, text, starts))]
        return out

    def _at_word_starts(self, text: str) -> list[tuple[int, re.Match[str]]]:
        """The words view's matches: each pattern tried at the word starts where one of its keys stands
        (every word start for a pattern without keys), the matches of one pattern never overlapping."""
        index = self.index
        places: dict[int, list[int]] = {}
        for n in self.lengths:
            runs = _word_runs(text, n)
            for key in runs.keys() & index.keys():
                for i in index[key]:
                    places.setdefault(i, []).extend(runs[key])
        if self.always:
            every = _word_starts(text)
            places.update((i, every) for i in self.always)
        out: list[tuple[int, re.Match[str]]] = []
        for i in sorted(places):
            starts, compiled = places[i], self.compiled[i] or self._compiled(i)
            if len(starts) == 1:  # most: one word start holds one of its keys, tried there without a generator
                m = compiled.match(text, starts[0])
                if m is not None:
                    out.append((i, m))
            else:
                out += [(i, m) for m in _match_at(compiled, text, sorted(set(starts)))]
        return out


# Letters from which a text is matched key by key (`PatternIndex.numbered`) rather than scanned.
LONG_TEXT = 400
# A scan of the text costs about as much as trying a pattern at one place in SCAN_RATIO letters.
SCAN_RATIO = 8


def _starts(text: str, heads: tuple[str, ...], present: frozenset[str] | set[str], at: _Memo) -> list[int] | None:
    """Where any of a pattern's keys occurs in the text, in order; None where they are so many that one
    scan of the text costs less (a key repeated all through it). `at` (`_memo`) keeps what was found for
    this text, shared by every pattern, exception and trigger that starts with the same keys."""
    chosen = tuple(head for head in heads if head in present)
    if chosen in at.starts:
        return at.starts[chosen]
    out: list[int] | None = None
    places = at.places
    found = [places[head] if head in places else places.setdefault(head, _places(text, head)) for head in chosen]
    if sum(map(len, found)) <= len(text) // SCAN_RATIO:
        out = found[0] if len(found) == 1 else sorted(set().union(*found))
    at.starts[chosen] = out
    return out


def _places(text: str, head: str) -> list[int]:
    """Where `head` occurs in the text, overlapping occurrences too. A head no end of which can start it
    again (し, した; not ああ) cannot overlap itself: one split in C gives every place (the lengths of the
    pieces between, added up); the places of one that can are found one by one."""
    size = len(head)
    if any(head[:n] == head[-n:] for n in range(1, size)):
        out, p = [], text.find(head)
        while p >= 0:
            out.append(p)
            p = text.find(head, p + 1)
        return out
    pieces = text.split(head)
    return list(itertools.accumulate(map(add, map(len, pieces[:-1]), itertools.chain((0,), itertools.repeat(size)))))


@dataclass
class _Memo:
    """What `_starts` found in one long text: where each key occurs (found once however many patterns
    start with it: a 5,000-letter English message counted the same keys 110 times over, 3 ms), and the
    starts of each set of keys."""

    places: dict[str, list[int]] = field(default_factory=dict)
    starts: dict[tuple[str, ...], list[int] | None] = field(default_factory=dict)
    runs: dict[int, frozenset[str]] = field(default_factory=dict)  # the text's runs of k letters, once made


@functools.lru_cache(maxsize=4)
def _memo(text: str) -> _Memo:
    """The memo of one long text (the views of the message being read): a new one per text."""
    return _Memo()


def _match_at(compiled: re.Pattern[str], text: str, starts: list[int]) -> Iterator[re.Match[str]]:
    """The matches finditer would give, tried only at `starts`: the places a match can start. The tries
    run in C (map), most of them failing; only the matches are walked here, one starting inside the
    previous one dropped as finditer would never try it."""
    end = 0
    for m in filter(None, map(compiled.match, itertools.repeat(text, len(starts)), starts)):
        p = m.start()
        if p >= end:
            end = max(m.end(), p + 1)
            yield m


def crosses_break(sentences: list[int], start: int, end: int) -> bool:
    """Whether a sentence starts inside the span (after its first letter, before its end)."""
    k = bisect.bisect_right(sentences, start)
    return k < len(sentences) and sentences[k] < end


def _covering(matches: Iterable[re.Match[str]]) -> tuple[list[int], list[int]]:
    """Exception matches as two lists: their starts in order, and at each the furthest end of any match
    starting at or before it; whether one of them covers a span is then one bisection."""
    spans = sorted(m.span() for m in matches)
    if not spans:
        return [], []
    starts, ends = zip(*spans, strict=True)
    return list(starts), list(itertools.accumulate(ends, max))


def _present(text: str, lengths: tuple[int, ...], keys: KeysView[str]) -> frozenset[str] | set[str]:
    """The index's keys that occur in the text: one set intersection per length, in C."""
    if len(lengths) == 1:
        return grams(text, lengths[0]) & keys
    return set().union(*(grams(text, n) & keys for n in lengths))


@functools.lru_cache(maxsize=16)
def grams(text: str, n: int) -> frozenset[str]:
    """The text's runs of n characters: made once per text, view and length, shared by the patterns, their
    exceptions, the context triggers and the model (a str keeps its hash, so the look-up of a 5,000-character text
    costs nothing after the first). A long text's from its `runs`, which the model's veto reads stretches of."""
    if n == 1:
        return frozenset(text)
    return frozenset(runs(text, n) if len(text) > LONG_TEXT else _runs(text, n))


@functools.lru_cache(maxsize=16)
def runs(text: str, n: int) -> list[str]:
    """A long text's runs of n (at least 2) characters, one per place, in order: `grams` makes its set of
    them, and `stretch_grams` the set of a stretch's from the same strings, whose hashes are then known."""
    return list(_runs(text, n))


def _runs(text: str, n: int) -> Iterable[str]:
    """The text's runs of n (at least 2) characters, made once each. Pairs by map over shifted strings, which
    beats slicing by a third; from three characters on, slicing makes one string per place where map makes
    n - 1, and wins."""
    if n == 2:
        return map(add, text, text[1:])
    return [text[i:i + n] for i in range(len(text) - n + 1)]


def stretch_grams(text: str, n: int, start: int, end: int) -> set[str]:
    """`grams(text[start:end], n)`, read from the whole text's `runs` (not kept: a stretch is read once)."""
    if n == 1:
        return set(text[start:end])
    return set(runs(text, n)[start:max(start, end - n + 1)])


@functools.lru_cache(maxsize=16)
def _word_runs(text: str, n: int) -> dict[str, list[int]]:
    """The words view's runs of n letters at word starts, each with the word starts it stands at: a words
    match starts at a word start, so "e s" of "he said" does not make "e ?s ?t ?a" a candidate. Made once
    per text and length, shared by every index of the view (the patterns, exceptions, triggers and weak
    signals: two to four letters)."""
    out: dict[str, list[int]] = {}
    for i in _word_starts(text):
        if i + n <= len(text):
            out.setdefault(text[i:i + n], []).append(i)
    return out


@functools.lru_cache(maxsize=4)
def _word_starts(text: str) -> list[int]:
    return [0, *(m.end() for m in _SPACE.finditer(text))]


_SPACE = re.compile(" ")


def hits(found: PatternIndex, unless: Callable[[], PatternIndex], text: str,
         breaks: Callable[[], list[int]] | None = None) -> list[tuple[int, int, int]]:
    """Every (start, end, pattern number) of `found` in the text outside every match of `unless` (one
    exception match starting at or before the hit and ending at or after it). The exceptions are matched
    once per text, only when there is a hit: linear in the text however many hits a crafted message holds.
    `breaks`: where the text's sentences start (asked only when an exception matches); an exception that
    reaches across one covers nothing: the views keep no full stops, and "i want to die. my hair is falling
    out" had read as dyeing her hair."""
    if not text:
        return []
    found_hits = [(*m.span(), i) for i, m in found.numbered(text)]
    if not found_hits:
        return []
    excepted = list(unless().matches(text))
    if excepted and breaks is not None:
        sentences = breaks()
        excepted = [m for m in excepted if not crosses_break(sentences, *m.span())]
    starts, reach = _covering(excepted)
    if not starts:
        return found_hits
    right = bisect.bisect_right
    return [h for h in found_hits if (k := right(starts, h[0]) - 1) < 0 or reach[k] < h[1]]
