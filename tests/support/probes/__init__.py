"""Short messages of present danger, and everyday ones in the same words, by helpers who saw neither the
patterns nor any corpus (ninth session): `# ideation` (or `# emergency`, every category of the label
policy) then `# everyday`, one message a line.

- tuned_<lang>.txt (150 and 80 per language): the first list. The catalogues' ninth-session ideation
  patterns were written from its misses, so it holds what they fixed; it measures nothing.
- unseen_<lang>.txt (120 and 60): a second list by two other helpers, written after those patterns, never
  read for tuning: what the fixes do on wording nobody tuned for.
- unseen2_<lang>.txt (150 and 90) and unseen3_<lang>.txt (200 and 120): every category of the label policy,
  by four more helpers. unseen3 was written to be learnt; learning it moved the English scores so far that
  the thresholds, moved with them, cost short messages of ideation (docs/detection-history.md, "Ninth
  session"), so it was not.
- tuned4_<lang>.txt and unseen4_<lang>.txt (160 and 100 each, twelfth session; unseen4_en 159, one line the
  tuned lists hold word for word dropped): every category, half the danger
  ideation said indirectly (arrangements made, farewells, not existing), half the everyday ones the same words
  used harmlessly, by four more helpers. The twelfth session's patterns were written from tuned4's misses;
  unseen4 was read only as counts, before and after them.
- tuned5_<lang>.txt and unseen5_<lang>.txt (200 and 120 each, twenty-first session): 120 lines of ideation said
  indirectly and 80 of plans, means or a place of risk, then everyday lines in the same words; tuned5b and
  unseen5b (200 and 120): self-harm, overdose, nowhere to sleep or no food, stalking, sexual violence and violence,
  told as situations, then everyday lines in the same words. By eight helpers who read nothing of the repository;
  eight lines that an older list holds word for word dropped. Patterns are written from the tuned lists' misses;
  the unseen ones are read only as counts.
- tuned6_<lang>.txt and unseen6_<lang>.txt (200 and 120 each, twenty-first session, four more helpers): ideation and
  self-harm urges as teenagers and women in their twenties write them on LINE (slang, emoji, half-sentences, jokes
  that are not jokes), then everyday lines in the same slang.
- tuned7_<lang>.txt and unseen7_<lang>.txt (80 and 50 each, twenty-fourth session) in Portuguese, Vietnamese,
  Tagalog, Nepali and Chinese, by four helpers who read nothing of the repository: nowhere to sleep or no food, a
  child in danger, sexual violence and ideation said indirectly, told as situations (20 lines each), then everyday
  lines in the same words. Patterns are written from the tuned lists' misses; the unseen ones are read only as
  counts.
- tuned8_ne.txt and unseen8_ne.txt (80 and 50 each, twenty-fifth session): Nepali typed in Latin letters, as most
  Nepalis in Japan type it on a phone (cha, xa, chha; Japanese loanwords; English mixed in), by two helpers who
  read nothing of the repository: ten lines of danger in each of eight categories, then everyday lines in the
  same words. Patterns are written from tuned8's misses, and the residents' model learns it; unseen8 is read
  only as counts.
- tuned9_<lang>.txt and unseen9_<lang>.txt (100 and 100 each, twenty-fifth session) in Japanese and English: everyday
  troubles told in the words danger uses too (a husband who does no housework, a son who skips school, a fever),
  then danger in the same lives, by four helpers who read nothing of the repository. They measure the model alone
  alerting on ordinary troubles. Learning tuned9 was tried and not kept (docs/detection-history.md, "Twenty-fifth
  session"); since the twenty-sixth session the main model learns tuned9_ja, with tuned4 to tuned6 in Japanese
  (`JAPANESE_TUNED`), so those lists now measure what it learnt.
- tuned10_<lang>.txt and unseen10_<lang>.txt (twenty-fifth session) in all nine languages: chats, one a line, their
  3 to 8 messages apart by " || " (`chats`), danger often built over the messages; 40 and 30 in Japanese and
  English, 12 and 8 in each residents' language, by four helpers who read nothing of the repository. Forms are
  written from tuned10's misses; unseen10 is read only as counts.
- tuned11_<lang>.txt and unseen11_<lang>.txt (twenty-seventh session) in Japanese and English: danger told as
  situations where the test set's figures were weakest (ideation said indirectly, plans and places, stalking, nowhere
  to sleep or no food; in English overdose and self-harm now instead of nowhere to sleep), then everyday lines in the
  same words; tuned11 100 and 80 lines (tuned11_ja 99 and 79: a line the corpus holds and one an older list holds
  dropped), unseen11 80 and 60, by four helpers who read nothing of the repository. Patterns are written from
  tuned11's misses; unseen11 is read only as counts. The model learns neither.
- tuned12_<lang>.txt and unseen12_<lang>.txt (twenty-eighth session): chats as tuned10 holds them, danger built over
  the messages and said mostly indirectly, clear only near the end (ideation, an overdose, plans or a place of risk,
  stalking, nowhere to sleep or no food, violence, self-harm), then everyday chats in the same words; 40 and 30 in
  Japanese and English, 12 and 8 in Korean, Chinese and Portuguese (the residents' languages whose test sequences
  missed), by six helpers who read nothing of the repository. Forms are written from tuned12's misses; unseen12 is
  read only as counts. The model learns neither.
- tuned13_<lang>.txt and unseen13_<lang>.txt (twenty-ninth session) in Japanese and English: danger told as
  situations where the test set's figures were weakest (stalking, nowhere to sleep or no food, self-harm now, ideation
  said indirectly, plans), fifteen of each hundred long letters with the danger in the middle; then everyday lines in
  danger's words (family life, hyperbole, the past, negation, news); 100 and 80 each, less the lines an older list or
  the corpus holds word for word (tuned13_ja 98 and 77, tuned13_en 100 and 79, unseen13_ja 100 and 78, unseen13_en 100
  and 79), by four helpers who read nothing of the repository. Patterns are written from tuned13's misses; unseen13 is
  read only as counts. The model learns neither.
- tuned14a_ja.txt, tuned14b_ja.txt and unseen14_ja.txt (twenty-ninth session): 150 everyday lines each in danger's
  words (hyperbole and jokes, the past, negation, news and games, everyday troubles), tuned14a in family and health,
  tuned14b in school, work, money and hobbies, unseen14 in any of these; then 30 lines of danger in the same lives; by
  three helpers who read nothing of the repository, less the lines an older list or the corpus holds word for word
  (30 and 146, 30 and 148, 29 and 149). They measure false alerts. Exceptions are written from the tuned lists'
  everyday lines; unseen14 is read only as counts. The model learns none of them.
- tuned15a_<lang>.txt, tuned15b_<lang>.txt and unseen15_<lang>.txt (twenty-ninth session) in Japanese and English: as
  the fourteenth set, 150 everyday lines each in danger's words and 30 of danger, tuned15a in family, care and health,
  tuned15b in school, work, money and hobbies (in Japanese, slang and fandom), unseen15 in any of these; by six helpers
  who read nothing of the repository (unseen15_ja 145 everyday lines, five an older list or the corpus holds dropped).
- tuned16a_ja.txt, tuned16b_ja.txt and unseen16_ja.txt (twenty-ninth session): as the fourteenth set, most everyday
  lines the past and negation told at length, then hyperbole and news; women of 25 to 60, girls and young women of 14
  to 25, or anyone; by three helpers who read nothing of the repository (29 and 150, 30 and 149, 30 and 149).

The model learns the first tuned lists (tuned_ja and tuned_en, `TUNED`: scripts/train_detector, `probes`) and the
later Japanese ones (`JAPANESE_TUNED`, `japanese_lists`), never the later English ones nor the unseen ones; the
residents' languages' own model learns the tuned7 lists and tuned8_ne as well (`RESIDENTS_TUNED`), and not the
later Japanese ones.
"""

