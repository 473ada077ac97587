"""Every reply the intake can send fits LINE's limits: LINE refuses a whole reply that breaks one."""

import datetime as dt

import pytest
from support.programs import PROGRAMS

from tsunagu.catalog import languages
from tsunagu.domain.intake.replies import MAX_MESSAGES, Moment, Replies
from tsunagu.domain.schedule import JST
from tsunagu.domain.vocabulary import REQUESTED_HANDOFFS, SURVEY_QUESTIONS
from tsunagu.makers.sources.programs import load_programs

# LINE: 13 quick-reply buttons at most, labels of 20 characters, 5,000 characters per text message.
MAX_QUICK_REPLIES = 13
MAX_LABEL = 20
MAX_TEXT = 5000
# A Monday afternoon (open on most channels) and a Sunday night (closed on most).
MOMENTS = (dt.datetime(2026, 11, 16, 14, 0, tzinfo=JST), dt.datetime(2026, 11, 22, 23, 30, tzinfo=JST))


def _every_reply(say: Replies, at: dt.datetime) -> dict[str, list[dict]]:
    moment = Moment.of(say.channel, at)
    out = {"greeting": say.greeting(at), "out_of_hours": say.out_of_hours(moment), "emergency": say.emergency(),
           "acknowledgement": say.acknowledgement(), "privacy": say.privacy(), "specialist": say.specialist(at),
           "age_thanks": say.age_thanks(), "handoff_unavailable": say.handoff_unavailable(),
           "deletion_done": say.deletion_done()}
    out.update({f"handoff-{kind}": say.handoff(kind, moment) for kind in REQUESTED_HANDOFFS})
    out.update({f"survey-{q}": say.survey_question(q, intro=True) for q in SURVEY_QUESTIONS})
    out.update({f"after-{q}": say.survey_next(q) for q in SURVEY_QUESTIONS})
    return out


@pytest.mark.parametrize("language", languages("intake"))
def test_every_reply_fits_lines_message_limits(language):
    programs = load_programs(PROGRAMS)
    for ward in programs.wards:
        for channel in ward.channels:
            say = Replies(ward, channel, language)
            for at in MOMENTS:
                for name, messages in _every_reply(say, at).items():
                    where = f"{channel.id} {language} {name}"
                    assert 1 <= len(messages) <= MAX_MESSAGES, where
                    for m in messages:
                        assert 0 < len(m["text"]) <= MAX_TEXT, where
                        items = m.get("quickReply", {}).get("items", [])
                        assert len(items) <= MAX_QUICK_REPLIES, where
                        assert all(len(i["action"]["label"]) <= MAX_LABEL for i in items), where
