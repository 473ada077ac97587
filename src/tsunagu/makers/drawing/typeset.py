"""The one typesetter: Japanese lines broken between phrases (BudouX), then kinsoku, then shrink-to-fit.

Used by the print kit (texts set into boxes) and the rich menu (labels and the preview's chat bubbles);
the portal lets Chromium do the same with `word-break: auto-phrase`, which is BudouX's model built in.
A line ends where BudouX puts a phrase boundary (文節: お金｜や恋人, never お｜金) and kinsoku allows;
only a phrase wider than the whole line is broken between characters. Pure logic over a
`measure(text) -> width` function, so it is testable without fonts.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass

import budoux

# JIS X 4051 line-start prohibitions (行頭禁則): closing brackets, punctuation, small kana, prolonged mark.
NO_START = set("、。，．,.)）]］｝}〕〉》」』】〙〗〟’”｠»ヽヾーァィゥェォッャュョヮヵヶぁぃぅぇぉっゃゅょゎゕゖ"
               "ㇰㇱㇲㇳㇴㇵㇶㇷㇸㇹㇺㇻㇼㇽㇾㇿ々〻‐゠–〜～？！?!‼⁇⁈⁉・:;：；/／%％")
# Line-end prohibitions (行末禁則): opening brackets.
NO_END = set("(（[［｛{〔〈《「『【〘〖〝‘“｟«")
SPACES = " 　"
RANGE_MARKS = "〜～"


@dataclass(frozen=True)
class Setting:
    """A text broken into lines at one size."""

    lines: tuple[str, ...]
    size: float


def _is_wide(ch: str) -> bool:
    return ord(ch) >= 0x2E80  # CJK, kana, full-width forms: breakable between characters


def break_points(text: str) -> list[int]:
    """Indices where a line may end (the line is text[:i]); kinsoku and Latin words respected."""
    points = []
    for i in range(1, len(text)):
        prev, nxt = text[i - 1], text[i]
        if nxt == " " or nxt == "　":
            continue  # break after the space, not before it
        if prev in (" ", "　"):
            before = text[:i].rstrip(" 　")
            if nxt not in NO_START and not (before and before[-1] in NO_END):
                points.append(i)
            continue
        if nxt in NO_START or prev in NO_END:
            continue
        if _is_wide(prev) or _is_wide(nxt):
            points.append(i)
    return points


@functools.cache
def _parser() -> budoux.Parser:
    return budoux.load_default_japanese_parser()


@functools.lru_cache(maxsize=4096)
def phrase_bounds(text: str) -> frozenset[int]:
    """The indices where BudouX ends a phrase in `text` (0 and len(text) included), and after a range's 〜.

    BudouX keeps 2018年6月22日〜2018年7月1日の as one phrase, too wide for a sticker's line; the two
    ends of a range are words of their own, and a line may end after 〜 (it may only not start one).
    """
    bounds, at = {0}, 0
    for phrase in _parser().parse(text):
        at += len(phrase)
        bounds.add(at)
    bounds.update(i + 1 for i, ch in enumerate(text) if ch in RANGE_MARKS)
    return frozenset(bounds)


def phrase_points(text: str) -> list[int]:
    """The break points (kinsoku held) that fall between phrases or after a space."""
    bounds = phrase_bounds(text)
    return [i for i in break_points(text) if i in bounds or text[i - 1] in SPACES]


def script(ch: str) -> str:
    """The writing system of a character: hiragana, katakana, kanji, latin (letters and digits) or other."""
    code = ord(ch)
    if 0x3040 <= code <= 0x309F:
        return "hiragana"
    if 0x30A0 <= code <= 0x30FF or ch == "ー":
        return "katakana"
    if 0x4E00 <= code <= 0x9FFF or ch in "々〆":
        return "kanji"
    return "latin" if ch.isalnum() else "other"


def script_points(text: str) -> list[int]:
    """Break points where the script changes (大阪市｜つながり｜サポート｜LINE): words inside a too-long phrase."""
    return [i for i in break_points(text) if script(text[i - 1]) != script(text[i])]


def wrap(text: str, width: float, measure: Callable[[str], float], prefer_spaces: bool = False) -> list[str] | None:
    """Greedy lines no wider than `width`; None if some unbreakable run is too wide.

    `prefer_spaces` (English, easy Japanese written with spaces) breaks only at spaces and after 、 or 。
    unless a word alone is too wide. A last line of a single character is avoided by moving one more in.
    """
    lines: list[str] = []
    for paragraph in text.split("\n"):
        got = _wrap_paragraph(paragraph, width, measure, prefer_spaces)
        if got is None:
            return None
        lines.extend(got)
    return lines


def _wrap_paragraph(text: str, width: float, measure: Callable[[str], float], prefer_spaces: bool) -> list[str] | None:
    all_points = break_points(text)
    phrases = phrase_points(text)
    scripts = script_points(text)
    space_points = [i for i in phrases if text[i - 1] in " 　、。"]
    lines: list[str] = []
    start = len(text) - len(text.lstrip(" 　"))  # leading spaces never make a line of their own
    while start < len(text):
        if measure(text[start:].rstrip()) <= width:
            lines.append(text[start:].strip())
            break
        end = None
        # Spaces first where the text is spaced, then phrases; inside a phrase wider than a line, where the
        # script changes; any character only when even that fails.
        for pool in ((space_points, phrases, scripts, all_points) if prefer_spaces else (phrases, scripts, all_points)):
            fits = [i for i in pool if i > start and text[start:i].strip() and measure(text[start:i].rstrip()) <= width]
            if fits:
                end = fits[-1]
                break
        if end is None:
            return None
        lines.append(text[start:end].strip())
        start = end
    return _no_orphan(lines, width, measure)


def _no_orphan(lines: list[str], width: float, measure: Callable[[str], float]) -> list[str]:
    """Avoid a last line of one character (plus punctuation) by carrying the previous character down."""
    if len(lines) < 2:
        return lines
    last = lines[-1]
    body = [c for c in last if c not in NO_START and not c.isspace()]
    if len(body) > 1:
        return lines
    prev = lines[-2]
    points = set(phrase_points(prev + last))
    for cut in range(len(prev) - 1, 0, -1):
        if cut in points and measure(prev[cut:] + last) <= width:
            return [*lines[:-2], prev[:cut], prev[cut:] + last]
    return lines


def balance(text: str, width: float, measure: Callable[[str], float], max_lines: int = 2) -> list[str]:
    """`text` on one line if it fits `width`, else on two split between phrases so the wider line is narrowest.

    Kinsoku holds at every split. The caller checks the result against `width`: with no phrase break,
    or one line allowed, the text comes back whole.
    """
    if max_lines < 2 or measure(text) <= width:
        return [text]
    ends = phrase_points(text)
    splits = [lines for i in ends if all(lines := [text[:i].rstrip(" 　"), text[i:].lstrip(" 　")])]
    return min(splits, key=lambda lines: max(map(measure, lines)), default=[text])


def fit(text: str, width: float, height: float, sizes: tuple[float, float],
        measure_at: Callable[[float], Callable[[str], float]], line_height: float = 1.35, max_lines: int = 0,
        prefer_spaces: bool = False, step: float = 0.5,
        above: Callable[[str], float] | None = None) -> Setting | None:
    """The largest size from sizes=(max, min) at which the text fits the box (height in the same unit); else None.

    `above(line)` is room a line needs over it, in ems (readings set above its words)."""
    size = sizes[0]
    while size >= sizes[1] - 1e-9:
        measure = measure_at(size)
        lines = wrap(text, width, measure, prefer_spaces)
        if lines is not None and (not max_lines or len(lines) <= max_lines):
            # first line takes the size; each further line adds line_height × size
            needed = size * (1 + (len(lines) - 1) * line_height)
            if above is None and needed <= height + 1e-9:
                return Setting(tuple(_even(text, lines, width, measure, prefer_spaces)), size)
            if above is not None:
                even = _even(text, lines, width, measure, prefer_spaces)
                if needed + size * sum(above(line) for line in even) <= height + 1e-9:
                    return Setting(tuple(even), size)
        size -= step
    return None


def _even(text: str, lines: list[str], width: float, measure: Callable[[str], float], prefer_spaces: bool) -> list[str]:
    """The same number of lines at the narrowest width that keeps it: no 中の｜方も） left alone on the last line.

    A binary search over the width (CSS's `text-wrap: balance`); greedy filling at that width evens the lines.
    """
    if len(lines) < 2:
        return lines
    low, high, best = width / len(lines), width, lines
    for _ in range(10):
        middle = (low + high) / 2
        got = wrap(text, middle, measure, prefer_spaces)
        if got is not None and len(got) == len(lines):
            best, high = got, middle
        else:
            low = middle
    return best
