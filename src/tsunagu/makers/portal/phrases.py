"""Phrase breaks for browsers without CSS `word-break: auto-phrase`: BudouX's boundaries as `<wbr>`.

Chromium breaks Japanese between phrases by itself (`word-break: auto-phrase`, BudouX's model built in).
Safari and Firefox do not; for them tsunagu.css falls back to `word-break: keep-all` (no break inside a
run of Japanese) and the page carries a `<wbr>` at each boundary the one typesetter's BudouX finds, so
every browser breaks お金｜や恋人 and never お｜金. Text shorter than a phrase pair never wraps and is left.
"""

from __future__ import annotations

import functools
import itertools
import re
from html import escape, unescape

from tsunagu.domain.htmltext import map_running_text
from tsunagu.makers.drawing.typeset import phrase_bounds

_JAPANESE = re.compile(r"[\u3040-\u30ff\u3400-\u9fff々]")
SHORTEST = 8  # characters: shorter text nodes fit any line


def wbr_page(page: str) -> str:
    """`page` with `<wbr>` between the phrases of its running Japanese text."""
    return map_running_text(page, wbr_text)


@functools.lru_cache(maxsize=65536)
def wbr_text(node: str) -> str:
    """One escaped text node with `<wbr>` between its phrases (as it is when short or not Japanese)."""
    text = unescape(node)
    if len(text) < SHORTEST or not _JAPANESE.search(text):
        return node
    bounds = sorted(phrase_bounds(text))
    pieces = [text[a:b] for a, b in itertools.pairwise(bounds)]
    return "<wbr>".join(escape(p, quote=False) for p in pieces)
