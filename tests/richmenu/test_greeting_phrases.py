"""The rich menu's preview sets each channel's greeting with the print kit's breaker: no line ends mid-word."""

from pathlib import Path

import budoux

from tsunagu.makers import richmenu
from tsunagu.makers.drawing.typeset import script
from tsunagu.makers.sources.programs import load_programs

REPO = Path(__file__).resolve().parents[2]
PARSER = budoux.load_default_japanese_parser()


def test_every_greeting_bubble_breaks_between_phrases():
    checked, split = 0, []
    for ward in load_programs(REPO / "programs").wards:
        for channel in ward.channels:
            for language in ward.languages:
                if not language.startswith("ja"):
                    continue
                text = channel.texts_in(language).greeting
                for paragraph in text.split("\n"):
                    ends, at = set(), 0
                    for phrase in PARSER.parse(paragraph):
                        at += len(phrase)
                        ends.add(at)
                    ends |= {i + 1 for i, ch in enumerate(paragraph) if ch in " 　〜"}
                    f = richmenu.font(38, bold=False)
                    lines = richmenu.wrap(paragraph, f, 640)
                    at = 0
                    for line in lines[:-1]:
                        at = paragraph.index(line, at) + len(line)
                        checked += 1
                        if at in ends or paragraph[at:at + 1] in (" ", "　"):
                            continue
                        # Inside a phrase wider than the bubble: only where the script changes (サポート｜LINE).
                        start, end = max(e for e in ends | {0} if e < at), min(e for e in ends if e > at)
                        overlong = f.getlength(paragraph[start:end]) > 640
                        if not (overlong and script(paragraph[at - 1]) != script(paragraph[at])):
                            split.append(f"{channel.id} {language}: {paragraph[:at]}｜{paragraph[at:]}")
    assert checked > 5
    assert not split, "\n".join(split)
