"""The closed vocabularies and the catalogues that name their members, in every language, stay in step."""

import pytest

from tsunagu.catalog import languages, section
from tsunagu.domain.intake.postback import age_data, erase_data, handoff_data, parse_postback, survey_data
from tsunagu.domain.vocabulary import (
    AGE_BANDS,
    ERASE_ANSWERS,
    HANDOFF_KINDS,
    REQUESTED_HANDOFFS,
    SURVEY_ANSWERS,
    SURVEY_QUESTIONS,
)

# (catalogue section, key) -> the members it must name, no more and no fewer.
NAMED = {
    ("intake", "age_bands"): AGE_BANDS,
    ("intake", "survey_questions"): SURVEY_QUESTIONS,
    ("intake", "survey_answers"): SURVEY_ANSWERS,
    ("intake", "handoff"): REQUESTED_HANDOFFS,
    ("intake", "deletion_answers"): ERASE_ANSWERS,
    ("report", "age"): AGE_BANDS,
    ("report", "survey"): SURVEY_QUESTIONS,
    ("report", "handoff"): HANDOFF_KINDS,
}


# Each (language, section) a catalogue folder holds.
HELD = [(lang, where, members) for where, members in NAMED.items() for lang in languages(where[0])]


@pytest.mark.parametrize(("language", "where", "members"), HELD,
                         ids=[f"{lang}-{'.'.join(where)}" for lang, where, _ in HELD])
def test_every_catalogue_names_exactly_the_members(language, where, members):
    name, key = where
    assert set(section(language, name)[key]) == set(members), f"catalog/{language}/{name}: {key}"


def test_every_member_a_person_can_send_parses_back():
    sent = [age_data(b) for b in AGE_BANDS] + [handoff_data(k) for k in REQUESTED_HANDOFFS]
    sent += [survey_data(q, a) for q in SURVEY_QUESTIONS for a in SURVEY_ANSWERS]
    sent += [erase_data(a) for a in ERASE_ANSWERS]
    assert all(parse_postback(data) is not None for data in sent)
    assert parse_postback(handoff_data("partner")) is None  # staff log partners; a person cannot ask for one
