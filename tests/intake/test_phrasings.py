"""The developers' own phrasings of danger and of the same words in everyday use (tests/support/phrasings.py):
every one of the first alerts, none of the second."""

from __future__ import annotations

import pytest
from support.phrasings import EMERGENCIES, EVERYDAY, EVERYDAY_UNSEEN

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
EVERYDAY_UNSEEN_CEILING = 0.28


def test_everyday_texts_nobody_tuned_for_seldom_get_the_emergency_reply():
    judge = detector()
    alerted = [t for t in EVERYDAY_UNSEEN if judge.assess(t).emergency]
    assert len(alerted) / len(EVERYDAY_UNSEEN) <= EVERYDAY_UNSEEN_CEILING, alerted
