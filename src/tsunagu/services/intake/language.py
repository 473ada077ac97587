"""The language of each reply: her LINE language where a reply can wait for it, her message's otherwise.

`plan` answers in the language of the message (domain.intake.language: its script and words; for an
emergency also the language of the pattern that matched) and never waits on LINE: an emergency's
reply goes out so. Every other reply asks her LINE profile when it is built, after its rate limit let
it through, within PROFILE_TIMEOUT_S and the webhook's deadline, and is planned again in her LINE
language when that is one of ours. The profile is read in memory for that one reply: never stored,
never logged. No answer, an error, or a language we do not write: the reply stays as planned.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import replace

from tsunagu.domain.intake.language import from_profile
from tsunagu.domain.intake.replies import Message, offered_languages
from tsunagu.domain.intake.webhook import WebhookEvent
from tsunagu.ports.messaging import PROFILE_TIMEOUT_S, ProfileReader, ReplySender
from tsunagu.services.intake.planning import Plan

Planner = Callable[[str | None], Plan | None]


def in_their_language(planner: Planner, event: WebhookEvent, channel: str, line: Callable[[], ReplySender],
                      deadline: float | None = None) -> Plan | None:
    """The event's plan (`planner(None)`), its reply, unless an emergency's, built in her LINE language."""
    planned = planner(None)
    if planned is None or planned.reply is None or planned.emergency or not event.user_id:
        return planned
    as_planned, user = planned.reply, event.user_id

    def build() -> list[Message]:
        language = profile_language(line, channel, user, deadline)
        again = planner(language) if language else None
        return (again.reply if again is not None and again.reply is not None else as_planned)()

    return replace(planned, reply=build)


def profile_language(line: Callable[[], ReplySender], channel: str, user_id: str,
                     deadline: float | None = None) -> str | None:
    """Her LINE language if it is one the intake writes, within PROFILE_TIMEOUT_S (and `deadline`); else None."""
    try:
        client = line()
    except Exception:  # the reply itself will meet (and log) the same failure
        return None
    if not isinstance(client, ProfileReader):
        return None
    # At most half of what is left of the webhook's time: the reply must still go out after it.
    timeout = PROFILE_TIMEOUT_S if deadline is None else min(PROFILE_TIMEOUT_S, (deadline - time.monotonic()) / 2)
    if timeout <= 0.01:
        return None
    return from_profile(client.profile_language(channel, user_id, timeout), offered_languages())
