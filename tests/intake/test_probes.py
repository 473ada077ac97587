"""Short messages of present danger (tests/support/probes): how many alert, and how many of the everyday
ones in the same words do. Floors and ceilings at the figures of the ninth session: lower a
ceiling or raise a floor as the detector improves; never the other way without a reason written here."""

from __future__ import annotations

import pytest
from support.corpus_v2 import alerts
from support.probes import FOLDER, Chat, chats, is_chats, probe

from tsunagu.domain.intake.detection import detector

# The first list, as written: ja 99 of 150 alerted (everyday 14 of 80), en 93 of 150 (10 of 80). After the
# ideation patterns written from its misses: ja 117, en 123, the everyday ones unchanged.
# The second list, never tuned on, the same day: ja 98 of 120 (everyday 4 of 60) and en 84 of 120 (2 of 60)
# before those patterns; ja 98 and en 86 after. The patterns fixed one writer's phrasings, not the next one's.
# Then the model learnt the tuned lists (scripts/train_detector, `probes`): the unseen lists ja 103 of 120
# (everyday 5 of 60, one more) and en 97 of 120 (2); the tuned ones, which it read, ja 123 (6) and en 139 (4).
# Two more pairs of lists, every category of the label policy, by four more helpers (unseen2: 150 and 90 per
# language; unseen3: 200 and 120, written to be learnt, and not learnt: see docs/detection-history.md,
# "Ninth session"): as the detector stood, ja 145 (8) and en 143 (4); ja 189 (12) and en 185 (7). Danger
# named by its situation is caught in short messages far more often than ideation is.
# Twelfth session, a fourth pair (tuned4, unseen4: 160 and 100 per language, half the danger indirect
# ideation, half the everyday lines harmless uses of the same words; unseen4_en's 160th, "i hate myself so much
# i want to die", dropped: a tuned list the model learns holds it word for word). As written: tuned4 ja 133
# (15) and en 134 (14), unseen4 ja 143 of 160 (17) and en 145 of 159 (17). After the patterns written from
# tuned4's misses and context read sentence by sentence: tuned4 ja 143 and en 149, unseen4 ja 143 and en 145,
# the everyday ones unchanged (tuned4 ja 144 once a misread 退場 pattern was folded into the catalogue's own, in
# review). Once again the patterns fixed one writer's phrasings and not the next one's.
# Most of tuned4's everyday lines that alert are ordinary troubles (a controlling partner who never hits,
# school refusal, wages) that the model alone reads as danger. The ninth session's lists moved too: unseen ja
# 103 -> 105, unseen en 97 -> 98, unseen3 en 185 -> 186 (one of which, "only way out is to die", I had seen
# while checking the files' format; see README).
# Thirteenth session: patterns from a battery of crisis-line phrasings of our own (a plan and a date, not a
# burden to anyone much longer): unseen4 en 145 -> 146, read as a count.
# Nineteenth session: unseen en 100 -> 101 alone (goodbyes said without them knowing), read as a count.
# Twenty-first session, a fifth pair and a sixth (tuned5, unseen5: indirect ideation and plans; tuned5b, unseen5b:
# the other categories told as situations; 200 and 120 each, less the lines an older list holds), as written:
# tuned5 ja 181 of 200 (everyday 20 of 120), en 161 of 199 (14); tuned5b ja 193 of 199 (18 of 119), en 181 of 199
# (19); unseen5 ja 179 of 199 (19), en 170 of 200 (11); unseen5b ja 196 of 199 (22 of 119), en 187 of 200 (20).
# After the patterns written from the tuned lists' misses: tuned5 ja 194 (17) and en 185 (13), tuned5b ja 198 (14)
# and en 192 (18); unseen5 ja 179 (19) and en 174 (11), unseen5b ja 196 (20) and en 189 (20), read as counts;
# unseen2 en 143 -> 146, unseen3 en's everyday lines alerting 7 -> 5.
# Then medicine taken as the doctor said as everyday (the model alone had read it as an overdose): everyday lines
# alerting tuned5 en 13 -> 11, tuned5b en 18 -> 17 and ja 14 -> 12; unseen5 en 11 -> 10, unseen5b en 20 -> 19,
# unseen3 ja 11 -> 10.
# Then goodbyes said to us (someone to know before she goes, the last thing before she goes): tuned5 en 185 -> 189,
# unseen2 en 146 -> 147. The review of this session's patterns: tuned5b en 192 -> 193, tuned6 ja 183 -> 182 (a
# slang form read more narrowly, so that everyday lines in its words stay quiet).
# Then a seventh pair (tuned6, unseen6: ideation in teenagers' and young women's slang, 200 and 120), as written:
# tuned6 ja 156 (15) and en 152 (6), unseen6 ja 171 (17) and en 157 (11).
# After the patterns written from tuned6's misses: tuned6 ja 183 (14) and en 186 (5); unseen6 ja 174 (17) and en 162
# (11), unseen5 en 174 -> 177, read as counts.
# Twenty-fourth session, a seventh pair in five residents' languages (tuned7, unseen7: 80 lines of danger told as
# situations, nowhere to sleep or no food, a child in danger, sexual violence and ideation said indirectly, 20 each,
# then 50 everyday lines in the same words), by four helpers who read nothing of the repository. As they came:
# tuned7 pt 38 of 80 (everyday 5 of 50), vi 35 (3), tl 55 (11), ne 32 (6), zh 59 (10); unseen7 pt 26 (3), vi 36 (4),
# tl 54 (8), ne 31 (3), zh 56 (13). After the patterns written from the tuned lists' misses (by five helpers, one
# language each): tuned7 pt 79 (3), vi 78 (3), tl 80 (9), ne 79 (6), zh 80 (9); unseen7, read as counts, pt 37 (3),
# vi 39 (4), tl 55 (7), ne 35 (3), zh 57 (14). The Chinese patterns were not kept: with them one more independent
# Chinese benign text alerted (5 of 22, past its ceiling) and unseen7_zh gained one emergency for one everyday line
# (a decision made after seeing those held-out counts; docs/detection-history.md, "Twenty-fourth session").
# Then the residents' languages read by a model of their own, which learns the tuned7 lists besides
# (tsunagu.domain.intake.model, RESIDENTS_FILE; not Chinese): tuned7 everyday alerts pt 3 -> 0, vi 3 -> 2, tl 9 -> 1,
# ne 6 -> 4; unseen7, read as counts, pt 37 -> 58 (3), vi 39 -> 48 (4 -> 6), tl 55 -> 66 (7 -> 5), ne 35 -> 50 (3 -> 2).
# Twenty-fifth session, an eighth pair in Nepali typed in Latin letters (tuned8_ne, unseen8_ne: ten lines of danger in
# each of eight categories, then 50 everyday lines), by two helpers who read nothing of the repository. As they came,
# with such Nepali read as Nepali (tsunagu.domain.intake.language): tuned8 28 of 80 (everyday 3 of 50), unseen8 28 (3);
# read as English or Tagalog, as before, 18 (2) and 18 (3). After the patterns written from tuned8's misses: tuned8
# 79 (3), unseen8, read as counts, 38 (3). Then the residents' model learning tuned8 as well: tuned8 79 (1), unseen8 65
# (4); unseen7 ne 50 -> 53, vi 48 -> 49, and pt 58 -> 57 and tl 66 -> 65 (everyday 5 -> 4): the model's scores moved
# with 130 more texts in its Latin letters, and the floors of those two lists with them.
# Then a ninth pair in Japanese and English (tuned9, unseen9: 100 everyday troubles told in the words danger uses too,
# and 100 lines of danger in the same lives), by four helpers who read nothing of the repository. As they came:
# tuned9 ja 97 of 100 (everyday 30 of 100), en 89 (16); unseen9 ja 94 (18 of 99), en 95 (18). Most everyday alerts
# are the model alone on ordinary troubles. The model learning tuned9 was tried and not kept (docs/detection-
# history.md, "Twenty-fifth session"). Patterns from tuned9's misses and everyday alerts: tuned9 ja 97 (28), en 90
# (16); unseen9, read as counts, unchanged.
# Twenty-sixth session: the main model learns the later Japanese tuned lists (tuned4 to tuned6, tuned9; scripts/
# train_detector, `japanese_lists`), so those lists' figures now say what it learnt, not how it reads new text; its
# Japanese thresholds were chosen again on the held-back rounds' dev texts. Unseen lists, read as counts: Japanese
# everyday alerts fell on every one (unseen_ja 5 -> 3, unseen2 8 -> 3, unseen3 10 -> 6, unseen4 17 -> 8, unseen5 19
# -> 10, unseen5b 20 -> 13, unseen6 17 -> 6, unseen9 18 -> 12) and danger rose on most (unseen_ja 107 -> 114, unseen4
# 145 -> 150, unseen5 179 -> 182, unseen6 174 -> 186), but unseen3_ja lost two lines of danger (190 -> 188; its floor
# 189 -> 188) and unseen2_ja one (146 -> 145, at its floor). unseen6_en raised one everyday alert more (11 -> 12)
# and tuned7_zh lost one line of danger (59 -> 58): English and Chinese scores moved a little with the Japanese
# texts learnt, and their thresholds with them (`follow_scale`). Floors and ceilings moved to these figures, the
# lowered ones for the reasons above, kept for the Japanese everyday alerts the change spares
# (docs/detection-history.md, "Twenty-sixth session").
# Twenty-seventh session, an eleventh pair in Japanese and English (tuned11, unseen11: ideation said indirectly, plans
# and places, stalking, nowhere to sleep or no food, in English overdose and self-harm now; then everyday lines in the
# same words), by four helpers who read nothing of the repository. As they came: tuned11 ja 90 of 99 (everyday 1 of
# 79), en 87 of 100 (4 of 80); unseen11 ja 72 of 80 (5 of 60), en 70 of 80 (2 of 60). Then もし read as "if" only
# where it is one (息するのもしんどい、消えたい was hypothetical), もう疲れた one weak signal, not two, and the patterns
# written from tuned11's misses: tuned11 ja 94 (0), en 95 (4); unseen11, read as counts, ja 74 (5), en 70 (2).
# With them tuned5_en 189 -> 190; unseen5_ja's everyday lines alerting 10 -> 9, read as a count.
# Twenty-ninth session, a thirteenth pair in Japanese and English (tuned13, unseen13: danger told as situations where
# the test set was weakest, a sixth of it long letters with the danger in the middle; then everyday lines in danger's
# words), by four helpers who read nothing of the repository, less the lines an older list or the corpus holds word for
# word. As they came: tuned13 ja 92 of 98 (everyday 8 of 77), en 87 of 100 (12 of 79); unseen13 ja 92 of 100 (5 of 78),
# en 92 of 100 (8 of 79). After the forms written from tuned13's misses: tuned13 ja 95 (5), en 96 (8); unseen13, read
# as counts, unchanged; tuned11_en 95 -> 96, tuned5_en's everyday lines alerting 11 -> 10 and unseen2_en's 4 -> 3.
# Then a fourteenth set in Japanese (tuned14a, tuned14b, unseen14: 150 everyday lines each in danger's words, family and
# health, school, work, money and hobbies, or any of these; then 30 lines of danger in the same lives), by three
# helpers who read nothing of the repository, less the lines an older list or the corpus holds. As they came: tuned14a
# 29 of 30 (everyday 25 of 146), tuned14b 29 of 30 (23 of 148), unseen14 28 of 29 (15 of 149). After the exceptions
# written from the tuned lists' everyday lines: tuned14a 29 (20), tuned14b 29 (13); unseen14, read as counts,
# unchanged; unseen4_ja's everyday lines alerting 8 -> 7.
# Then exceptions for the everyday lines of tuned14 the model alone had read as danger (a goodbye with see you next
# week, a message read and unanswered: an exception's sentence is no part of what the model reads), and a fifteenth set
# in both languages (tuned15a, tuned15b, unseen15: 150 everyday lines each in danger's words, then 30 of danger), by six
# helpers who read nothing of the repository. As they came: tuned15a ja 29 of 30 (everyday 26 of 150), en 29 (30);
# tuned15b ja 30 (22), en 30 (27); unseen15 ja 29 (16 of 145), en 30 (26). After the exceptions, triggers and the one
# form written from the tuned lists: tuned15a ja 29 (17), en 30 (26); tuned15b ja 30 (17), en 30 (23); unseen15, read
# as counts, ja 29 (15), en unchanged; unseen14_ja's everyday lines alerting 15 -> 14, unseen_ja's 3 -> 2, unseen11_ja's
# 5 -> 3, tuned14b_ja's 13 -> 12 and tuned_en's 3 -> 2. Then the Japanese past told in more ways (the year before last,
# in one's twenties, a time there was, a matter settled): tuned15b_ja's everyday alerts 17 -> 16, unseen15_ja's
# 15 -> 14.
# Then a sixteenth set in Japanese (tuned16a, tuned16b, unseen16: 150 everyday lines each, most of them the past and
# negation told at length, hyperbole, news; then 30 of danger), by three helpers who read nothing of the repository.
# As they came: tuned16a 26 of 29 (everyday 11 of 150), tuned16b 30 (24 of 149), unseen16 30 (18 of 149). After the
# exceptions and triggers written from the tuned lists (the past: a time there was, years since, once for a while, a
# former workplace, the experience had; なんてない; a cushion punched): tuned16a 26 (9), tuned16b 30 (16); unseen16,
# read as counts, unchanged; tuned14b_ja's everyday alerts 12 -> 11. Then とかは全然ない as a denial, with a letter
# whose matches context judged no longer alerted on one sentence alone: tuned15b_ja 16 -> 15, unseen16_ja 18 -> 17.
FLOORS = {"tuned_ja": (124, 4), "tuned_en": (142, 2), "unseen_ja": (114, 2), "unseen_en": (101, 2),
          "unseen2_ja": (145, 3), "unseen2_en": (147, 3), "unseen3_ja": (188, 6), "unseen3_en": (186, 4),
          "tuned4_ja": (154, 3), "tuned4_en": (150, 14), "unseen4_ja": (150, 7), "unseen4_en": (147, 17),
          "tuned5_ja": (200, 3), "tuned5_en": (190, 10), "tuned5b_ja": (198, 1), "tuned5b_en": (193, 17),
          "unseen5_ja": (182, 9), "unseen5_en": (177, 10), "unseen5b_ja": (197, 13), "unseen5b_en": (189, 17),
          "tuned6_ja": (190, 2), "tuned6_en": (186, 5), "unseen6_ja": (186, 6), "unseen6_en": (162, 12),
          "tuned7_pt": (79, 0), "tuned7_vi": (78, 2), "tuned7_tl": (80, 1), "tuned7_ne": (79, 4), "tuned7_zh": (58, 9),
          "unseen7_pt": (57, 3), "unseen7_vi": (49, 6), "unseen7_tl": (65, 4), "unseen7_ne": (53, 2),
          "unseen7_zh": (57, 13), "tuned8_ne": (79, 1), "unseen8_ne": (65, 4),
          "tuned9_ja": (98, 3), "tuned9_en": (90, 16), "unseen9_ja": (94, 12), "unseen9_en": (95, 18),
          "tuned11_ja": (94, 0), "tuned11_en": (96, 4), "unseen11_ja": (74, 3), "unseen11_en": (70, 2),
          "tuned13_ja": (95, 5), "tuned13_en": (96, 8), "unseen13_ja": (92, 5), "unseen13_en": (92, 8),
          "tuned14a_ja": (29, 20), "tuned14b_ja": (29, 11), "unseen14_ja": (28, 14),
          "tuned15a_ja": (29, 17), "tuned15b_ja": (30, 15), "unseen15_ja": (29, 14), "tuned15a_en": (30, 26),
          "tuned15b_en": (30, 23), "unseen15_en": (30, 26), "tuned16a_ja": (26, 9), "tuned16b_ja": (30, 16),
          "unseen16_ja": (30, 17)}


