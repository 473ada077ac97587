"""Emergency and deletion requests, recognised the way frightened people type them on a phone.

The method (README, "Emergency detection", has it step by step, with the measured figures and the known limits):

1. Fold the message into its kana, romaji and words views (tsunagu.domain.intake.folding).
2. Match the concepts of every catalogue language (catalog/<lang>/detection.yml) and of the ward's programme
   file, each pattern as the regular expression of its view (tsunagu.domain.intake.pattern_regex), found
   through the patterns' index (tsunagu.domain.intake.pattern_index). A hit inside a match of an exception
   (わたしにたいして: 私に対して, not 死にたい) does not count. Deletion patterns must match the whole message.
3. ConText over the matches (tsunagu.domain.intake.context): negated, past, hypothetical, someone else's.
4. The model (tsunagu.domain.intake.model) alerts alone on danger no pattern lists, and vetoes a live match
   whose surroundings it reads as everyday (tsunagu.domain.intake.veto) into a review.
"""

from __future__ import annotations

import dataclasses
import functools
import itertools
import re
from collections.abc import Callable, Iterable
from typing import NamedTuple

from tsunagu.domain.intake.assessment import Assessment, Category, Level
from tsunagu.domain.intake.concern import EVIDENCE_MARGIN, EVIDENCE_MARGIN_ELSE, JOIN_LETTERS, joined
from tsunagu.domain.intake.context import Context, Judged
from tsunagu.domain.intake.folding import Folded, cut, fold, kana_span, merged, without
from tsunagu.domain.intake.fragments import MAX_PIECES, NO_PIECES, Pieces, SplitPhrases
from tsunagu.domain.intake.language import LATIN_LANGUAGES, clearly_english, has_script, latin_language
from tsunagu.domain.intake.lexicon import Concept, Lexicon, catalogue_lexicon
from tsunagu.domain.intake.model import MIN_LETTERS, RESIDENTS, Model, shipped, shipped_residents
from tsunagu.domain.intake.pattern_index import LONG_TEXT, PatternIndex, crosses_break, hits
from tsunagu.domain.intake.pattern_regex import (
    is_words_pattern,
    pattern_problem,
    regex_of,
    split_problem,
    split_view,
    trigger_of,
)
from tsunagu.domain.intake.veto import (
    LETTER,
    LETTER_SENTENCE_STANDS,
    VETO_BESIDES,
    as_stretches,
    finder,
    sentence_of,
    sentences_around,
    vetoes,
)

# A Japanese letter (kana or kanji) in a folded message: its ASCII words are read in Japanese context too.
_JAPANESE_LETTER = re.compile(r"[\u3040-\u30ff\u3400-\u9fff]")


# A deletion request is the whole message (削除して, delete my data): one this long is something else, and
# is not folded into romaji just to be compared with a few words.
MAX_DELETION_LETTERS = 120


class Patterns(NamedTuple):
    """Emergency patterns (of no category), their exceptions, and whole-message deletion requests."""

    emergency: tuple[str, ...] = ()
    exceptions: tuple[str, ...] = ()
    deletion: tuple[str, ...] = ()


def _whole(patterns: Iterable[str], words: bool) -> re.Pattern[str] | None:
    chosen = [regex_of(p) for p in patterns if is_words_pattern(p) == words and pattern_problem(p) is None]
    return re.compile("|".join(f"(?:{r})" for r in chosen)) if chosen else None


def _index(patterns: Iterable[str], words: bool) -> PatternIndex:
    """The patterns of one view (`_usable`), indexed."""
    return PatternIndex((regex_of(p) for p in patterns if _usable(p, words)), words)


def _usable(pattern: object, words: bool) -> bool:
    return isinstance(pattern, str) and bool(pattern.strip()) and is_words_pattern(pattern) == words


# The words that make a match firm (`firm`: つもり, planning to) stand at most this many letters from it
# (命を絶|つ|つもり, 自殺|する|予定): `Detector._firm`.
FIRM_GAP = 3
# Which category an emergency message is filed under when several match: the most specific danger first.
PRIORITY: tuple[str | None, ...] = ("overdose", "plans_means", "child_danger", "sexual_violence", "violence",
                                    "stalking", "self_harm", "shelter_food", "other_person", "ideation", None)
# Dangers a person does to herself: said of someone else (友達が, "my friend"), they are that person's risk.
SELF_DIRECTED = ("ideation", "plans_means", "self_harm", "overdose", None)


