"""The developers' own phrasings of danger and of the same words in everyday use (tests/support/phrasings.py):
every one of the first alerts, none of the second."""

from __future__ import annotations

import pytest
from support.phrasings import EMERGENCIES, EVERYDAY, EVERYDAY_CONSULTATIONS, EVERYDAY_UNSEEN, EVERYDAY_WRITTEN

from tsunagu.domain.intake.detection import detector


@pytest.mark.parametrize("text", EMERGENCIES)
def test_danger_in_the_words_people_use_alerts(text):
    assert detector().assess(text).emergency, text


@pytest.mark.parametrize("text", EVERYDAY)
def test_the_same_words_in_everyday_or_past_use_do_not(text):
    assert not detector().assess(text).emergency, text


# Measured, not a target: the share of everyday texts of ours that the model never read and no threshold
# was chosen on, which still get the emergency reply. 19 of 70 on 2026-12-05 (fifth session), most by the
# model alone (alerting above 4 in ja and 18 in en): 明日会社いきたくない, "i've been sleeping so badly this
# week". Lower the ceiling as the model improves; never raise it without a reason written here.
# Sixth session: 18 of 70 once a few everyday exceptions of our own probing were listed (練炭でBBQ, 友達の家に泊まる).
# Seventh session: 20 of 70 (ceiling 0.26 -> 0.286) when the model learned the e_ round's dev texts: it now
# alerts alone on 終電逃したからカラオケで朝まで過ごす (the round's emergencies spend the night in a station or
# a park until morning) and "i don't want to go to work tomorrow". No exception was written from these two:
# they would stop being unseen.
# Nineteenth session: 18 of 70 (ceiling 0.286 -> 0.258): an exception written from a battery line of ours (明日の
# テストが来なければいいのに: a test, a Monday or work she wishes would not come) covers one of these as well.
EVERYDAY_UNSEEN_CEILING = 0.258


def test_everyday_texts_nobody_tuned_for_seldom_get_the_emergency_reply():
    judge = detector()
    alerted = [t for t in EVERYDAY_UNSEEN if judge.assess(t).emergency]
    assert len(alerted) / len(EVERYDAY_UNSEEN) <= EVERYDAY_UNSEEN_CEILING, alerted


# Measured, not a target: the helpers' 574 everyday messages in our phrasings' register (nine languages),
# which no threshold or weight was chosen on. 89 of 574 on 2026-12-05 (sixth session): ja 41 of 219, en 18 of
# 180, my 10 of 25. Training the model on two thirds of them halved the rate on the other third (0.18 to
# 0.10) but cost recall on both held-out corpora, more than the false alerts saved at the cost the
# thresholds were chosen by (a miss costs two false alerts), so it was not kept (README).
# 87 of 574 after the sixth session's exceptions. I read the helpers' files once, to check that they are ordinary and
# well written, before any of them was measured; no pattern was written from them.
# Seventh session: 85 of 574 (ceiling 0.152 -> 0.149), with the model retrained on the e_ round; 84 once a
# normal dose of a painkiller no longer reads as an overdose.
# Ninth session: 79 of 574 once the model learnt the tuned lists of short messages (tests/support/probes).
EVERYDAY_WRITTEN_CEILING = 0.138


# Measured, not a target: the second batch of everyday messages, consultations a counselling account really
# gets (support.phrasings.EVERYDAY_CONSULTATIONS, eighth session). As written, before any change: 161 of
# 1,663 got the emergency reply (ja 56 of 519, en 47 of 517, my and tl 16 of 89 each), 138 of them from the
# model alone. Teaching the model 520 of these texts (the sixth session's experiment again, before they became
# this measure), a logistic regression in place of naive Bayes, and scores normalised by length all did worse
# on the dev texts, cross-validated, at every threshold (README), so none was kept; nothing was chosen on them.
# Ninth session: 154 of 1,663 once the model learnt the tuned lists of short messages (tests/support/probes).
# Eleventh session: 152, clear English no longer read in the romaji view (pay rent and eat: れんたん). While
# checking that change I listed these texts' romaji-view matches (three, two of them English): for the
# romaji view this measure is no longer unread. The ceiling stays.
EVERYDAY_CONSULTATIONS_CEILING = 0.093


@pytest.mark.parametrize(("texts", "at_least", "ceiling"), [
    pytest.param(EVERYDAY_WRITTEN, 570, EVERYDAY_WRITTEN_CEILING, id="everyday messages in our register"),
    pytest.param(EVERYDAY_CONSULTATIONS, 1_660, EVERYDAY_CONSULTATIONS_CEILING, id="ordinary consultations"),
])
def test_ordinary_messages_seldom_get_the_emergency_reply(texts, at_least, ceiling):
    judge = detector()
    alerted = [t for t in texts if judge.assess(t).emergency]
    assert len(texts) >= at_least
    assert len(alerted) / len(texts) <= ceiling, (len(alerted), alerted[:20])