# Twenty-fifth session, chat lists in all nine languages (tuned10, unseen10: 3 to 8 messages each, danger often
# built over them; ja and en 40 emergency chats and 30 everyday ones, the residents' languages 12 and 8), by four
# helpers who read nothing of the repository: (emergency chats that alert by their last message, the same with each
# message a request of its own, everyday chats that alert). As they came: tuned10 ja 40 (40, 10), en 38 (38, 7), zh
# 11 (11, 5), ko 9 (9, 3), vi 11 (11, 2), pt 12 (9, 2), tl 10 (10, 1), ne 10 (10, 1), my 12 (12, 3); unseen10 ja 40
# (40, 11), en 40 (40, 8), zh 11 (11, 5), ko 8 (6, 1), vi 11 (10, 2), pt 12 (11, 2), tl 12 (12, 1), ne 10 (9, 2), my 11
# (10, 3). Most everyday chats alert at a first message the intake answers before the next one takes it back ("i
# want to die" / "jk"), or the model alone on a troubled line. After the forms written from tuned10's misses (en, ko,
# zh, vi, tl, ne): tuned10 162 of 164; unseen10, read as counts, 155 either way, and one more Korean everyday chat
# alerting (2 of 8).
# Twenty-eighth session, a twelfth pair of chat lists (tuned12, unseen12: danger built over the messages and said mostly
# indirectly, clear only near the end; 40 and 30 in ja and en, 12 and 8 in ko, zh and pt), by six helpers who read
# nothing of the repository. As they came: tuned12 ja 39 (39, 6), en 38 (38, 8), ko 9 (9, 1), zh 12 (12, 4), pt 11
# (10, 2); unseen12 ja 40 (40, 9), en 39 (39, 6), ko 10 (10, 3), zh 12 (10, 3), pt 11 (11, 4). Most everyday chats
# alert on the model alone reading one short troubled line, or a first message the next one takes back. After the
# forms written from tuned12's misses: tuned12 every chat of danger, either way, everyday ja 5 and pt 1; unseen12,
# read as counts, unchanged. Then hyperboles of an exam coming (JLPT is in 2 weeks and i am going to die): tuned12 en
# everyday 8 -> 7. With the session's forms from batteries of our own (hyperboles, the past in Korean and Chinese,
# farewells): unseen10, read as counts, ko 8 -> 9 chats of danger (each message a request, 6 -> 7), en everyday 8 -> 7;
# tuned10_pt everyday 2 -> 1.
CHAT_FLOORS = {"tuned10_ja": (40, 40, 10), "tuned10_en": (40, 38, 7), "tuned10_zh": (12, 12, 5),
               "tuned10_ko": (12, 12, 3), "tuned10_vi": (12, 12, 2), "tuned10_pt": (12, 9, 1),
               "tuned10_tl": (11, 11, 1), "tuned10_ne": (11, 11, 1), "tuned10_my": (12, 12, 3),
               "unseen10_ja": (40, 40, 11), "unseen10_en": (40, 40, 7), "unseen10_zh": (11, 11, 5),
               "unseen10_ko": (9, 7, 2), "unseen10_vi": (11, 10, 2), "unseen10_pt": (12, 11, 2),
               "unseen10_tl": (12, 12, 1), "unseen10_ne": (10, 9, 2), "unseen10_my": (11, 10, 3),
               "tuned12_ja": (40, 40, 5), "tuned12_en": (40, 40, 7), "tuned12_ko": (12, 12, 1),
               "tuned12_zh": (12, 12, 4), "tuned12_pt": (12, 12, 1), "unseen12_ja": (40, 40, 9),
               "unseen12_en": (39, 39, 6), "unseen12_ko": (10, 10, 3), "unseen12_zh": (12, 10, 3),
               "unseen12_pt": (11, 11, 4)}


