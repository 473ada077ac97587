"""The running text of a rendered HTML page, rewritten node by node (readings, phrase breaks).

Only text a reader sees as running text is touched: never tags or attribute values, nor the head,
scripts, styles, code, SVG, or ruby that is already there. The pages are escaped output of our own
templates, so a text node holds no raw `<`, and entities (`&amp;`) are left whole by the callers' edits.
"""

from __future__ import annotations

import re
from collections.abc import Callable

# Elements whose text is not running text, or already carries readings, and comments: left as they are.
# (Lazy matches: these never nest in our pages; an SVG's own <title> is inside its <svg>.)
_SKIPPED = re.compile(r"<(head|title|script|style|ruby|textarea|svg|code|pre)\b[^>]*>.*?</\1\s*>|<!--.*?-->",
                      re.DOTALL | re.IGNORECASE)
_TEXT = re.compile(r"(?:^|(?<=>))[^<]+")


def map_running_text(page: str, edit: Callable[[str], str]) -> str:
    """`page` with `edit` applied to each text node outside the skipped elements (whitespace-only nodes too:
    `edit` returns them as they are)."""
    out: list[str] = []
    at = 0

    def one(match: re.Match[str]) -> str:
        return edit(match.group())

    for skipped in _SKIPPED.finditer(page):
        out.append(_TEXT.sub(one, page[at:skipped.start()]))
        out.append(skipped.group())
        at = skipped.end()
    out.append(_TEXT.sub(one, page[at:]))
    return "".join(out)
