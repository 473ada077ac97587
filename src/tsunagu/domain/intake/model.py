"""A second reader beside the patterns: naive Bayes over the folded message's character n-grams.

The patterns (catalog/<lang>/detection.yml) learn phrasings; on text nobody tuned them for they miss a
quarter of the danger (README, "Emergency detection"). This model reads what the patterns cannot list:
each letter, pair and triple of letters of the folded kana view, and runs of four and five Latin letters,
weighed by how often it came with danger in the labelled corpora (log-odds, add-one
smoothing, features seen once dropped). It is trained at build time (`scripts/train_detector`) on the
first corpus, the developers' own phrasings (tests/support/phrasings.py), the tuned lists of short messages
(tests/support/probes) and the issue-21 corpus's dev set only, never on its test set, the independent texts
or an unseen list; the weights and the thresholds are data, `tsunagu/data/detection_model.json`. A message an
exception matches (the catalogue has read its words as everyday) is never alerted on by the model alone.

How the detector uses it (`tsunagu.domain.intake.detection`):
- it reads the languages it has thresholds for (`languages`): those the dev set holds at least 40 texts
  of each label in (scripts/train_detector), today Japanese, English and the seven residents' languages;
- a message the patterns do not flag, of at least MIN_LETTERS letters besides its weak signals, is an
  emergency when its score is above `alert_above` (category none: every number is listed);
- a pattern's match (not a plea for help) is demoted to a review when the score is at or below
  `veto_below` (everyday words the patterns took for danger).
Both thresholds are chosen per language by cross-validation of the whole detector on the dev set.
Pure: it reads the folded views the detector hands it, and no message text is kept.
"""

from __future__ import annotations

import functools
import math
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from itertools import repeat
from operator import add

from tsunagu.domain.intake.pattern_index import grams, stretch_grams
from tsunagu.domain.packaged import packaged_json

MODEL_FILE = "detection_model.json"
# The residents' languages read by a model of their own (twenty-fourth session): the same features and texts, and
# lists of short messages in those languages besides (tests/support/probes, `RESIDENTS_TUNED`), with a prior and
# thresholds of its own. Learnt by the one model, those lists moved the Japanese and English scores with them (its
# prior, each class's count of texts, the features the languages share): docs/detection-history.md.
RESIDENTS_FILE = "detection_model_residents.json"
# The languages it reads. Not Chinese: read by its own model, one more independent Chinese benign text alerted,
# past that set's ceiling, for one emergency more (the Chinese list is learnt all the same).
RESIDENTS = ("ko", "vi", "pt", "tl", "ne", "my")
MIN_COUNT = 2  # a feature seen once says more about its text than about danger
# Letters a message needs before the model may alert on it alone: a few words (もう無理, 疲れた) are the
# weak signals' business, which add up over her messages instead (tsunagu.domain.intake.concern).
MIN_LETTERS = 10
LATIN = "l:"  # the prefix of a Latin run's feature (`features`)


def features(kana: str, words: str) -> set[str]:
    """The letters, pairs and triples of the kana view (padded with a space at each end), and for Latin
    letters also their runs of four and five (`l:` prefixed): English words need longer pieces. Spaces are
    no part of either, so a space or an invisible character inserted into a word changes nothing.
    (The runs are `grams`, which the patterns made for the same view already: a long message's runs are
    made once.)"""
    if len(kana) < 2:  # the padded text is then all edge: "  " or " x "
        text = f" {kana} "
        out = {text[i:i + n] for n in (1, 2, 3) for i in range(len(text) - n + 1)}
    else:
        out = {" ", f" {kana[0]}", f"{kana[-1]} ", f" {kana[:2]}", f"{kana[-2:]} "}
        out |= grams(kana, 1) | grams(kana, 2) | grams(kana, 3)
    if words:
        letters = words.replace(" ", "")
        prefix = repeat(LATIN)
        out.update(map(add, prefix, grams(letters, 4)))
        out.update(map(add, prefix, grams(letters, 5)))
    return out