class Detector:
    """Compiled patterns: `assess(text)` (how urgent, about what), `is_emergency(text)`, `is_deletion(text)`.

    Each group of patterns is prepared when a message first needs it (English ones on the first message
    with Latin letters, exceptions and context triggers on the first hit): a cold start pays less.
    """

    def __init__(self, source: Lexicon | Patterns, model: Model | None = None,
                 residents: Callable[[], Model | None] | None = None) -> None:
        if isinstance(source, Patterns):
            source = Lexicon(tuple((p, Concept(None, "")) for p in source.emergency), (), source.exceptions,
                             source.deletion)
        self.lexicon = source
        self.model = model  # the second reader (tsunagu.domain.intake.model); None: the patterns alone
        # The residents' languages' own model, asked for on the first message in one of them (`_reader`).
        self._residents = residents
        self._firsts: dict[str, bool] = {}  # split phrases' first letters: an emergency alone (`_first_alone`)

    def _reader(self, language: str | None) -> Model | None:
        """The model that reads a message in this language (`model_language`): the residents' own for their
        languages when it is shipped and has thresholds for it (tsunagu.domain.intake.model, RESIDENTS), else
        the main one."""
        if language in RESIDENTS and self._residents is not None:
            found = self._residents()
            if found is not None and language in found.alert_above:
                return found
        return self.model

    def _concepts(self, words: bool) -> PatternIndex:
        chosen = [(p, c) for p, c in self.lexicon.emergency if _usable(p, words)]
        return PatternIndex((regex_of(p) for p, _ in chosen), words, (c for _, c in chosen))

    @functools.cached_property
    def kana(self) -> PatternIndex:
        """Emergency patterns with Japanese (or other non-Latin) letters."""
        return self._concepts(words=False)

    @functools.cached_property
    def words(self) -> PatternIndex:
        """Emergency patterns of ASCII only (whole words)."""
        return self._concepts(words=True)

    @functools.cached_property
    def kana_unless(self) -> PatternIndex:
        """Exceptions with Japanese letters."""
        return _index(self.lexicon.exceptions, words=False)

    @functools.cached_property
    def words_unless(self) -> PatternIndex:
        """Exceptions of ASCII only."""
        return _index(self.lexicon.exceptions, words=True)

    @functools.cached_property
    def weak_kana(self) -> PatternIndex:
        """Weak signals with Japanese letters."""
        return _index((p for p, _ in self.lexicon.weak), words=False)

    @functools.cached_property
    def weak_words(self) -> PatternIndex:
        """Weak signals of ASCII only."""
        return _index((p for p, _ in self.lexicon.weak), words=True)

    @functools.cached_property
    def disclosure_kana(self) -> PatternIndex:
        """The words she frames her own feeling in (正直に言うと, 気持ちがあります), kana view: `veto._bare`."""
        return _index(self.lexicon.disclosure, words=False)

    @functools.cached_property
    def disclosure_words(self) -> PatternIndex:
        """The same of the words view (no catalogue lists any yet)."""
        return _index(self.lexicon.disclosure, words=True)

    @functools.cached_property
    def firm_kana(self) -> PatternIndex:
        """The words that make a match firm (つもり, 予定, 決めた, 希死念慮が強い), kana view: `_firm`."""
        return _index(self.lexicon.firm, words=False)

    @functools.cached_property
    def firm_words(self) -> PatternIndex:
        """The same of the words view (planning to, decided to)."""
        return _index(self.lexicon.firm, words=True)

    def _framing(self, f: Folded) -> Callable[[str], list[tuple[int, int]]]:
        """Where the disclosure words stand in a view of the message, found when the veto first asks."""
        return finder(f, self.disclosure_kana, self.disclosure_words)

    def _firm(self, f: Folded, alive: list[Judged]) -> bool:
        """A live match made firm: the words that do so (the catalogue's `firm`) touch it, within FIRM_GAP
        letters in its sentence. A decided plan (死ぬつもりです, 自殺する予定, "i've decided to kill myself"), a day
        that ends first (終わったら, after the concert), her state named (希死念慮が強い) or means asked for
        (死ねる方法はありますか): the model does not veto it. "i'm planning to kill myself after graduation. i'm not
        thinking about college" read as a student's news and was a review (eighteenth session's note)."""
        spans = finder(f, self.firm_kana, self.firm_words)
        for j in alive:
            sentence = sentence_of(f, j)
            if sentence is None:
                continue
            near = max(sentence[0], j.start - FIRM_GAP), min(sentence[1], j.end + FIRM_GAP)
            if any(s < near[1] and e > near[0] for s, e in spans(j.view or "kana")):
                return True
        return False

    @functools.cached_property
    def context_kana(self) -> Context:
        """ConText triggers of the kana view."""
        return Context(self.lexicon.context, False, lambda p: _usable(p, False), trigger_of)

    @functools.cached_property
    def context_words(self) -> Context:
        """ConText triggers of the words view."""
        return Context(self.lexicon.context, True, lambda p: _usable(p, True), trigger_of)

    @functools.cached_property
    def delete_kana(self) -> re.Pattern[str] | None:
        """Deletion requests with Japanese letters, as one regular expression."""
        return _whole(self.lexicon.deletion, words=False)

    @functools.cached_property
    def delete_words(self) -> re.Pattern[str] | None:
        """Deletion requests of ASCII only, as one regular expression."""
        return _whole(self.lexicon.deletion, words=True)

    @functools.cached_property
    def split(self) -> SplitPhrases:
        """The catalogues' split phrases (`split`), each in the view it is matched in: words for Latin letters."""
        return SplitPhrases(split_view(phrase) for phrase, _ in self.lexicon.split if not split_problem(phrase))

    def judge_pieces(self, text: str, previous: str | None = None) -> tuple[Assessment | None, Pieces]:
        """`judge(text, previous)`, and the message's split phrases when it is neither a deletion request nor
        an emergency (`pieces`), the message folded once."""
        f = fold(text)
        found = self.judge(text, previous, f)
        return found, (self.pieces(text, f) if found is not None and not found.emergency else NO_PIECES)

    def pieces(self, text: str, f: Folded | None = None) -> Pieces:
        """What this message, not an emergency alone, means for her split phrases across requests
        (tsunagu.domain.intake.fragments): the phrases its end starts, the pieces it grows, and those it
        completes: joined after their first letters, the message is an emergency and those letters alone are
        not. `f`: the message folded (`fold(text)`), when the caller has it."""
        f = f or fold(text)
        split = self.split
        views = [(view, words) for view, words in ((f.kana, False), (f.words, True)) if view]
        ends = [p for view, words in views for p in split.ends(view, words)]
        middles = [m for view, words in views for m in split.middles(view, words)]
        grows = [(held, grown) for held, grown, _ in middles]
        completes, joined = [], None
        # The rest of a phrase comes in a short message: a long letter starting with it (たい…) is not read
        # twice more, joined (a crafted 5,000-letter one would have cost 9 ms). A middle piece completes the
        # phrase too when the letters so far are danger already (殺 / され / る: 殺され).
        short = len(f.kana) + len(f.words) <= LONG_TEXT
        candidates = [c for view, words in views for c in split.rests(view, words)] if short else []
        for piece, first in [*candidates, *((held, first) for held, _, first in middles)]:
            if not self._first_alone(first):
                found = self.assess(first + text)
                if found.emergency:
                    completes.append(piece)
                    joined = joined or found
        if not (ends or grows or completes):
            return NO_PIECES
        return Pieces(tuple(dict.fromkeys(ends))[-MAX_PIECES:], tuple(dict.fromkeys(grows))[:MAX_PIECES],
                      tuple(dict.fromkeys(completes))[:MAX_PIECES], joined)

    def _first_alone(self, first: str) -> bool:
        """Whether a split phrase's first letters alone are an emergency (kept: they are the catalogue's)."""
        if first not in self._firsts:
            self._firsts[first] = self.assess(first).emergency
        return self._firsts[first]

    def indexes(self) -> list[PatternIndex]:
        """Every pattern index of the detector, built (scripts/catalogues lists their patterns' heads)."""
        return [self.kana, self.words, self.kana_unless, self.words_unless, self.weak_kana, self.weak_words,
                self.disclosure_kana, self.disclosure_words, self.firm_kana, self.firm_words,
                self.context_kana.index, self.context_words.index]

    def assess(self, text: str) -> Assessment:
        """How urgent the message is and what it is about (README, "Emergency detection")."""
        return self._assess(fold(text))

    def assess_after(self, previous: str | None, text: str) -> Assessment:
        """The message judged with the end of the same person's earlier messages joined (死に / たい;
        `carried` makes it), in memory only."""
        alone = self.assess(text)
        if alone.emergency or not previous:
            return alone
        head = previous[-JOIN_LETTERS:]
        both, before = self.assess(joined(head, text)), self.assess(head)
        if both.emergency and not before.emergency:
            return both
        if both.evidence_needs is not None and before.evidence_needs is not None:
            # Its evidence is what it adds to the messages before it, read together: the second half of a
            # weak signal (i cant do this / anymore) weighs nothing of its own.
            alone = dataclasses.replace(alone, evidence=both.evidence - before.evidence)
        # A weak signal split across the two (can't do this / anymore) counts once, with this message.
        split = both.weak - before.weak
        if split > alone.weak:
            return dataclasses.replace(alone, level=alone.level or "weak", weak=split)
        return alone

    def is_emergency(self, text: str) -> bool:
        """True when the message says she is in danger, wants to die, or is harming herself."""
        return self._assess(fold(text)).emergency

    def is_deletion(self, text: str) -> bool:
        """True when the whole message asks for her records to be deleted (削除して, delete my data, ...)."""
        return self._deletion(fold(text))

    def classify(self, text: str) -> str | None:
        """"deletion", "emergency" or None, folding the message once (a deletion request is asked first)."""
        f = fold(text)
        return "deletion" if self._deletion(f) else "emergency" if self._assess(f).emergency else None

    def judge(self, text: str, previous: str | None = None, f: Folded | None = None) -> Assessment | None:
        """None for a deletion request, else `assess_after(previous, text)`: the intake folds a message once
        (`f`, when the caller has folded it)."""
        f = f or fold(text)
        if self._deletion(f):
            return None
        alone = self._assess(f)
        return alone if alone.emergency or not previous else self.assess_after(previous, text)

    def _judged(self, f: Folded) -> list[Judged]:
        kana = self._view(f.kana, self.kana, lambda: self.kana_unless, self.context_kana,
                          lambda: f.breaks("kana")) if f.kana else []
        found = _in("kana", kana)
        if f.words and not any(j.status != "demoted" for j in found):
            found += _in("words", self._words_view(f))
            # Romaji last: made only when needed, and not for clear English, whose words it reads run together
            # (pay rent and eat: れんたん, the charcoal of a plan), nor for Chinese, whose Latin letters are no
            # Japanese (N2 read as ん2 put kana in a Chinese message, where Chinese triggers do not apply).
            if not any(j.status != "demoted" for j in found) and not clearly_english(f.words) \
                    and f.script != "zh":
                found += _in("romaji", self._view(f.romaji, self.kana, lambda: self.kana_unless, self.context_kana))
        return found

    @staticmethod
    def _view(text: str, found: PatternIndex, unless: Callable[[], PatternIndex], context: Context,
              sentences: Callable[[], list[int]] | None = None) -> list[Judged]:
        matches = hits(found, unless, text, sentences)
        return context.judge(text, ((s, e, found.keys[i]) for s, e, i in matches), None, sentences) \
            if matches else []

    def _words_view(self, f: Folded) -> list[Judged]:
        """The words view's matches; in a Japanese message, a word the Japanese context demotes (ODはしてない,
        漫画でODする話) stays demoted: the ASCII word is read in its Japanese sentence as well."""
        matches = hits(self.words, lambda: self.words_unless, f.words, lambda: f.breaks("words"))
        if not matches:
            return []
        # The message's language, the first match's catalogue settling a tie ("to no parque": pt, not en).
        language = functools.partial(latin_language, f.words, _concept(self.words.keys[matches[0][2]]).language)
        judged = self.context_words.judge(f.words, ((s, e, self.words.keys[i]) for s, e, i in matches), language,
                                          lambda: f.breaks("words"))
        if not _JAPANESE_LETTER.search(f.kana):
            return judged
        out = []
        for (s, e, _), j in zip(matches, judged, strict=True):
            span = kana_span(f, s, e) if j.status != "demoted" else None
            if span is not None:
                there = self.context_kana.judge(f.kana, [(*span, j.key)], None, lambda: f.breaks("kana"))[0]
                if there.status == "demoted":
                    j = dataclasses.replace(j, status="demoted")
            out.append(j)
        return out

    def _unexcepted(self, f: Folded) -> Folded:
        """The message without every sentence an exception matches in (蚊に刺されたとこ…血が出るまでかいた, お茶は
        全部飲んだ, ဓာတ်ပုံရိုက် "take a photo"): the catalogue has read those words as everyday, so the model does
        not alert on them, but it still reads the sentences beside them ("took 2 advil for my headache. he
        keeps me locked in the flat"). Until the seventeenth session an exception kept the model from alerting
        on the whole message, and hid danger told beside everyday words. The whole message goes where its
        sentences are not known: a Latin message's exception in the kana view, or a message whose sentences do
        not add up to its views (`Folded.breaks`). The romaji view, which has no sentences either, is asked
        last (`_romaji_excepted`)."""
        kana = self.kana_unless.numbered(f.kana) if f.kana else []
        words = self.words_unless.numbered(f.words) if f.words else []
        if not kana and not words:
            return f
        if f.words and kana:
            return _NOTHING
        view = "words" if words else "kana"
        sentences = f.breaks(view)  # an exception across a sentence break reads nothing as everyday (`hits`)
        within = [m.span() for _, m in kana or words if not crosses_break(sentences, *m.span())]
        if not within:
            return f
        excepted = merged(sentences_around(f, view, *span) for span in within)
        if excepted == [(0, len(getattr(f, view)))]:
            return _NOTHING
        spans = [(*span, 0) for span in excepted]
        return without(f, [], spans) if words else Folded(cut(f.kana, spans, ""), "", "")

    def _romaji_excepted(self, f: Folded) -> bool:
        """An exception matches the romaji view (made only when the model would otherwise alert): it has no
        sentences, so the model does not alert on the message at all."""
        return bool(f.words) and bool(self.kana_unless.numbered(f.romaji))

    def _weak(self, f: Folded) -> int:
        """How many different weak signals the message holds: different words count apart (これ以上頑張れない and
        終わりにしたい are two), the same words repeated once, and words two patterns read together once (もう疲れた:
        もう疲 and 疲れた, one signal; until the twenty-seventh session two, which alone made an emergency)."""
        found = {("kana", s) for s in _signals(f.kana, self.weak_kana.numbered(f.kana))} if f.kana else set()
        if f.words:
            found |= {("words", s) for s in _signals(f.words, self.weak_words.numbered(f.words))}
        return len(found)

    def _weak_letters(self, f: Folded, language: str) -> int:
        """The letters of the view `_letters` counts that weak signals cover: the model does not alert on
        a weak signal alone ("i can't do this anymore"), which adds up over her messages instead."""
        words = _in_latin(f, language)
        found, text = (self.weak_words, f.words) if words else (self.weak_kana, f.kana)
        covered: set[int] = set()
        for _, m in found.numbered(text) if text else ():
            covered.update(range(*m.span()))
        return sum(text[i] != " " for i in covered)

    def _assess(self, f: Folded) -> Assessment:
        judged = self._judged(f)
        alive = [j for j in judged if j.status != "demoted"]
        if alive:
            def category(j: Judged) -> str | None:
                # Someone else at risk of harming herself (友達が死にたいって): the policy's other_person.
                own = _concept(j.key).category
                return "other_person" if j.status == "other" and own in SELF_DIRECTED else own

            best = min(alive, key=lambda j: PRIORITY.index(category(j)))
            language = _concept(best.key).language or None
            # Danger found in the romaji view (zenbu owarasetai) is Japanese in Latin letters: the model would
            # read it as English, which it is not, so no model reads it to veto it.
            read = model_language(f, language) if self.model is not None and best.view != "romaji" else None
            model = self._reader(read)
            if model is not None and read in model.veto_below and category(best) is not None \
                    and self._besides(f, read, alive) >= VETO_BESIDES and not self._firm(f, alive) \
                    and vetoes(model, f, alive, read, self._framing(f)):
                # Everyday words the pattern took for danger, in a language the model knows well: a review.
                return self._with_evidence(f, "review", category(best), language,  # type: ignore[arg-type]
                                           self._weak(f), model_language(f))
            return Assessment("emergency", category(best), language)  # type: ignore[arg-type]
        model = self.model
        score = None  # the whole message's, once the model has read it
        told: str | None = None  # the language the model reads it in (`model_language`)
        if model is not None:
            language = told = model_language(f)
            model = self._reader(language)
            assert model is not None
            if language in model.alert_above:
                # What context demoted (死にたいなんて思ってない) is no evidence of danger: the model must
                # find danger in the rest of the message as well.
                above = model.alert_above[language]
                # The model reads the sentences no exception reads as everyday (`_unexcepted`), and of those
                # what context did not demote. A message of one sentence that does not read as danger whole
                # cannot with less of it, so its exceptions are not looked for (most messages: looking cost
                # the median message a tenth of its time). `score` stays the whole message's (its evidence).
                alarming = False
                if _letters(f, language) >= MIN_LETTERS:
                    score = model.score(f.kana, f.words)
                    seen = self._unexcepted(f) if score > above or f.several_sentences else f
                    if seen is f:
                        alarming = score > above
                    else:
                        alarming = _letters(seen, language) >= MIN_LETTERS and \
                            model.score(seen.kana, seen.words) > above
                if alarming:
                    rest = self._without_matches(seen) if judged else seen
                    letters = _letters(rest, language)
                    if letters >= MIN_LETTERS and (rest is f or model.score(rest.kana, rest.words) > above) \
                            and letters - self._weak_letters(rest, language) >= MIN_LETTERS \
                            and not (seen is f and self._romaji_excepted(f)):
                        # Danger the patterns do not list, read by the model: no category, so every number is listed.
                        return Assessment("emergency", None, language)
                elif score is not None and not judged and self._sentence_stands(f, language, above):
                    # (Not a letter whose matches context judged: a denial read better, 死にたいとか消えたい
                    # とかは全然ないです, had let a sentence about medicines at work stand alone; twenty-ninth session.)
                    return Assessment("emergency", None, language)
        weak = self._weak(f)
        if judged:
            first = _concept(judged[0].key)
            return self._with_evidence(f, "review", first.category, first.language or None, weak, told, score)
        return self._with_evidence(f, "weak" if weak else None, None, None, weak, told, score)

    def _sentence_stands(self, f: Folded, language: str, above: float) -> bool:
        """A long letter with no concept match that the model does not read as danger whole, one of whose sentences
        it reads as danger by LETTER_SENTENCE_STANDS over its alert threshold, read alone: the everyday news around
        one sentence of danger had outweighed it. Not a sentence that holds an exception or a weak signal (those are
        read as they always were)."""
        margin = LETTER_SENTENCE_STANDS.get(language)
        view = "words" if _in_latin(f, language) else "kana"
        text = getattr(f, view)
        if margin is None or len(text) < LETTER or not f.several_sentences:
            return False
        model = self._reader(language)
        assert model is not None
        breaks = f.breaks(view)
        if not breaks:  # its sentences are not known: the letter was read whole
            return False
        latin = view == "words"
        sentences = [(a, b) for a, b in itertools.pairwise([0, *breaks, len(text)]) if b - a >= MIN_LETTERS]
        # Each read as the model reads a message: Latin letters without their spaces (`as_stretches`).
        candidates = [span for span, stretch in zip(sentences, as_stretches(f, view, sentences), strict=True)
                      if model.score_stretch(*stretch) > above + margin]
        if not candidates:
            return False
        unless = self.words_unless if latin else self.kana_unless
        weak = self.weak_words if latin else self.weak_kana
        taken = [m.span() for _, m in unless.numbered(text)] + [m.span() for _, m in weak.numbered(text)]
        return any(not any(s < b and a < e for s, e in taken) for a, b in candidates)

    def _besides(self, f: Folded, read: str, alive: list[Judged]) -> int:
        """The letters the model may veto on (`VETO_BESIDES`): the message's, in the view of its language, but
        its longest live match's and its weak signals' (a farewell is no everyday life around the danger)."""
        besides = _letters(f, read) - max(j.end - j.start for j in alive)
        return besides - self._weak_letters(f, read) if besides >= VETO_BESIDES else besides

    def _with_evidence(self, f: Folded, level: Level | None, category: Category | None, language: str | None,
                       weak: int, read: str | None, score: float | None = None) -> Assessment:
        """A message that is not an emergency, with the model's evidence that adds up over her messages
        (tsunagu.domain.intake.concern, `add_evidence`), in a language the model reads: `read`, the message's
        (`model_language`). `score`: the whole message's, when the model path has made it already (a long
        letter's sum costs a millisecond)."""
        model = self._reader(read)
        # A long letter adds none: the detector has read it whole, and scoring a vetoed one whole as well cost
        # a 5,000-letter message 1 to 3 ms. What adds up across requests is her short lines.
        if model is None or len(f.kana) + len(f.words) > LONG_TEXT or read not in model.alert_above:
            return Assessment(level, category, language, weak)
        # Her weak signals add up as weak signals (concern), not as evidence as well: the model alone never
        # alerts on a weak signal either (i cant do this / anymore is one, whatever it scores).
        if weak:
            rest = self._without_weak(f)
            score = model.score(rest.kana, rest.words, False)
        elif score is None:
            score = model.score(f.kana, f.words)
        return Assessment(level, category, language, weak, score - model.prior,
                          model.alert_above[read] + EVIDENCE_MARGIN.get(read, EVIDENCE_MARGIN_ELSE) - model.prior)

    def _without_weak(self, f: Folded) -> Folded:
        """The kana and words views without their weak signals' matches."""
        def spans(index: PatternIndex, text: str) -> list[tuple[int, int, int]]:
            return [(*m.span(), i) for i, m in index.numbered(text)] if text else []

        return without(f, spans(self.weak_kana, f.kana), spans(self.weak_words, f.words))

    def _without_matches(self, f: Folded) -> Folded:
        """The kana and words views without the concepts' matches (every one demoted, when this is asked)."""
        return without(f, hits(self.kana, lambda: self.kana_unless, f.kana),
                        hits(self.words, lambda: self.words_unless, f.words))

    def _deletion(self, f: Folded) -> bool:
        if len(f.kana) > MAX_DELETION_LETTERS:
            return False  # a whole message asking for erasure is a few words, never a long letter
        kana = self.delete_kana
        if kana and kana.fullmatch(f.kana):
            return True
        if not f.words:
            return False
        words = self.delete_words
        return bool((kana and kana.fullmatch(f.romaji)) or (words and words.fullmatch(f.words)))


