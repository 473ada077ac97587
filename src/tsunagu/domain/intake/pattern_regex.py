"""A catalogue pattern as the regular expression it is matched as, and what `tsunagu check` says of one.

A pattern with Japanese letters is folded the way the kana view is (tsunagu.domain.intake.folding) and matched
on the kana and romaji views, anywhere; one of ASCII only is matched on the words view as whole words: it must
end on a word boundary (where it starts is checked by `PatternIndex`) and may have spaces inside anywhere.
Every catalogue pattern's regex is computed by scripts/catalogues into tsunagu/data (`shipped_regexes`).
"""

from __future__ import annotations

import functools
import re
import unicodedata

from tsunagu.domain.intake.context import DEMOTING
from tsunagu.domain.intake.folding import NOT_LETTER, fold, fold_kana
from tsunagu.domain.intake.lexicon import Lexicon, unknown_concept
from tsunagu.domain.packaged import packaged_json


def is_words_pattern(pattern: str) -> bool:
    """True for a pattern of ASCII only (matched as whole words), False for one with Japanese letters."""
    return pattern.isascii()


_SYNTAX = set("\\()[]{}|?*+.^$")
_QUANTIFIER = re.compile(r"[?*+]\??")  # `_spaced` drops one after a space, lazy or not


def _fold_pattern(pattern: str) -> str:
    """A kana pattern in the form of the kana view: Japanese runs folded like text, ASCII lower-cased."""
    out: list[str] = []
    for run in re.findall(r"[^\x00-\x7f]+|\\.|[\x00-\x7f]", pattern):
        if run.isascii():
            out.append(run.lower() if not run.startswith("\\") else run)
        else:
            out.append(fold_kana(NOT_LETTER.sub("", unicodedata.normalize("NFKC", run).casefold())))
    return "".join(out)


def _spaced(pattern: str, inside: bool = True) -> str:
    """A words pattern that allows one space before any letter but the first, and ignores its own spaces
    (k i l l myself); not `inside`: a space only where the pattern has one, optional (a context trigger: "if"
    does not match "i f ound", where typing noise split a word), but inside a look-around as anywhere else
    (manga(?! ?cafe) still spares "manga ca fe").

    It must end at a word boundary; where it starts is checked by `PatternIndex` (a look-behind in front
    would keep the regex engine from skipping quickly to the letters a match can start with).
    """
    out: list[str] = []
    i, after_item = 0, False  # after a letter, class or group: a space may come next
    looking: list[bool] = []  # per open group, whether it is a look-around
    while i < len(pattern):
        c = pattern[i]
        spaced = inside or any(looking)
        gap = " ?" if after_item and spaced else ""
        if c == "\\":
            out.append(pattern[i:i + 2])
            i += 2
            after_item = True
            continue
        if c == "(":
            end = i + (4 if pattern.startswith(("(?<=", "(?<!"), i) else 3 if pattern.startswith("(?", i) else 1)
            out.append(gap + pattern[i:end])
            looking.append(pattern.startswith(("(?=", "(?!", "(?<=", "(?<!"), i))
            i, after_item = end, False
            continue
        if c in "[{":
            end = pattern.find("]" if c == "[" else "}", i + 1) + 1 or len(pattern)
            out.append((gap if c == "[" else "") + pattern[i:end])
            i, after_item = end, True
            continue
        if c == "|":
            after_item = False
        elif c in _SYNTAX:
            after_item = after_item or c == ")"
            if c == ")" and looking:
                looking.pop()
        elif c.isalnum() or c == "_":
            c = gap + c.lower()
            after_item = True
        else:  # a space, an apostrophe, a hyphen: a word boundary in the text, optional anyway
            c = "" if spaced or not after_item or (out and out[-1] == " ?") else " ?"
            # Its own quantifier (`[1-4] ?year`, "don'?t") goes with it: left behind, it would make the letter,
            # class or group before it optional, and "[1-4] ?year old" read any "year old".
            if quantifier := _QUANTIFIER.match(pattern, i + 1):
                i += len(quantifier.group())
        out.append(c)
        i += 1
    return f"(?:{''.join(out)})(?![a-z0-9])"


def folded_regex(pattern: str) -> str:
    """The regular expression a catalogue pattern is matched as: a words pattern spaced (`_spaced`), a kana
    one folded like the kana view (`_fold_pattern`)."""
    return _spaced(pattern) if is_words_pattern(pattern) else _fold_pattern(pattern)


