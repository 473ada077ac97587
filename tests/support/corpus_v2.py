"""The held-out emergency corpus of issue 21 (tests/intake/corpus/v2/*.yml), split by a fixed hash.

Each file holds a YAML list. An entry is one message, `{text, label, category, lang, note?}`, or a
sequence of one person's consecutive messages, `{messages: [..], label, category, lang, note?}`.
`label` is `emergency` or `benign`, by the label policy in the README ("Emergency detection"). An
entry belongs to the **test** set when the first byte of SHA-256 of its key (the text, or the messages
joined by newlines) modulo 10 is below 4, else to the **dev** set: patterns are tuned on dev only, and
only aggregate figures of the test set are ever printed. A malformed entry fails with file:line.

The independent texts (tests/intake/corpus/independent/*.yml, by writers who never saw the patterns) are
split by the same hash: the entries the hash puts in the test set stay **independent**, never tuned or
trained on and read only as a whole; the rest join the dev set. (Until 2026-12-05, third session, all of
them were held out; the dev set then had one writer's hand, and the model too few texts to learn from.)
"""

from __future__ import annotations

import dataclasses
import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from support.corpus import CorpusError, read_lines

CORPUS_DIR = Path(__file__).resolve().parents[1] / "intake" / "corpus" / "v2"
INDEPENDENT_DIR = CORPUS_DIR.parent / "independent"
# The rounds of texts, each committed before any tuning on it: lead_* (295), then c_* (1,725), then d_*
# (1,076, fifth session, by five writers given the label policy only), then e_* (seventh session, Japanese
# and English, by four writers given the label policy only: the round the ja and en thresholds are chosen
# on, scripts/train_detector, before any catalogue was tuned on it), then f_* (eighth session, 600 Japanese
# and English texts by four writers given the label policy only, each file committed before any tuning on
# it; its thresholds were not chosen on it: see scripts/train_detector), then g_* (ninth session, 600 Japanese
# and English texts by four writers given the label policy only, committed before any tuning on it; the model
# learns neither f_ nor g_: scripts/train_detector, LEARNT_ROUNDS), then h_* (tenth session, 400 Japanese and
# English chats of 3 to 8 messages as people send them on LINE, one request each, by four writers given the
# label policy only, committed before any tuning on it; the model does not learn it), then i_* (fifteenth
# session, 599 Japanese and English texts, single messages, long letters and sequences, by four writers given the
# label policy only, committed before any tuning on it; the model does not learn it), then j_* (twentieth session,
# 600 Japanese and English texts, single messages, long letters and chats, by four writers given the label policy
# only, who read nothing of the repository, committed before any tuning on it; the model does not learn it), then
# k_* (twenty-first session, 900 texts, 600 of them English, by six writers who read nothing of the repository,
# committed before any tuning on it), then l_* (twenty-second session, 800 Japanese and English texts, 200 of them
# chats, by six writers who read nothing of the repository, committed before any tuning on it), then m_*
# (twenty-third session, 798 Japanese and English texts, 200 of them chats, the same way), then n_* (twenty-fourth
# session, 800 Japanese and English texts, 200 of them chats, the same way). A file of another
# name in the folder (a writer's draft) is not read until it is given its round's prefix.
ROUNDS = ("lead_*.yml", "c_*.yml", "d_*.yml", "e_*.yml", "f_*.yml", "g_*.yml", "h_*.yml", "i_*.yml", "j_*.yml",
          "k_*.yml", "l_*.yml", "m_*.yml", "n_*.yml")
EMERGENCY = ("ideation", "plans_means", "self_harm", "overdose", "violence", "sexual_violence", "child_danger",
             "shelter_food", "stalking", "other_person")
BENIGN = ("hyperbole", "news_fiction", "information", "past_resolved", "negated", "everyday", "thanks_greetings")
LANGS = ("ja", "ja-easy", "romaji", "en", "zh", "ko", "vi", "pt", "tl", "ne", "my")
FOREIGN = ("zh", "ko", "vi", "pt", "tl", "ne", "my")
Split = Literal["dev", "test", "independent"]


@dataclass(frozen=True)
class Entry:
    """One labelled message or sequence, with the set it belongs to."""

    messages: tuple[str, ...]
    label: Literal["emergency", "benign"]
    category: str
    lang: str
    split: Split
    where: str
    note: str = ""

    @property
    def emergency(self) -> bool:
        """Must alert (by its last message, for a sequence)."""
        return self.label == "emergency"

    @property
    def sequence(self) -> bool:
        """Several messages of one person."""
        return len(self.messages) > 1


JAPANESE = ("ja", "ja-easy", "romaji")  # Japanese with its easy and romaji forms: one language for the figures


def group_of(entry: Entry) -> str:
    """The slice an entry's figures are counted in by language: "sequences" for a sequence, "ja" for
    Japanese in any of its forms, else its language."""
    return "sequences" if entry.sequence else "ja" if entry.lang in JAPANESE else entry.lang


def split_of(key: str) -> Split:
    """The fixed hash split: about 40% test, 60% dev."""
    return "test" if hashlib.sha256(key.encode("utf-8")).digest()[0] % 10 < 4 else "dev"