# What the model reads of a message an exception covers whole: nothing.
_NOTHING = Folded("", "", "")


def _signals(text: str, matches: Iterable[tuple[int, re.Match[str]]]) -> set[str]:
    """The different weak signals among a view's matches, each by its letters: matches that overlap are one
    signal, the letters they cover together, and the same words repeated are one."""
    spans = sorted(m.span() for _, m in matches)
    merged: list[list[int]] = []
    for start, end in spans:
        if merged and start < merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    return {text[start:end] for start, end in merged}


def _in(view: str, judged: list[Judged]) -> list[Judged]:
    """The matches, each naming the view it was found in (`_around` reads the model's window there)."""
    return [Judged(j.start, j.key, j.status, j.end, view) for j in judged]


def model_language(f: Folded, detected: str | None = None) -> str | None:
    """The language the model reads a message as: its script's (ja, zh, ko, ne, my), or for Latin letters
    the word lists' (vi, pt, tl), else `detected` (the language of the pattern that matched, when it is
    one of those: "estou pensando em me matar" has no word the lists know), else en; None without letters.
    The model reads only the languages it has thresholds for: those its corpora hold enough of
    (scripts/train_detector)."""
    script = f.script
    if script == "latin":
        return latin_language(f.words, detected) or (detected if detected in LATIN_LANGUAGES else "en")
    return script


def _letters(f: Folded, language: str) -> int:
    """The message's letters in the view the model counts for its language (model_language's, not asked
    again): Latin ones without spaces, else the kana view."""
    return len(f.words.replace(" ", "")) if _in_latin(f, language) else len(f.kana)


def _in_latin(f: Folded, language: str | None) -> bool:
    """Whether the message is read in its words view: a language written in Latin letters, or Nepali typed in
    them (no Devanagari letter: latin_language tells it by its words), whose weak signals and exceptions are
    the catalogue's Latin ones."""
    return language in LATIN_LANGUAGES or (language == "ne" and bool(f.words) and not has_script(f.kana, "ne"))


def _concept(key: object) -> Concept:
    """What a match (its Judged.key, or a PatternIndex key) stands for."""
    assert isinstance(key, Concept)
    return key


@functools.cache
def detector(emergency: tuple[str, ...] = (), exceptions: tuple[str, ...] = ()) -> Detector:
    """The catalogues' detector plus a ward's own emergency patterns and exceptions (compiled once each),
    with the shipped model as its second reader."""
    return Detector(catalogue_lexicon().plus(emergency, exceptions), shipped(), shipped_residents)
