"""The detector's second reader (tsunagu.domain.intake.model): what it was trained on, where it may speak,
and that folding makes it blind to what an attacker inserts."""

from __future__ import annotations

import importlib.util
import json
import random
import sys
from collections.abc import Callable
from dataclasses import replace
from importlib import resources
from importlib.machinery import SourceFileLoader
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from tsunagu.domain.intake.detection import Detector, _in_latin, detector, model_language
from tsunagu.domain.intake.folding import fold
from tsunagu.domain.intake.lexicon import catalogue_lexicon
from tsunagu.domain.intake.model import (
    MODEL_FILE,
    RESIDENTS,
    RESIDENTS_FILE,
    features,
    from_json,
    shipped,
    shipped_residents,
    train,
)

REPO = Path(__file__).resolve().parents[2]


def _trainer():
    loader = SourceFileLoader("train_detector", str(REPO / "scripts" / "train_detector"))
    spec = importlib.util.spec_from_loader("train_detector", loader)
    assert spec is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["train_detector"] = module  # its dataclasses look their module up while they are made
    loader.exec_module(module)
    return module


def test_the_shipped_model_is_what_the_corpora_train():
    """Retrained from the first corpus and the dev set with the shipped thresholds, the weights are the same:
    change a corpus, run scripts/train_detector (it also chooses the thresholds again)."""
    doc = json.loads(resources.files("tsunagu.data").joinpath(MODEL_FILE).read_text(encoding="utf-8"))
    shipped_model = from_json(doc)
    trainer = _trainer()
    items, dev = trainer.training_items()
    assert dev and all(e.split == "dev" for e in dev)  # never the test set
    again = train(trainer.main_items(items), shipped_model.alert_above, shipped_model.veto_below)
    assert again.to_json() == doc
    # Every language the dev set holds 40 texts of each label in (the residents' languages since 2026-12-05).
    assert {"ja", "en"} <= set(shipped_model.languages)
    assert all(lang in ("ja", "en", "zh", "ko", "vi", "pt", "tl", "ne", "my") for lang in shipped_model.languages)


def test_the_residents_model_is_what_the_corpora_and_their_lists_train():
    """The residents' languages' own model learns what the main one learns and the tuned lists in their languages
    (tests/support/probes, RESIDENTS_TUNED), never an unseen list; it reads only their languages, and never
    vetoes (no language of theirs has the texts a veto is chosen on)."""
    from support.probes import RESIDENTS_TUNED, UNSEEN

    doc = json.loads(resources.files("tsunagu.data").joinpath(RESIDENTS_FILE).read_text(encoding="utf-8"))
    residents = from_json(doc)
    trainer = _trainer()
    items, _ = trainer.training_items()
    again = train(trainer.residents_items(items), residents.alert_above, residents.veto_below)
    assert again.to_json() == doc
    assert set(residents.languages) == set(RESIDENTS) and not residents.veto_below
    assert RESIDENTS_TUNED and not set(RESIDENTS_TUNED) & set(UNSEEN)


def test_each_language_is_read_by_its_model():
    """Japanese, English and Chinese by the main model; the other residents' languages by their own, whose
    weights and alert thresholds then decide; a detector given no residents' model reads every language with the
    main one."""
    judge, main, residents = detector(), shipped(), shipped_residents()
    assert main is not None and residents is not None
    assert judge._reader("ja") is main and judge._reader("en") is main and judge._reader("zh") is main
    assert all(judge._reader(lang) is residents for lang in RESIDENTS)
    assert judge._reader(None) is main
    # Nepali typed in Latin letters is Nepali, read by the residents' model in its words view, not English.
    typed = fold("tin din bhayo kei khako chaina, paisa sakiyo")
    assert model_language(typed) == "ne" and judge._reader(model_language(typed)) is residents
    assert _in_latin(typed, "ne") and not _in_latin(fold("तीन दिन भयो केही खाएको छैन"), "ne")
    alone = Detector(catalogue_lexicon(), main)  # no residents' model: the main one reads every language
    assert alone._reader("pt") is main


def test_the_model_learns_the_rounds_it_lists_and_holds_the_later_ones_back():
    """The dev texts of the rounds after train_detector.LEARNT_ROUNDS are held back: text the model has not
    seen, for the thresholds to be chosen on and a change to the model to be judged by (`--held-back`)."""
    from support.corpus_v2 import ROUNDS, load

    trainer = _trainer()
    _, learnt = trainer.training_items()
    dev = [e for e in load() if e.split == "dev"]
    held = [e for e in dev if e.where.startswith(tuple(r.removesuffix("*.yml") for r in ROUNDS[4:]))]
    where = {e.where for e in learnt}
    assert ROUNDS[:4] == trainer.LEARNT_ROUNDS
    assert held and not where & {e.where for e in held}
    assert where == {e.where for e in dev} - {e.where for e in held}
    held_rounds = {key.split()[0] for key in trainer.held_back_figures()}
    assert held_rounds == {"f_", "g_", "h_", "i_", "j_", "k_", "l_", "m_", "n_"}


