"""The contracted counselling console behind tsunagu, and who answers each event.

Counsellors chat in a contractor's console (the 2021 government guideline keeps consultation text out of
LINE's own chat), and LINE gives a channel one webhook URL. So tsunagu takes the webhook, does what it
does (verify, count anonymously, detect and alert, answer out of hours) and forwards LINE's request,
byte for byte with its signature, to the console. The reply token goes to whoever owns the event:
tsunagu never uses it for a message the console answers, and the console's reply to one of tsunagu's
own events (the greeting, its postbacks, an erasure) fails by design.
"""

from __future__ import annotations

import urllib.parse
from dataclasses import dataclass
from typing import Literal

# in-hours: the console answers in open hours, tsunagu out of hours (the default);
# always: the console answers at all hours (it has its own out-of-hours reply, and greets).
ConsoleAnswers = Literal["in-hours", "always"]
Answerer = Literal["console", "tsunagu"]
# `url: local` runs the console stand-in under `tsunagu serve`, for rehearsing on a laptop.
LOCAL = "local"
# Hosts a plain-http console may have: this machine only (a stand-in or a tunnel end); anything else
# would carry a user id and the text in clear across a network.
LOOPBACK_HOSTS = frozenset({"127.0.0.1", "localhost", "::1"})


@dataclass(frozen=True)
class Console:
    """Where a channel's LINE requests are forwarded, and when the console (not tsunagu) answers."""

    url: str
    answers: ConsoleAnswers = "in-hours"

    @property
    def is_local(self) -> bool:
        """True for the stand-in `tsunagu serve` runs (`url: local`)."""
        return self.url == LOCAL


def url_problem(url: str) -> str | None:
    """What is wrong with a console URL, or None: https, or http to this machine only, or `local`."""
    if url == LOCAL:
        return None
    try:
        parts = urllib.parse.urlsplit(url)
        host = parts.hostname or ""
    except ValueError:
        return "not a URL; give the console's webhook URL, e.g. https://console.example.jp/line/webhook/kita"
    if parts.scheme == "https" and host:
        return None
    if parts.scheme == "http" and host in LOOPBACK_HOSTS:
        return None
    if parts.scheme == "http":
        return "use https (plain http only to 127.0.0.1, for a local test)"
    return "give the console's https webhook URL (or `local` for the stand-in under tsunagu serve)"


def who_answers(console: Console | None, event_type: str, own_event: bool, open_now: bool) -> Answerer:
    """Who uses this event's reply token.

    `own_event` marks what tsunagu itself started: its postbacks (age band, survey, hand-off, menu) and
    a 削除 request with its confirmation. Without a console tsunagu answers everything, as before.
    """
    if console is None or own_event:
        return "tsunagu"
    if event_type == "follow":
        return "console" if console.answers == "always" else "tsunagu"
    if event_type != "message":
        return "tsunagu"
    if console.answers == "always" or open_now:
        return "console"
    return "tsunagu"
