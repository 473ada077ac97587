"""The developers' own phrasings of danger and of the same words in everyday use (tests/support/phrasings.py):
every one of the first alerts, none of the second."""

from __future__ import annotations

import pytest
from support.phrasings import EMERGENCIES, EVERYDAY

from tsunagu.domain.intake.detection import detector


@pytest.mark.parametrize("text", EMERGENCIES)
def test_danger_in_the_words_people_use_alerts(text):
    assert detector().assess(text).emergency, text


@pytest.mark.parametrize("text", EVERYDAY)
def test_the_same_words_in_everyday_or_past_use_do_not(text):
    assert not detector().assess(text).emergency, text