def load(directory: Path = CORPUS_DIR, independent: Path | None = INDEPENDENT_DIR) -> list[Entry]:
    """Every entry of every round in `directory`, then of every file in `independent`, checked field by field."""
    out: list[Entry] = []
    for path in sorted(p for pattern in ROUNDS for p in directory.glob(pattern)):
        out.extend(_load(path))
    if independent is not None:
        for path in sorted(independent.glob("*.yml")):
            out.extend(e if e.split == "dev" else dataclasses.replace(e, split="independent") for e in _load(path))
    return out


def _load(path: Path) -> list[Entry]:
    items = read_lines(path)
    return [_entry(item, f"{path.name}:{line}") for item, line in items or []]


def _entry(item: object, where: str) -> Entry:
    if not isinstance(item, dict):
        raise CorpusError(f"{where}: expected a mapping {{text, label, category, lang}}")
    unknown = sorted(set(item) - {"text", "messages", "label", "category", "lang", "note"})
    if unknown:
        raise CorpusError(f"{where}: unknown field {unknown[0]!r}")
    if ("text" in item) == ("messages" in item):
        raise CorpusError(f"{where}: give either 'text' or 'messages'")
    messages = [item["text"]] if "text" in item else item["messages"]
    if not isinstance(messages, list) or not messages or not all(isinstance(m, str) and m.strip() for m in messages):
        raise CorpusError(f"{where}: 'text' must be a non-empty string, 'messages' a list of them")
    if "messages" in item and len(messages) < 2:
        raise CorpusError(f"{where}: a sequence has at least two messages")
    label, category, lang = item.get("label"), item.get("category"), item.get("lang")
    if label not in ("emergency", "benign"):
        raise CorpusError(f"{where}: label {label!r} is not emergency or benign")
    allowed = EMERGENCY if label == "emergency" else BENIGN
    if category not in allowed:
        raise CorpusError(f"{where}: category {category!r} is not one of {', '.join(allowed)}")
    if lang not in LANGS:
        raise CorpusError(f"{where}: lang {lang!r} is not one of {', '.join(LANGS)}")
    note = item.get("note", "")
    if not isinstance(note, str):
        raise CorpusError(f"{where}: 'note' must be a string")
    key = "\n".join(messages)
    return Entry(tuple(messages), label, category, lang, split_of(key), where, note)


def alerts(judge: object, entry: Entry, joined: bool = True) -> bool:
    """Whether the intake alerts on this entry by its last message: each message judged with the end of the
    ones before it joined (死 / に / たい, `carried`), weak signals and the model's evidence added up as the
    intake does, a minute apart. `joined=False`: each message in a request of its own, as LINE usually sends
    them, where nothing of the one before is joined and only what adds up carries over: her weak signals, the
    model's evidence, and the split phrases her messages start and complete (tsunagu.domain.intake.fragments)."""
    from tsunagu.domain.intake.concern import add_concern, add_evidence, carried
    from tsunagu.domain.intake.detection import Detector
    from tsunagu.domain.intake.fragments import carry_pieces

    assert isinstance(judge, Detector)
    concern, evidence, previous, pieces = None, None, None, {}
    for minute, text in enumerate(entry.messages):
        found = judge.assess_after(previous, text) if joined else judge.assess(text)
        if found.emergency:
            return True
        concern, adds_up = add_concern(concern, found, minute * 60)
        evidence, evidence_adds_up = add_evidence(evidence, found, minute * 60)
        if adds_up or evidence_adds_up:
            return True
        if not joined:  # in one request her messages are joined already
            pieces, completes = carry_pieces(pieces, judge.pieces(text), minute * 60)
            if completes:
                return True
        previous = carried(previous, text)
    return False


@dataclass
class Figures:
    """Recall and false alerts of one slice of the corpus."""

    emergencies: int = 0
    caught: int = 0
    benign: int = 0
    false_alerts: int = 0

    @property
    def recall(self) -> float:
        return self.caught / self.emergencies if self.emergencies else 1.0

    @property
    def false_alert_rate(self) -> float:
        return self.false_alerts / self.benign if self.benign else 0.0

    def add(self, entry: Entry, alerted: bool) -> None:
        if entry.emergency:
            self.emergencies += 1
            self.caught += alerted
        else:
            self.benign += 1
            self.false_alerts += alerted


SEQUENCES_APART = "sequences apart"  # the slice of `figures` whose sequences come one request each


def figures(entries: list[Entry], judge: object,
            alerted_by: Callable[[object, Entry, bool], bool] = alerts) -> dict[tuple[Split, str], Figures]:
    """Figures per (split, slice): slices are each language, "sequences", each category, and "all"; and
    "sequences apart", the sequences with each message in a request of its own (`alerts`, joined=False).
    `alerted_by`: `alerts`, or a memo of it when the same entries are counted in more than one set."""
    out: dict[tuple[Split, str], Figures] = {}
    for entry in entries:
        alerted = alerted_by(judge, entry, True)
        slices = ["all", "sequences" if entry.sequence else f"lang:{entry.lang}", f"category:{entry.category}"]
        for name in slices:
            out.setdefault((entry.split, name), Figures()).add(entry, alerted)
        if entry.sequence:
            out.setdefault((entry.split, SEQUENCES_APART), Figures()).add(entry, alerted_by(judge, entry, False))
    return out