REGEX_FILE = "pattern_regexes.json"


@functools.cache
def shipped_regexes() -> dict[str, str]:
    """Every catalogue pattern's `folded_regex`, {pattern: regex}, as scripts/catalogues computes them
    (`regex_table`) into tsunagu/data: folding some 1,500 patterns cost the first message of a container
    40 ms. A pattern not listed (a ward's own, or one added since) is folded as before. Read on the first
    message, not at import."""
    return packaged_json(REGEX_FILE) or {}


def trigger_regex(pattern: str) -> str:
    """The regular expression a demoting context trigger (context.DEMOTING) is matched as: a words one spaced
    only where it has spaces (`_spaced`, not inside), a kana one folded like every kana pattern."""
    return _spaced(pattern, inside=False) if is_words_pattern(pattern) else _fold_pattern(pattern)


TRIGGER = "trigger: "  # the key of a words trigger's regex in `shipped_regexes` (its pattern follows)


def regex_table(lexicon: Lexicon) -> dict[str, str]:
    """What `shipped_regexes` reads: every pattern of the lexicon, folded afresh, and every words trigger's
    `trigger_regex` (keyed TRIGGER + pattern), sorted."""
    table = {p: folded_regex(p) for p in set(lexicon.patterns(context=False)) if isinstance(p, str) and p.strip()}
    for (kind, _), found in lexicon.context.items():
        for p, _ in found:
            if isinstance(p, str) and p.strip():
                written = kind in DEMOTING and is_words_pattern(p)  # what `trigger_of` reads
                table[TRIGGER + p if written else p] = trigger_regex(p) if written else folded_regex(p)
    return dict(sorted(table.items()))


def regex_of(pattern: str) -> str:
    found = shipped_regexes().get(pattern)
    return found if found is not None else folded_regex(pattern)


def trigger_of(pattern: str, kind: str) -> str:
    """A context trigger's regular expression: a demoting one of the words view as written (`trigger_regex`)."""
    if kind not in DEMOTING or not is_words_pattern(pattern):
        return regex_of(pattern)
    found = shipped_regexes().get(TRIGGER + pattern)
    return found if found is not None else trigger_regex(pattern)


def pattern_problem(pattern: object) -> str | None:
    """What is wrong with one pattern, for `tsunagu check`; None when it is usable."""
    if not isinstance(pattern, str) or not pattern.strip():
        return "an empty pattern; write the words to match, or remove the entry"
    if re.search(r"\\[1-9]|\(\?P", pattern):
        return "backreferences and named groups are not supported; write the alternatives out"
    # Letters keep their combining marks (Devanagari and Myanmar vowel signs): only symbols are refused.
    unmarked = "".join(c for c in pattern if not unicodedata.category(c).startswith("M"))
    if not pattern.isascii() and re.search(r"[^\w\x00-\x7f]", unmarked):
        return ("Japanese punctuation and symbols are never matched (messages are compared without them); "
                "write regular-expression syntax in ASCII: ( | ) ? [ ]")
    if (name := unknown_concept(pattern)) is not None:
        return (f"<{name}> is no concept here: name one that the catalogue's `concepts:` defines (a ward's own "
                "patterns: <dose> or <many>), or write the words out")
    try:
        compiled = re.compile(regex_of(pattern))
    except re.error as exc:
        return f"not a valid regular expression: {exc.msg} (at character {exc.pos})"
    if compiled.search("") or compiled.search(" "):
        return "this pattern matches every message (everything in it is optional)"
    return None


def split_view(phrase: str) -> tuple[str, bool]:
    """A split phrase (catalogue `split`) as it is matched: its words view (True) for Latin letters, marked
    ones too (muốn chết is matched as "muon chet", as people often type it), with the spaces between words,
    else its kana view (letters only)."""
    f = fold(phrase)
    words = bool(f.words) and not _NOT_LATIN_LETTER.search(f.kana)
    return (f.words if words else f.kana), words


_NOT_LATIN_LETTER = re.compile("[^a-z0-9\u00c0-\u024f\u1e00-\u1eff]")


def split_problem(phrase: object) -> str | None:
    """What is wrong with one split phrase, for `tsunagu check`; None when it is usable."""
    if not isinstance(phrase, str):
        return "write the phrase as text, as people type it"
    if len(split_view(phrase)[0].replace(" ", "")) < 2:
        return "a split phrase needs at least two letters (it is the words people send in pieces)"
    return None