from __future__ import annotations

from pathlib import Path
from typing import NamedTuple

FOLDER = Path(__file__).resolve().parent
TUNED = ("tuned_ja", "tuned_en")
# The later Japanese lists that the main model learns besides (twenty-sixth session; scripts/train_detector,
# `japanese_lists`), its danger lines trimmed so that each class keeps its share of the texts. Not the English ones:
# learnt, they caught fewer of the held-back rounds' English emergencies at the false alerts the model runs at
# (docs/detection-history.md, "Twenty-sixth session"). Never the unseen lists.
JAPANESE_TUNED = ("tuned4_ja", "tuned5_ja", "tuned5b_ja", "tuned6_ja", "tuned9_ja")
# The lists in the residents' languages that their own model learns besides (tsunagu.domain.intake.model,
# RESIDENTS_FILE; scripts/train_detector, `residents_items`); never the unseen ones.
RESIDENTS_TUNED = ("tuned7_pt", "tuned7_vi", "tuned7_tl", "tuned7_ne", "tuned7_zh", "tuned8_ne")
# Every unseen list, whatever pair it belongs to: never learnt, never tuned on.
UNSEEN = tuple(sorted(path.stem for path in FOLDER.glob("unseen*.txt")))


# What stands between a chat's messages on its line (tuned10, unseen10, tuned12 and unseen12: `chats`), written " || ".
MESSAGES_APART = "||"


class Probe(NamedTuple):
    """One list: the messages of danger and the everyday ones."""

    danger: list[str]
    everyday: list[str]


def probe(name: str) -> Probe:
    """The list `name` (tuned_ja, unseen_en, ...); a line outside the two sections fails with file:line."""
    path = FOLDER / f"{name}.txt"
    danger: list[str] = []
    sections: dict[str, list[str]] = {"ideation": danger, "emergency": danger, "everyday": []}
    current: list[str] | None = None
    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        line = raw.strip()
        if line.startswith("# "):
            current = sections.get(line[2:].strip())
            if current is None:
                raise ValueError(f"{path.name}:{number}: unknown section {line!r} "
                                 "(write # ideation, # emergency or # everyday)")
        elif line:
            if current is None:
                raise ValueError(f"{path.name}:{number}: a message before its section ('# emergency')")
            current.append(line)
    return Probe(danger, sections["everyday"])


class Chat(NamedTuple):
    """A chat as `alerts` reads a corpus entry: its messages."""

    messages: tuple[str, ...]


class Chats(NamedTuple):
    """One list of chats: each chat's messages, of danger and everyday."""

    danger: list[tuple[str, ...]]
    everyday: list[tuple[str, ...]]


def chats(name: str) -> Chats:
    """The chat list `name` (tuned10_ja, unseen10_ko, ...): `probe`'s lines, each split into its messages."""
    found = probe(name)

    def split(line: str) -> tuple[str, ...]:
        return tuple(m.strip() for m in line.split(MESSAGES_APART) if m.strip())

    return Chats([split(line) for line in found.danger], [split(line) for line in found.everyday])


def is_chats(name: str) -> bool:
    """Whether the list holds chats (tuned10, unseen10) rather than single messages."""
    return name.startswith(("tuned10_", "unseen10_", "tuned12_", "unseen12_"))
