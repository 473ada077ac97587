"""Danger typed a piece per message across LINE's requests: し / にたい, 死に / たい, i want to kill / myself.

LINE sends a webhook request each time she sends a message, so the detector joins the end of her earlier
messages only within one request (`tsunagu.domain.intake.concern.carried`): no text of hers may be kept
for the next one. What is kept instead is a fact about a listed phrase (`split` in
catalog/<lang>/detection.yml, e.g. 死にたい): that her message ended with its first letters, and how many. It
is a marker, `split-<phrase>-<letters>` (the phrase named by a hash of its catalogue spelling), kept
FRAGMENT_WINDOW_S under her pseudonym and erased with her markers. Her next message that starts with the
rest of the phrase is judged with those first letters before it: letters of the catalogue, never hers.

- A message's end counts (`SplitPhrases.ends`) when it is the whole message (し, 死に, i want to), or when
  it holds at least MIN_TAIL letters and some letter that is not hiragana (…だけど死に, …and i want to kill):
  a hiragana ending inside a longer message (ところ, こころ) is too often the end of another word.
- A message that starts with the rest of a phrase completes it: the whole message (い after しにた), or
  its first MIN_TAIL letters or more (にたいです after し).
- A message that is a middle piece of the rest (え after き, before た / い) moves the marker on (`grows`);
  it completes the phrase when its first letters and it are an emergency already (殺 / され / る: 殺され).
- The intake (tsunagu.services.intake) reads markers only for a message that could complete a phrase (the
  detector finds the joined text an emergency and the message alone not: `Detector.pieces`) or that is a
  middle piece: an everyday message costs no read.
Pure: the markers are read and written by the caller (`Pieces.after` says what to write).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass

from tsunagu.domain.intake.assessment import Assessment

FRAGMENT_WINDOW_S = 180  # her pieces of one phrase come seconds apart; a marker older than this is gone
MIN_TAIL = 2  # letters a phrase's start needs at the end of a longer message (not the whole of it)
MAX_PIECES = 16  # markers one message may read or write at most (た is in the rest of many phrases)
_HIRAGANA_ONLY = re.compile("[\u3041-\u309f]+")


@dataclass(frozen=True, slots=True)
class Piece:
    """The first `letters` letters of a listed phrase (named by `phrase`, a hash of its folded spelling)."""

    phrase: str
    letters: int

    @property
    def purpose(self) -> str:
        """Its marker's purpose (the marker key's last part: `<channel>:<pseudonym>:<purpose>`)."""
        return f"split-{self.phrase}-{self.letters}"


@dataclass(frozen=True, slots=True)
class Pieces:
    """What one message means for her split phrases: the pieces its end starts (`ends`), the held pieces it
    grows (held, grown), the held pieces it completes into an emergency (`completes`), and the assessment of
    the first of those joined to the message (`joined`: its category, its language)."""

    ends: tuple[Piece, ...] = ()
    grows: tuple[tuple[Piece, Piece], ...] = ()
    completes: tuple[Piece, ...] = ()
    joined: Assessment | None = None  # the first completed phrase's assessment, joined to the message

    @property
    def asks(self) -> tuple[Piece, ...]:
        """The pieces whose markers must be read: those it completes or grows."""
        return tuple(dict.fromkeys([*self.completes, *(held for held, _ in self.grows)]))

    def after(self, held: Iterable[Piece]) -> tuple[tuple[Piece, ...], bool]:
        """Given which of `asks` are held: the markers to set, and whether the message completes a phrase."""
        found = set(held)
        grown = [new for old, new in self.grows if old in found]
        return tuple(dict.fromkeys([*self.ends, *grown])), any(p in found for p in self.completes)

    def __bool__(self) -> bool:
        return bool(self.ends or self.grows or self.completes)


NO_PIECES = Pieces()


def phrase_id(folded: str) -> str:
    """A short stable name of a folded phrase (the marker names the phrase, not her letters)."""
    return hashlib.blake2s(folded.encode("utf-8"), digest_size=4).hexdigest()


class SplitPhrases:
    """The listed phrases' starts and rests, per view (kana: letters only; words: Latin words with spaces),
    looked up by the message's end and start (a few dictionary look-ups per message)."""

    def __init__(self, phrases: Iterable[tuple[str, bool]]) -> None:
        """`phrases`: (folded view, whether it is the words view), each at least two letters long."""
        # Per view (index: words or not): a phrase's first letters -> pieces; the rest -> (piece, the first
        # letters to join before her message); a middle piece of the rest -> (held, grown).
        self._starts: tuple[dict[str, list[Piece]], ...] = ({}, {})
        self._rests: tuple[dict[str, list[tuple[Piece, str]]], ...] = ({}, {})
        self._middles: tuple[dict[str, list[tuple[Piece, Piece, str]]], ...] = ({}, {})
        self._longest = [0, 0]
        self._last: tuple[set[str], ...] = (set(), set())  # the letters a phrase's first letters can end with
        self._first: tuple[set[str], ...] = (set(), set())  # the letters a rest can start with
        for view, words in dict.fromkeys(phrases):
            name = phrase_id(view)
            self._longest[words] = max(self._longest[words], len(view))
            for k in range(1, len(view)):
                first, rest = view[:k], view[k:].lstrip(" ")
                if first.endswith(" "):
                    continue  # a word's space belongs to neither piece
                piece = Piece(name, k)
                self._starts[words].setdefault(first, []).append(piece)
                self._last[words].add(first[-1])
                self._first[words].add(rest[0])
                # Joined to her message as the detector joins two messages of a request; in words, with the
                # phrase's space where the rest starts a word (i want to kill + myself).
                joint = first + " " if view[k] == " " else first
                self._rests[words].setdefault(rest, []).append((piece, joint))
                for j in range(1, len(rest)):
                    if words and (view[k] != " " or rest[j] != " " or rest[j - 1] == " "):
                        continue  # in words, a middle piece is whole words
                    grown = Piece(name, len(view) - len(rest) + j)
                    self._middles[words].setdefault(rest[:j], []).append((piece, grown, joint))

    def _lengths(self, view: str, words: bool, ends: bool) -> Iterator[int]:
        """The lengths of the view's end (or start) worth looking up: in words only those starting (ending)
        at a word's edge, so a message costs a few look-ups."""
        limit = min(len(view), self._longest[words])
        if not words:
            yield from range(1, limit + 1)
            return
        if ends:
            yield from (n for n in range(1, limit) if view[-n - 1] == " ")
        else:
            yield from (n for n in range(1, limit) if view[n] == " ")
        if len(view) <= limit:
            yield len(view)

    def ends(self, view: str, words: bool) -> list[Piece]:
        """The pieces the end of this view of a message starts (see the module docstring for what counts)."""
        out: list[Piece] = []
        if view[-1:] not in self._last[words]:
            return out  # most messages: no phrase starts with a piece ending in its last letter
        starts = self._starts[words]
        for n in self._lengths(view, words, ends=True):
            found = starts.get(view[-n:])  # most ends start no phrase: looked up first
            if found is None:
                continue
            tail = view[-n:]
            if n == len(view) or (len(tail.replace(" ", "")) >= MIN_TAIL and not _HIRAGANA_ONLY.fullmatch(tail)):
                out += found
        return out[-MAX_PIECES:]  # the longest starts last: those are kept

    def rests(self, view: str, words: bool) -> list[tuple[Piece, str]]:
        """(piece, its first letters) of the phrases whose rest this view of a message starts with: in words
        the rest ends at a word's end (die, not diet); one letter must be all she sent (い after しにた)."""
        out: list[tuple[Piece, str]] = []
        if view[:1] not in self._first[words]:
            return out
        rests = self._rests[words]
        for n in self._lengths(view, words, ends=False):
            found = rests.get(view[:n])
            if found is not None and (n == len(view) or len(view[:n].replace(" ", "")) >= MIN_TAIL):
                out += found
        return out[:MAX_PIECES]

    def middles(self, view: str, words: bool) -> list[tuple[Piece, Piece, str]]:
        """(held, grown, the held piece's letters to join before her message) of the phrases this whole view of
        a message is a middle piece of (え after き, before た / い)."""
        return self._middles[words].get(view, [])[:MAX_PIECES]


def carry_pieces(held: Mapping[Piece, int], pieces: Pieces, now: int,
                 window: int = FRAGMENT_WINDOW_S) -> tuple[dict[Piece, int], bool]:
    """Her markers after this message (piece -> expiry) and whether it completes a phrase: what the intake
    keeps in the store, kept in memory (the corpus's figures, tests/support/corpus_v2.py)."""
    live = {p: until for p, until in held.items() if until > now}
    sets, complete = pieces.after(p for p in pieces.asks if p in live)
    return {**live, **dict.fromkeys(sets, now + window)}, complete

