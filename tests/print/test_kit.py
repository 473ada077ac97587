"""`tsunagu print` end to end for one ward: print-shop geometry, lossless codes that scan, manifest, safety."""

import io
import json
import re
import subprocess
from pathlib import Path

import numpy as np
import pytest
import zxingcpp
from PIL import Image
from pypdf import PdfReader

from tsunagu.entry.cli import main
from tsunagu.makers.printkit import kit as kit_module
from tsunagu.makers.sources.programs import load_programs

REPO = Path(__file__).resolve().parents[2]
MM = 72 / 25.4


@pytest.fixture(scope="module")
def kit(tmp_path_factory):
    """Kita's whole kit with --sample, built next to another ward's folder that must stay untouched."""
    out = tmp_path_factory.mktemp("print")
    other = out / "osaka"
    other.mkdir()
    (other / "keep.txt").write_text("another ward's kit")
    code = main(["print", "--ward", "kita", "--sample", "--out", str(out), "--programs", str(REPO / "programs")])
    assert code == 0
    return out


def manifest(kit):
    return json.loads((kit / "kita" / "manifest.json").read_text(encoding="utf-8"))


def pdfs(kit):
    return sorted((kit / "kita").glob("*.pdf"))


def test_every_placement_gets_pdf_preview_and_sheet(kit):
    items = {e["item"]: e for e in manifest(kit)["items"]}
    assert {"kita-poster-library-a4", "kita-poster-library-a3", "kita-sticker-ward-office",
            "kita-sticker-ward-office-sheet", "kita-card-junior-high", "kita-card-junior-high-sheet"} <= set(items)
    for e in items.values():
        assert (kit / "kita" / e["files"]["pdf"]).is_file() and (kit / "kita" / e["files"]["png"]).is_file()
    assert (kit / "kita" / "contact-sheet.png").is_file()
    assert (kit / "osaka" / "keep.txt").read_text() == "another ward's kit"
    assert not [p for p in kit.iterdir() if p.name.startswith(".")], "temporary folders left behind"


def test_manifest_records_the_proof_for_every_code(kit):
    data = manifest(kit)
    assert data["sample"] is True
    for e in data["items"]:
        assert e["decode"] and all(e["decode"].values()), e["item"]
        assert e["qr"]["ecc"] in ("M", "Q", "H") and e["qr"]["module_mm"] >= 0.4
        if e["kind"] != "sheet":
            assert set(e["decode"]) == set(data["degradations"])
            assert e["page_mm"] == [pytest.approx(v + 2 * (3 + e["slug_mm"])) for v in e["trim_mm"]]
    sticker = next(e for e in data["items"] if e["item"] == "kita-sticker-ward-office")
    assert re.fullmatch(r"https://tsunagu\.example\.jp/go/[a-z2-7]{7}/", sticker["payload"])  # counts scans, short
    stickers = [e for e in data["items"] if e["kind"] == "sticker"]
    assert stickers and all(e["qr"]["version"] <= 3 for e in stickers)
    assert sticker["trim_mm"] == [90, 55] and sticker["variant"] == "discreet"
    card = next(e for e in data["items"] if e["item"] == "kita-card-junior-high")
    assert card["payload"] == "https://line.me/R/ti/p/%40sample-kita"


def test_pdf_pages_are_trim_plus_bleed_plus_slug_with_boxes(kit):
    by_name = {e["item"]: e for e in manifest(kit)["items"]}
    for path in pdfs(kit):
        entry = by_name[path.stem]
        page = PdfReader(path).pages[0]
        w, h = entry["page_mm"]
        assert float(page.mediabox.width) == pytest.approx(w * MM, abs=0.01)
        assert float(page.mediabox.height) == pytest.approx(h * MM, abs=0.01)
        slug, bleed = entry["slug_mm"] * MM, (entry["slug_mm"] + entry["bleed_mm"]) * MM
        trim = [float(v) for v in page.trimbox]
        assert trim == pytest.approx([bleed, bleed, w * MM - bleed, h * MM - bleed], abs=0.01)
        assert [float(v) for v in page.bleedbox] == pytest.approx([slug, slug, w * MM - slug, h * MM - slug], abs=0.01)


def _segments(page):
    data = page.get_contents().get_data().decode("latin-1")
    return [tuple(map(float, m)) for m in re.findall(r"([\d.]+) ([\d.]+) m ([\d.]+) ([\d.]+) l S", data)]


def test_crop_marks_lie_outside_the_bleed(kit):
    for path in pdfs(kit):
        page = PdfReader(path).pages[0]
        segments = _segments(page)
        assert len(segments) >= 8, path.name
        x0, y0, x1, y1 = (float(v) for v in page.bleedbox)
        if path.stem.endswith("-sheet"):
            continue  # sheets: checked against the item grid below
        for ax, ay, bx, by in segments:
            for x, y in ((ax, ay), (bx, by), ((ax + bx) / 2, (ay + by) / 2)):
                assert not (x0 + 0.01 < x < x1 - 0.01 and y0 + 0.01 < y < y1 - 0.01), path.name