@dataclass(frozen=True)
class Model:
    """Log-odds per feature, the prior's, and per language the two thresholds the detector applies; a
    language without thresholds is not read (the corpora hold too little of it). The kana view's features
    and the Latin runs are kept apart (`weights`, `latin`, each run keyed without its prefix): the runs are
    looked up as the patterns made them, with no prefixed copy."""

    prior: float
    weights: dict[str, float]
    latin: dict[str, float]
    alert_above: dict[str, float]
    veto_below: dict[str, float]

    @property
    def languages(self) -> tuple[str, ...]:
        """The languages the model reads."""
        return tuple(self.alert_above)

    def weight(self, feature: str) -> float:
        """The weight of one of `features` (0 for one the training kept none of)."""
        if feature.startswith(LATIN):
            return self.latin.get(feature[len(LATIN):], 0.0)
        return self.weights.get(feature, 0.0)

    def score(self, kana: str, words: str, shared: bool = True) -> float:
        """Log-odds of danger: above 0 the model leans to danger, far above it is sure. The sum over
        `features`, taken run length by run length over the runs the patterns made (`grams`), whose
        strings already know their hashes: making a prefixed copy of each of a long English message's
        8,000 Latin runs, to hash it again, cost more than the rest of the model. `shared=False` for a
        piece of a message read once (what is left without its weak signals): its runs are made but not
        kept in the cache the views share."""
        if len(kana) < 2:
            return self.prior + sum(map(self.weight, features(kana, words)))
        grams_of = grams if shared else grams.__wrapped__
        return self._total(kana, functools.partial(grams_of, kana),
                           functools.partial(grams_of, words.replace(" ", "")) if words else None)

    def score_stretch(self, text: str, start: int, end: int, latin: bool, whole: bool = True) -> float:
        """`score` of text[start:end], a stretch of a long view that the veto reads around a match (`latin`:
        of the words view without its spaces, read as its kana and its Latin letters both). `whole`: its runs
        are taken from the whole view's (`stretch_grams`, made once for every stretch of the view), whose
        strings know their hashes; else made from the stretch alone, which costs less where the stretches
        cover little of the view."""
        if end - start < 2 or not whole:
            piece = text[start:end]
            return self.score(piece, piece if latin else "", False)
        runs = functools.partial(stretch_grams, text, start=start, end=end)
        return self._total(text[start:end], runs, runs if latin else None)

    def _total(self, kana: str, kana_runs: Callable[[int], Iterable[str]],
               latin_runs: Callable[[int], Iterable[str]] | None) -> float:
        """The prior, the edges of the kana view (each holds a space: no run does), its runs of one to three
        and the Latin runs of four and five, weighed."""
        get, zero = self.weights.get, repeat(0.0)
        edges = {" ", f" {kana[0]}", f"{kana[-1]} ", f" {kana[:2]}", f"{kana[-2:]} "}
        total = self.prior + sum(map(get, edges, zero))
        for n in (1, 2, 3):
            total += sum(map(get, kana_runs(n), zero))
        if latin_runs is not None:
            latin = self.latin.get
            total += sum(map(latin, latin_runs(4), zero)) + sum(map(latin, latin_runs(5), zero))
        return total

    def to_json(self) -> dict[str, object]:
        """The file's content: weights rounded to four places, in columns (every feature of a part in one
        string, a line each, sorted; their weights in that order), which a cold container's first message
        parses in half the time a mapping takes."""
        def columns(weights: dict[str, float]) -> dict[str, object]:
            ordered = sorted(weights)
            assert not any("\n" in g for g in ordered)  # the folded views hold no line breaks
            return {"features": "\n".join(ordered), "weights": [round(weights[g], 4) for g in ordered]}

        return {"prior": round(self.prior, 4), "alert_above": self.alert_above, "veto_below": self.veto_below,
                "kana": columns(self.weights), "latin": columns(self.latin)}


def train(items: Iterable[tuple[set[str], bool]], alert_above: dict[str, float] | None = None,
          veto_below: dict[str, float] | None = None) -> Model:
    """A model from (features, is danger) pairs."""
    counts = {True: Counter[str](), False: Counter[str]()}
    docs = {True: 0, False: 0}
    for found, danger in items:
        docs[danger] += 1
        counts[danger].update(found)
    if not docs[True] or not docs[False]:
        raise ValueError("training needs texts of both labels")
    weights, latin = {}, {}
    for g in counts[True].keys() | counts[False].keys():
        a, b = counts[True][g], counts[False][g]
        if a + b >= MIN_COUNT:
            w = math.log((a + 1) / (docs[True] + 2)) - math.log((b + 1) / (docs[False] + 2))
            if g.startswith(LATIN):
                latin[g[len(LATIN):]] = w
            else:
                weights[g] = w
    return Model(math.log(docs[True] / docs[False]), weights, latin, dict(alert_above or {}), dict(veto_below or {}))


def from_json(doc: dict[str, object]) -> Model:
    """The model a file holds (`Model.to_json`)."""
    above, below = doc["alert_above"], doc["veto_below"]
    assert isinstance(above, dict) and isinstance(below, dict)

    def part(name: str) -> dict[str, float]:
        found = doc[name]
        assert isinstance(found, dict)
        return dict(zip(found["features"].split("\n"), found["weights"], strict=True))

    return Model(float(doc["prior"]), part("kana"), part("latin"),  # type: ignore[arg-type]
                 {str(k): float(v) for k, v in above.items()}, {str(k): float(v) for k, v in below.items()})


@functools.cache
def shipped() -> Model | None:
    """The model shipped in tsunagu/data (None when absent: the patterns alone then decide). Read on the
    first text message, as the catalogues are (tsunagu.domain.packaged)."""
    doc = packaged_json(MODEL_FILE)
    return None if doc is None else from_json(doc)


@functools.cache
def shipped_residents() -> Model | None:
    """The residents' languages' model shipped in tsunagu/data (`RESIDENTS_FILE`; None when absent: the main
    model reads them then). Read on the first message in one of them."""
    doc = packaged_json(RESIDENTS_FILE)
    return None if doc is None else from_json(doc)