def test_the_model_learns_the_tuned_lists_of_short_messages_and_never_the_unseen_ones():
    from support.probes import JAPANESE_TUNED, UNSEEN, probe

    learnt = {text for text, _ in _trainer().probes()}
    unseen = {text for name in UNSEEN for found in [probe(name)] for text in found.danger + found.everyday}
    assert learnt and unseen and not learnt & unseen
    assert JAPANESE_TUNED and not set(JAPANESE_TUNED) & set(UNSEEN)


def test_the_later_japanese_lists_keep_each_class_share_of_what_the_model_learns():
    """The later Japanese lists (`JAPANESE_TUNED`) are learnt with their danger lines trimmed, so that danger keeps
    its share of the texts: naive Bayes's weights carry each class's size, and a list of another share moved the
    scores of long English letters by their length. Every everyday line is learnt. Only the main model learns them
    (`test_the_residents_model_is_what_the_corpora_and_their_lists_train`)."""
    from support.probes import JAPANESE_TUNED, probe

    trainer = _trainer()
    items, _ = trainer.training_items()
    added = trainer.japanese_lists(items)
    everyday = sum(len(probe(name).everyday) for name in JAPANESE_TUNED)
    assert sum(not d for _, d in added) == everyday
    before = sum(d for _, d in items) / sum(not d for _, d in items)
    after = sum(d for _, d in items + added) / sum(not d for _, d in items + added)
    assert abs(after - before) < 0.001 and sum(d for _, d in added) < sum(len(probe(n).danger) for n in JAPANESE_TUNED)
    assert len(trainer.main_items(items)) == len(items) + len(added)


def test_it_never_alerts_on_a_few_words_or_a_weak_signal_alone():
    judge = detector()
    assert shipped() is not None and judge.model is shipped()
    # Weak signals: they add up over her messages instead, however long the model finds them.
    for text in ("もう無理", "疲れた", "i'm done", "i cant do this anymore", "もう無理、疲れた"):
        assert not judge.assess(text).emergency, text
    for text in ("ဗိုက်ဆာလို့ သေတော့မယ်", "배고파 죽겠어", "tô morrendo de fome"):  # hyperbole in the residents' languages
        assert not judge.assess(text).emergency, text


def test_a_plea_for_help_is_never_vetoed():
    for text in ("助けて", "たすけてください", "help me please"):
        assert detector().assess(text).emergency, text


def test_a_language_the_model_vetoes_in_but_never_alerts_alone_in_is_read_without_error():
    """`scripts/train_detector --thresholds` may choose "never alerts alone" for a language and still a veto:
    its messages are then judged without an alert threshold (a long letter's sentence of danger stands only
    when it is bare), not with a KeyError on the webhook's path."""
    model = shipped()
    assert model is not None
    no_alone = replace(model, alert_above={k: v for k, v in model.alert_above.items() if k != "ja"})
    judge = Detector(catalogue_lexicon(), no_alone)
    news = "週末は子どもと公園に行って、お弁当を食べました。来月から保育園の申し込みが始まります。" * 4
    assert judge.assess(news + "もう死にたい。" + news).emergency  # a bare sentence among news stands
    assert judge.assess("死にたい").emergency


def test_it_catches_danger_the_patterns_do_not_list():
    """Situations the catalogues have no pattern for, in words the corpora taught the model."""
    patterns, both = Detector(catalogue_lexicon()), detector()
    texts = ["もう何もかも嫌になって、明日の朝にはこの部屋にいないと思います",
             "夫が帰ってきたらまた同じことをされると思うと怖くて、子どもと押し入れに隠れています"]
    caught = [t for t in texts if both.assess(t).emergency and not patterns.assess(t).emergency]
    assert caught, "the model added nothing to the patterns on these"


@settings(max_examples=60, deadline=None)
@given(st.sampled_from(["もう何もかも嫌になって明日の朝にはいないと思います", "彼に殴られて顔が腫れてる、今も家にいる",
                        "i can't do this anymore, tonight i'm ending it"]),
       st.lists(st.sampled_from(["\u200b", " ", "😢", "\u3000", "、", "!"]), min_size=1, max_size=8),
       st.randoms())
def test_inserted_invisible_characters_spaces_and_emoji_do_not_move_the_score(text, inserts, rnd):
    model = shipped()
    assert model is not None
    chars = list(text)
    for mark in inserts:
        chars.insert(rnd.randint(0, len(chars)), mark)
    a, b = fold(text), fold("".join(chars))
    assert model.score(a.kana, a.words) == model.score(b.kana, b.words)