def test_sheet_marks_stay_clear_of_every_item(kit):
    for e in manifest(kit)["items"]:
        if e["kind"] != "sheet":
            continue
        page = PdfReader(kit / "kita" / e["files"]["pdf"]).pages[0]
        height = float(page.mediabox.height)
        xs, ys = e["cuts_mm"]["x"], e["cuts_mm"]["y"]
        grid = (min(xs) - 3, min(ys) - 3, max(xs) + 3, max(ys) + 3)  # the items with their bleed, in mm
        for ax, ay, bx, by in _segments(page):
            for x, y in ((ax, ay), (bx, by)):
                x_mm, y_mm = x / MM, (height - y) / MM
                assert not (grid[0] < x_mm < grid[2] and grid[1] < y_mm < grid[3]), e["item"]


def test_pages_are_vector_with_no_image(kit):
    for path in pdfs(kit):
        listing = subprocess.run(["pdfimages", "-list", str(path)], capture_output=True, text=True, check=True).stdout
        assert len(listing.strip().splitlines()) == 2, f"{path.name} holds an image:\n{listing}"


def _decoded(image):
    return [r.text for r in zxingcpp.read_barcodes(image)]


def test_codes_decode_from_the_pdf_rendering_and_the_previews(kit, tmp_path):
    entry = next(e for e in manifest(kit)["items"] if e["item"] == "kita-sticker-ward-office")
    pdf = kit / "kita" / entry["files"]["pdf"]
    subprocess.run(["pdftoppm", "-r", "300", "-png", "-singlefile", str(pdf), str(tmp_path / "page")], check=True)
    assert _decoded(Image.open(tmp_path / "page.png")) == [entry["payload"]]
    for e in manifest(kit)["items"]:
        found = _decoded(Image.open(kit / "kita" / e["files"]["png"]))
        assert found and set(found) == {e["payload"]}, e["item"]


def test_sample_stamp_is_on_every_item(kit):
    # The stamp is translucent red: every preview has clearly reddish pixels; the layouts use no red.
    for e in manifest(kit)["items"]:
        with Image.open(kit / "kita" / e["files"]["png"]) as im:
            px = np.asarray(im.convert("RGB")).astype(int)
        assert ((px[..., 0] > 200) & (px[..., 1] < 190) & (px[..., 2] < 190)).any(), e["item"]


def test_rebuilding_an_item_gives_the_same_bytes(tmp_path):
    ward = load_programs(REPO / "programs").ward("kita")
    for run in ("a", "b"):
        (tmp_path / run).mkdir()
        job = next(j for j in kit_module.plan(ward, tmp_path / run, sample=True) if j.name == "kita-card-high-school")
        kit_module.build_item(job)
    for path in sorted((tmp_path / "a").iterdir()):
        assert path.read_bytes() == (tmp_path / "b" / path.name).read_bytes(), path.name


def test_pdf_metadata_dates_are_fixed(kit):
    info = PdfReader(io.BytesIO((kit / "kita" / "kita-card-junior-high.pdf").read_bytes())).metadata
    assert info["/CreationDate"].startswith("D:2020")


def test_every_item_carries_the_issuer_and_the_line_id(kit):
    """Kita names its issuer: the full block on posters and cards, the ward on stickers; the ID beside the code."""
    for e in manifest(kit)["items"]:
        if e["kind"] == "sheet":
            continue
        texts = {block: "".join(t["lines"]) for block, t in e["texts"].items()}
        assert "@sample-kita" in texts["line-id"], e["item"]
        issuer = texts["issuer"]
        assert ("きたく" if e["language"] == "ja-easy" else "北区") in issuer, e["item"]
        if e["kind"] != "sticker" and e["variant"] != "discreet":
            assert "03-0000-0000" in issuer, e["item"]


def test_the_junior_high_card_lists_the_child_lines_in_kanji_with_readings(kit):
    """189, 24時間子供SOSダイヤル and チャイルドライン on the card children take home (issue 22), key words in
    kanji with their readings set above them, as the easy-Japanese guideline asks, and still discreet."""
    entry = next(e for e in manifest(kit)["items"] if e["item"] == "kita-card-junior-high")
    assert entry["variant"] == "discreet" and entry["language"] == "ja-easy"
    text = subprocess.run(["pdftotext", "-raw", str(kit / "kita" / entry["files"]["pdf"]), "-"],
                          capture_output=True, text=True, check=True).stdout
    flat = re.sub(r"\s+", "", text)
    for number in ("189", "0120-0-78310", "0120-99-7777"):
        assert number in flat
    assert "子供SOSダイヤル" in flat and "チャイルドライン" in flat
    # The word in kanji, its reading set beside it in the PDF, at half the word's size.
    assert "相談" in flat and "そうだん" in flat and "守" in flat and "まも" in flat
    assert "LINEでそうだんできます" not in flat
    emergency = entry["texts"]["emergency"]
    assert emergency["ruby_pt"] == pytest.approx(emergency["size_pt"] / 2, abs=0.01)
    assert emergency["size_pt"] >= entry["floor_pt"]
