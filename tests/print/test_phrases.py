"""No phrase is split mid-word anywhere the print kit sets Japanese: BudouX's boundaries over every line break."""

from pathlib import Path

import budoux

from tsunagu.makers.drawing.qrcodes import encode
from tsunagu.makers.printkit import kit, render
from tsunagu.makers.sources.programs import load_programs

REPO = Path(__file__).resolve().parents[2]
PARSER = budoux.load_default_japanese_parser()
SPACES = " 　"


def budoux_bounds(text: str) -> set[int]:
    """BudouX's own phrase ends, and after a range's 〜 (two dates are two words)."""
    ends, at = set(), 0
    for phrase in PARSER.parse(text):
        at += len(phrase)
        ends.add(at)
    return ends | {i + 1 for i, ch in enumerate(text) if ch in "〜～"}


def breaks(text: str, lines: tuple[str, ...]) -> list[int]:
    """Where in `text` each line but the last ends (the typesetter strips spaces at a break)."""
    at, ends = 0, []
    for line in lines[:-1]:
        at = text.index(line, at) + len(line)
        ends.append(at)
    return ends


def test_every_line_break_in_every_wards_print_falls_between_phrases(tmp_path):
    checked, split = 0, []
    for ward in load_programs(REPO / "programs").wards:
        for job in kit.plan(ward, tmp_path, sample=False):
            page = render.render(job.layout, job.texts, encode(job.payload), job.fonts, job.name)
            sources = {b.id: b.source for b in job.layout.texts}
            for drawn in page.texts:
                text = job.texts[sources[drawn.block]].strip()
                for paragraph_end in breaks(text, drawn.lines):
                    checked += 1
                    at_space = text[paragraph_end - 1] in SPACES or text[paragraph_end:][:1] in (*SPACES, "\n")
                    if paragraph_end not in budoux_bounds(text) and not at_space:
                        split.append(f"{job.name} {drawn.block}: {text[:paragraph_end]}｜{text[paragraph_end:]}")
    assert checked > 20
    assert not split, "\n".join(split)