def _plain_features(kana: str, words: str) -> set[str]:
    """The features as the model's docstring defines them, written the slow, obvious way."""
    text = f" {kana} "
    out = {text[i:i + n] for n in (1, 2, 3) for i in range(len(text) - n + 1)}
    letters = words.replace(" ", "")
    out |= {"l:" + letters[i:i + n] for n in (4, 5) for i in range(len(letters) - n + 1)}
    return out


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="あいしにた死x ", max_size=14), st.text(alphabet="ab k", max_size=14))
def test_the_features_are_every_letter_pair_and_triple_and_every_run_of_four_and_five(kana, words):
    """The model reuses the runs the patterns made (`grams`); what it reads is still the plain definition."""
    assert features(kana, words) == _plain_features(kana, words)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="あいしにた死x ", max_size=30), st.text(alphabet="ab kil", max_size=30))
def test_the_score_is_the_prior_plus_the_weights_of_the_features(kana, words):
    """The score sums run length by run length over the patterns' runs (`grams`); it is still the sum over
    `features` the model's docstring defines."""
    model = shipped()
    assert model is not None
    kana = kana.replace(" ", "")
    plain = model.prior + sum(model.weight(g) for g in _plain_features(kana, words))
    assert abs(model.score(kana, words) - plain) < 1e-9


def test_a_frontier_keeps_only_the_threshold_pairs_no_other_beats():
    points = [(10, 2, 1.0, None), (12, 2, 2.0, None), (11, 3, 3.0, None), (15, 5, 4.0, -1.0), (15, 6, 5.0, None),
              (9, 0, None, None)]
    assert [p[:2] for p in _trainer().pareto(points)] == [(9, 0), (12, 2), (15, 5)]


def _hilly(seed: int) -> Callable[[float, float], tuple[bool, int, float]]:
    """A worth for every threshold pair, fixed by `seed` and unrelated from one pair to the next."""
    def worth(alert: float, veto: float) -> tuple[bool, int, float]:
        rnd = random.Random(f"{seed} {alert:.2f} {veto:.2f}")
        return rnd.random() < 0.7, -rnd.randrange(3), rnd.random()
    return worth


@settings(max_examples=200, deadline=None)
@given(st.integers(0, 10**6), st.integers(-20, 20), st.integers(-20, 20))
def test_the_threshold_search_ends_where_no_single_step_within_reach_does_better(seed, alert, veto):
    """`--held-back-thresholds` climbs from the thresholds it has: it ends on a pair no move of one threshold within
    reach beats, no worse than where it began, and run again from there it moves nothing (the shipped pair is kept
    until the texts or the model change)."""
    trainer = _trainer()
    worth = _hilly(seed)
    start = (float(alert), float(veto))
    end = trainer.climb(start, worth, step=1.0, reach=3.0)
    best = worth(*end)
    assert not trainer.better(worth(*start), best)
    for k in range(-3, 4):
        assert not trainer.better(worth(end[0] + k, end[1]), best)
        assert not trainer.better(worth(end[0], end[1] + k), best)
    assert trainer.climb(end, worth, step=1.0, reach=3.0) == end


def test_the_threshold_search_puts_the_shipped_point_first_then_our_phrasings_then_recall():
    better = _trainer().better
    assert better((True, -5, 0.1), (False, 0, 0.9))  # no worse than the shipped pair beats any phrasing or recall
    assert better((True, 0, 0.1), (True, -1, 0.9))  # then fewer of our phrasings judged wrong
    assert better((True, 0, 0.5), (True, 0, 0.4)) and not better((True, 0, 0.4), (True, 0, 0.4 - 1e-12))


def test_the_shipped_japanese_thresholds_are_what_the_held_back_rule_chooses():
    """The twenty-sixth session chose ja 5.9 and -8.0 by the rule `--held-back-thresholds` now applies; applied to
    the shipped model, the rule keeps them (a change to the catalogues that moves the Japanese held-back texts
    makes it choose again: run scripts/train_detector --held-back-thresholds)."""
    trainer = _trainer()
    model = shipped()
    assert model is not None
    alert, veto, (caught_before, false_before, caught, false) = trainer.held_back_thresholds(model, model, "ja")
    assert (alert, veto) == (model.alert_above["ja"], model.veto_below["ja"])
    assert (caught, false) == (caught_before, false_before)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="あいしにた死x", max_size=60), st.text(alphabet="abkil", max_size=60),
       st.integers(0, 70), st.integers(0, 70))
def test_a_stretch_scores_as_the_same_letters_read_alone(kana, letters, a, b):
    """The veto reads a stretch of a long view from the whole view's runs (`score_stretch`): what it finds
    is the score of the stretch's letters read alone, kana or Latin."""
    model = shipped()
    assert model is not None
    start, end = min(a, b), max(a, b)
    for text, latin in ((kana * 8, False), (letters * 8, True)):  # long views: their runs are kept
        end = min(end, len(text))
        start = min(start, end)
        piece = text[start:end]
        alone = model.score(piece, piece if latin else "", False)
        assert abs(model.score_stretch(text, start, end, latin) - alone) < 1e-9