@pytest.mark.parametrize("name", sorted(CHAT_FLOORS))
def test_chats_alert_by_their_last_message_and_everyday_ones_seldom_do(name):
    """Each chat read as the intake reads a person's messages (tests/support/corpus_v2.py, `alerts`): in one
    request, and each message a request of its own."""
    found, judge = chats(name), detector()
    caught = sum(alerts(judge, Chat(messages)) for messages in found.danger)
    apart = sum(alerts(judge, Chat(messages), joined=False) for messages in found.danger)
    alerted = [messages for messages in found.everyday if alerts(judge, Chat(messages))]
    least, least_apart, most = CHAT_FLOORS[name]
    assert caught >= least, f"{name}: {caught} of {len(found.danger)} chats of danger alert"
    assert apart >= least_apart, f"{name}: {apart} of {len(found.danger)} alert, each message a request"
    assert len(alerted) <= most, alerted


def test_every_chat_list_has_its_floors_and_no_single_message_list_holds_chats():
    assert set(CHAT_FLOORS) == {path.stem for path in FOLDER.glob("*.txt") if is_chats(path.stem)}
    assert not {name for name in FLOORS if is_chats(name)}
    assert all(len(messages) >= 2 for name in CHAT_FLOORS for messages in chats(name).danger + chats(name).everyday)


@pytest.mark.parametrize("name", sorted(FLOORS))
def test_short_messages_of_danger_alert_and_everyday_ones_seldom_do(name):
    found, judge = probe(name), detector()
    caught = sum(judge.assess(t).emergency for t in found.danger)
    alerted = [t for t in found.everyday if judge.assess(t).emergency]
    least, most = FLOORS[name]
    assert caught >= least, f"{name}: {caught} of {len(found.danger)} messages of danger alert"
    assert len(alerted) <= most, alerted


def test_a_probe_file_out_of_shape_names_its_line(tmp_path, monkeypatch):
    import support.probes as probes

    (tmp_path / "bad.txt").write_text("# ideation\nもう無理\n# feelings\nx\n", encoding="utf-8")
    monkeypatch.setattr(probes, "FOLDER", tmp_path)
    with pytest.raises(ValueError, match=r"bad\.txt:3: unknown section"):
        probes.probe("bad")
