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
