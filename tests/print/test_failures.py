"""Every way the print kit refuses: a clear message naming what to fix, exit 1, and nothing written."""

import dataclasses
import json
import shutil
from pathlib import Path

import numpy as np
import pytest
import yaml
from PIL import Image

from tsunagu.domain import qr
from tsunagu.domain.errors import LayoutError
from tsunagu.entry.cli import main
from tsunagu.makers.drawing.fonts import find
from tsunagu.makers.drawing.qrcodes import encode
from tsunagu.makers.printkit import kit, layout, render
from tsunagu.makers.sources.programs import load_programs

REPO = Path(__file__).resolve().parents[2]


def one_item_programme(tmp_path, edit=None, keep=("kita-card-high-school",)):
    """Kita's programme with only some placements (fast), optionally edited."""
    data = yaml.safe_load((REPO / "programs" / "kita.yml").read_text(encoding="utf-8"))
    # The standard card (a card is discreet unless told otherwise): its layout, card.yml, is the one edited below.
    data["placements"] = [{**p, "discreet": False} for p in data["placements"] if p["id"] in keep]
    if edit:
        edit(data)
    folder = tmp_path / "programs"
    folder.mkdir()
    (folder / "kita.yml").write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return folder


def layouts(tmp_path, file, edit):
    """A copy of the shipped layouts with one file edited."""
    folder = tmp_path / "posters"
    shutil.copytree(layout.SHIPPED, folder)
    data = yaml.safe_load((folder / file).read_text(encoding="utf-8"))
    edit(data)
    (folder / file).write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return folder


def run_print(tmp_path, programs, *extra):
    out = tmp_path / "out"
    code = main(["print", "--out", str(out), "--programs", str(programs), *extra])
    written = sorted(p.name for p in out.iterdir()) if out.exists() else []
    return code, written


def test_placeholder_line_id_is_refused_without_sample(tmp_path, capsys):
    code, written = run_print(tmp_path, REPO / "programs", "--ward", "kita")
    err = capsys.readouterr().err
    assert code == 1 and written == []
    assert "channels[kita-women].line_id" in err and "--sample" in err and "Traceback" not in err


def test_text_too_long_names_the_field(tmp_path, capsys):
    def long_name(data):
        data["channels"][0]["name"]["ja"] = "北区 女性のためのLINE相談" * 6

    code, written = run_print(tmp_path, one_item_programme(tmp_path, long_name), "--sample")
    err = capsys.readouterr().err
    assert code == 1 and written == []
    assert "kita-card-high-school" in err and "channel.name" in err and "does not fit" in err


def test_code_too_small_fails(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("TSUNAGU_POSTERS", str(layouts(tmp_path, "card.yml",
                                                      lambda d: d["qr"].__setitem__("box", [70, 30, 14, 14]))))
    code, written = run_print(tmp_path, one_item_programme(tmp_path), "--sample")
    err = capsys.readouterr().err
    assert code == 1 and written == []
    assert "0.4 mm" in err and "kita-card-high-school" in err


def test_code_that_does_not_survive_degradation_stops_the_kit(tmp_path, capsys, monkeypatch):
    def tiny_code(d):
        d["qr"].update(box=[70, 30, 9, 9], min_module_mm=0.1)

    monkeypatch.setenv("TSUNAGU_POSTERS", str(layouts(tmp_path, "card.yml", tiny_code)))
    code, written = run_print(tmp_path, one_item_programme(tmp_path), "--sample")
    err = capsys.readouterr().err
    assert code == 1 and written == []
    assert "kita-card-high-school" in err and "did not decode" in err


def test_missing_font_says_what_to_install(tmp_path, capsys, monkeypatch):
    find.cache_clear()
    no_font = layouts(tmp_path, "style.yml", lambda d: d["fonts"].__setitem__("bold", "Nonexistent Sans JP:bold"))
    monkeypatch.setenv("TSUNAGU_POSTERS", str(no_font))
    code, written = run_print(tmp_path, one_item_programme(tmp_path), "--sample")
    err = capsys.readouterr().err
    assert code == 1 and written == []
    assert "fonts-noto-cjk" in err and "fonts.bold" in err and "Nonexistent Sans JP" in err


def test_text_outside_the_safe_area_is_a_layout_error(tmp_path):
    folder = layouts(tmp_path, "card.yml", lambda d: d["texts"][0].__setitem__("box", [1, 4, 80, 6]))
    with pytest.raises(LayoutError, match=r"texts\[name\]\.box: must stay 3 mm inside"):
        layout.load("card", folder=folder).at_size((91, 55))


def test_unknown_ward(tmp_path, capsys):
    code, _ = run_print(tmp_path, REPO / "programs", "--ward", "nowhere", "--sample")
    assert code == 1 and "unknown ward 'nowhere'" in capsys.readouterr().err


def test_discreet_sticker_never_says_dv_or_abuse_in_large_type(tmp_path):
    programs = load_programs(REPO / "programs")
    # Stickers marked discreet, and take-home cards, discreet unless a placement says otherwise.
    for ward_id, item in (("kita", "kita-sticker-ward-office"), ("kanagawa", "kanagawa-sticker-shelter"),
                          ("kanagawa", "kanagawa-card-child"), ("kita", "kita-card-junior-high")):
        job = next(j for j in kit.plan(programs.ward(ward_id), tmp_path, sample=False) if j.name == item)
        page = render.render(job.layout, job.texts, encode(job.payload), job.fonts, job.name)
        large = " ".join(" ".join(t.lines) for t in page.texts if t.size_pt > 6.5)
        assert job.discreet and large and not any(w in large for w in ("DV", "ＤＶ", "虐待", "暴力"))


def test_discreet_layout_refuses_a_large_dv(tmp_path):
    ward = load_programs(REPO / "programs").ward("kita")
    job = next(j for j in kit.plan(ward, tmp_path, sample=True) if j.name == "kita-sticker-ward-office")
    job.texts["catalog.headline_discreet"] = "DV・虐待の相談"
    with pytest.raises(LayoutError, match="discreet"):
        kit.build_item(job)
    assert list(tmp_path.iterdir()) == []


def test_a_real_line_id_prints_without_sample_and_without_stamp(tmp_path, capsys):
    def real_id(data):
        data["channels"][0]["line_id"] = "@kita1234"

    code, written = run_print(tmp_path, one_item_programme(tmp_path, real_id))
    assert code == 0 and written == ["kita"]
    assert "kita: 2 PDFs" in capsys.readouterr().out
    manifest = json.loads((tmp_path / "out" / "kita" / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["sample"] is False
    card = manifest["items"][0]
    short = qr.slug_of(load_programs(tmp_path / "programs").placement("kita-card-high-school"))
    assert card["payload"] == f"https://tsunagu.example.jp/go/{short}/" and card["trim_mm"] == [91, 55]
    with Image.open(tmp_path / "out" / "kita" / card["files"]["png"]) as im:
        px = np.asarray(im.convert("RGB")).astype(int)
    assert not ((px[..., 0] > 200) & (px[..., 1] < 190) & (px[..., 2] < 190)).any(), "stamped without --sample"


def test_a_placement_layout_of_another_kind_or_missing_is_refused_by_name(tmp_path):
    ward = load_programs(REPO / "programs").ward("kita")
    sticker = next(p for p in ward.placements if p.kind == "sticker")
    for name, words in (("card-child", "is for a card, not a sticker"), ("sticker-child", "no layout for")):
        other = dataclasses.replace(ward, placements=(dataclasses.replace(sticker, layout=name),))
        with pytest.raises(LayoutError, match=words):
            kit.plan(other, tmp_path, sample=True)
