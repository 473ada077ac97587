"""The shipped layouts load and keep texts in the safe area; broken layout files fail with file and field."""

import shutil
import tempfile
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tsunagu.domain.errors import LayoutError
from tsunagu.makers.printkit import layout

REPO = Path(__file__).resolve().parents[2]
KINDS = [("poster", False), ("sticker", False), ("sticker", True), ("card", False), ("card", True)]


@pytest.mark.parametrize(("kind", "discreet"), KINDS)
def test_shipped_layouts_fit_their_sizes(kind, discreet):
    lay = layout.load(kind, discreet)
    for size in lay.sizes.values() or [lay.reference_mm]:
        scaled = lay.at_size(size)
        assert scaled.qr.box.w == scaled.qr.box.h
    assert not discreet or {"DV", "虐待"} <= set(lay.avoid_large)


def test_discreet_layouts_use_no_channel_or_programme_name():
    for kind in ("sticker", "card"):
        sources = {t.source for t in layout.load(kind, True).texts}
        assert not sources & {"channel.name", "ward.program", "topics", "emergency"}


VALUES = st.one_of(st.none(), st.integers(-5, 500), st.text(max_size=8), st.lists(st.integers(-5, 300), max_size=5))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(field=st.sampled_from(["reference_mm", "preview_dpi", "kind", "colours", "texts", "qr", "shapes"]), value=VALUES)
def test_a_broken_field_is_reported_not_crashed(tmp_path, field, value):
    folder = Path(tempfile.mkdtemp(dir=tmp_path)) / "posters"
    shutil.copytree(layout.SHIPPED, folder)
    data = yaml.safe_load((folder / "card.yml").read_text(encoding="utf-8"))
    data[field] = value
    (folder / "card.yml").write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    try:
        layout.load("card", folder=folder).at_size((91, 55))
    except LayoutError as exc:
        assert "card.yml" in str(exc)


def _rgb(cmyk):
    """A process colour as the screen sees it without a profile (naive CMYK to sRGB): enough to rank contrast."""
    c, m, y, k = cmyk
    return tuple(255 * (1 - v) * (1 - k) for v in (c, m, y))


def _luminance(rgb):
    def channel(v):
        v /= 255
        return v / 12.92 if v <= 0.04045 else ((v + 0.055) / 1.055) ** 2.4
    r, g, b = map(channel, rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a, b):
    """WCAG 2 contrast ratio of two colours."""
    la, lb = sorted((_luminance(_rgb(a)), _luminance(_rgb(b))), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def _ground(lay, box):
    """The colour under a text box's centre: the last shape covering it, else paper."""
    cx, cy = box.x + box.w / 2, box.y + box.h / 2
    under = [s for s in lay.shapes if s.box.x <= cx <= s.box.x + s.box.w and s.box.y <= cy <= s.box.y + s.box.h]
    return lay.colours[under[-1].fill] if under else lay.colours.get("paper", (0, 0, 0, 0))


@pytest.mark.parametrize(("kind", "discreet"), KINDS)
def test_every_text_meets_wcag_contrast_on_its_ground(kind, discreet):
    lay = layout.load(kind, discreet)
    for t in lay.texts:
        large = t.size[1] >= 18 or (t.weight == "bold" and t.size[1] >= 14)  # WCAG's large text
        ratio = contrast(lay.colours[t.colour], _ground(lay, t.box))
        assert ratio >= (3.0 if large else 4.5), f"{kind}: {t.id} at {ratio:.2f}:1"


def test_white_on_line_green_would_fail():
    """The check can fail: the old poster set white on LINE green (2.26:1 on screen)."""
    assert contrast((0, 0, 0, 0), (0.75, 0, 0.9, 0)) < 3.0


FLOORS = [("sticker", False, 8), ("sticker", True, 8), ("card", False, 7), ("card", True, 7)]


@pytest.mark.parametrize(("kind", "discreet", "floor"), FLOORS)
def test_size_floors_and_a_bold_emergency_line(kind, discreet, floor):
    lay = layout.load(kind, discreet)
    assert lay.floor_pt >= floor and all(t.size[1] >= floor for t in lay.texts)
    emergency = next(t for t in lay.texts if t.id == "emergency")
    hours = next(t for t in lay.texts if t.id == "hours")
    assert emergency.weight == "bold" and emergency.size[1] >= hours.size[1]


def test_a_text_under_the_floor_is_refused_with_its_line(tmp_path):
    folder = Path(tempfile.mkdtemp(dir=tmp_path)) / "posters"
    shutil.copytree(layout.SHIPPED, folder)
    text = (folder / "sticker.yml").read_text(encoding="utf-8")
    (folder / "sticker.yml").write_text(text.replace("size: [9, 8.5], weight: bold", "size: [9, 6], weight: bold"),
                                        encoding="utf-8")
    line = next(i for i, row in enumerate(text.splitlines(), 1) if "id: emergency" in row)
    with pytest.raises(LayoutError, match=rf"sticker\.yml:{line}: texts\[emergency\]\.size: 6 pt is under"):
        layout.load("sticker", folder=folder)


def test_tsunagu_check_validates_the_print_layouts(tmp_path, monkeypatch, capsys):
    from tsunagu.entry.cli import main

    assert main(["check", "--programs", str(REPO / "programs")]) == 0
    assert "print layouts ok" in capsys.readouterr().out
    folder = tmp_path / "posters"
    shutil.copytree(layout.SHIPPED, folder)
    card = (folder / "card.yml").read_text(encoding="utf-8")
    (folder / "card.yml").write_text(card.replace("ink: [0, 0, 0, 100]", 'ink: "#1F2A30"'), encoding="utf-8")
    line = next(i for i, row in enumerate(card.splitlines(), 1) if row.strip().startswith("ink:"))
    monkeypatch.setenv("TSUNAGU_POSTERS", str(folder))
    assert main(["check", "--programs", str(REPO / "programs")]) == 1
    assert f"card.yml:{line}: colours.ink: write a process colour as [C, M, Y, K]" in capsys.readouterr().err


def test_a_layout_folder_without_the_template_says_what_to_copy(tmp_path):
    from tsunagu.makers.drawing.qrcodes import encode
    from tsunagu.makers.printkit import render

    folder = tmp_path / "posters"
    shutil.copytree(layout.SHIPPED, folder)
    (folder / "item.html").unlink()
    card = layout.load("card", folder=folder)
    with pytest.raises(LayoutError, match=r"item\.html: missing; copy item\.html and print\.css"):
        render.render(card, {t.source: "相談" for t in card.texts}, encode("https://line.me/R/ti/p/%40x"), {
            "regular": layout_font("regular"), "bold": layout_font("bold")}, "card")


def layout_font(weight):
    from tsunagu.makers.drawing import fonts

    return fonts.find(f"Noto Sans CJK JP:{weight}", "test")
