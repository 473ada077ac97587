"""Every PDF of every shipped ward's kit passes the PDF/X-4 preflight, and ghostscript agrees.

The preflight (pdfx_preflight, on pikepdf) reads the file's structure; ghostscript, a second and
independent PDF interpreter, renders each file to CMYK separations: it must read the file without a
complaint, the QR code must sit on the black plate alone, and the black plate alone must decode.
"""

import json
import math
import subprocess
from pathlib import Path

import numpy as np
import pytest
import yaml
import zxingcpp
from pdfx_preflight import preflight
from PIL import Image

from tsunagu.domain import ruby
from tsunagu.makers.printkit import kit
from tsunagu.makers.sources.programs import load_programs

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def kits(tmp_path_factory):
    """Every shipped ward's kit, as staff would print it with --sample."""
    out = tmp_path_factory.mktemp("kits")
    kit.build(load_programs(REPO / "programs"), None, out, sample=True, workers=2)
    return out


def items(kits):
    """(ward folder, manifest entry) for every PDF written."""
    for manifest in sorted(kits.glob("*/manifest.json")):
        for entry in json.loads(manifest.read_text(encoding="utf-8"))["items"]:
            yield manifest.parent, entry


def words_of(entry, by_name, ward):
    """The ward's name (the issuer block) and the lines the typesetter set on the item (a sheet carries its item's);
    a line with readings (ルビ) as its runs: each word and each plain run comes out of the PDF whole."""
    source = by_name[entry.get("of", entry["item"])]
    table = ruby.readings(entry["language"])
    return [ward.name.pick(entry["language"]),
            *(run.text for text in source["texts"].values() for line in text["lines"]
              for run in ruby.runs(line, table))]


def readings_of(entry, by_name):
    """The sizes the item's readings (ルビ) were set at."""
    source = by_name[entry.get("of", entry["item"])]
    return tuple(text["ruby_pt"] for text in source["texts"].values() if "ruby_pt" in text)


def test_every_pdf_passes_the_preflight(kits):
    checked, problems = 0, []
    programs = load_programs(REPO / "programs")
    for folder, entry in items(kits):
        by_name = {e["item"]: e for e in json.loads((folder / "manifest.json").read_text(encoding="utf-8"))["items"]}
        report = preflight(folder / entry["files"]["pdf"], entry["bleed_mm"], entry["floor_pt"],
                           words_of(entry, by_name, programs.ward(folder.name)), readings_of(entry, by_name))
        problems += [f"{entry['item']}: {p}" for p in report.problems]
        checked += 1
    assert checked >= 30 and not problems, "\n".join(problems[:40])


def test_the_preflight_refuses_an_rgb_raster_pdf(tmp_path):
    """The checker can fail: a page that is one RGB image, as the kit wrote before, is refused on every count."""
    path = tmp_path / "raster.pdf"
    Image.new("RGB", (200, 300), (6, 199, 85)).save(path, resolution=72)
    problems = " | ".join(preflight(path, 3.0, 7.0, ["北区"]).problems)
    for expected in ("PDF/X-4 needs 1.6", "GTS_PDFXVersion", "Trapped", "JC200103", "TrimBox", "RGB", "pdftotext"):
        assert expected in problems


def _ghostscript_cmyk(pdf: Path, dpi: int, out: Path) -> tuple[Image.Image, str]:
    """Ghostscript's CMYK rendering of the page (DeviceCMYK values as written) and whatever it complained of."""
    done = subprocess.run(["gs", "-q", "-dSAFER", "-dBATCH", "-dNOPAUSE", "-sDEVICE=tiff32nc", f"-r{dpi}",
                           f"-sOutputFile={out}", str(pdf)], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    with Image.open(out) as image:
        image.load()
        return image.copy(), done.stdout + done.stderr


def test_ghostscript_reads_every_pdf_and_finds_the_code_on_the_black_plate_only(kits, tmp_path):
    for folder, entry in items(kits):
        if entry["kind"] == "sheet":
            continue  # the item's copies: the item itself is checked
        dpi = max(100, math.ceil(6 * 25.4 / entry["qr"]["module_mm"]))  # six pixels a module
        image, complaints = _ghostscript_cmyk(folder / entry["files"]["pdf"], dpi, tmp_path / "page.tif")
        assert image.mode == "CMYK" and not complaints.strip(), f"{entry['item']}: {complaints}"
        offset = entry["slug_mm"] + entry["bleed_mm"]
        left, top = (entry["qr_mm"][i] + offset for i in (0, 1))
        side = entry["qr"]["size_mm"]
        px = dpi / 25.4
        inset = 0.3  # stay clear of the antialiased edge of the white ground
        box = tuple(round(v * px) for v in (left + inset, top + inset, left + side - inset, top + side - inset))
        c, m, y, _ = (np.asarray(plane) for plane in image.crop(box).split())
        assert not (c.any() or m.any() or y.any()), f"{entry['item']}: the QR code is not K only"
        black = Image.fromarray(255 - np.asarray(image.split()[3]))
        found = [r.text for r in zxingcpp.read_barcodes(black, formats=zxingcpp.BarcodeFormat.QRCode)]
        assert entry["payload"] in found, entry["item"]


def test_the_wards_logo_and_line_badge_print_in_cmyk_with_black_on_k(tmp_path):
    """PNG artwork from the programme file lands on the poster separated to CMYK: no RGB, its black on K alone."""
    folder = tmp_path / "programs"
    folder.mkdir()
    data = yaml.safe_load((REPO / "programs" / "kita.yml").read_text(encoding="utf-8"))
    data["placements"] = [p for p in data["placements"] if p["id"] == "kita-poster-library"]
    data["issuer"].update(logo="mark.png", badge="badge.png")
    (folder / "kita.yml").write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    Image.new("RGBA", (120, 60), (0, 0, 0, 255)).save(folder / "mark.png")  # a black mark
    badge = Image.new("RGB", (232, 72), (6, 199, 85))  # LINE green
    badge.paste((255, 255, 255), (20, 20, 200, 52))
    badge.save(folder / "badge.png")
    out = tmp_path / "out"
    kit.build(load_programs(folder), ["kita"], out, sample=True, workers=1)
    entry = next(e for _, e in items(out) if e["item"] == "kita-poster-library-a4")
    path = out / "kita" / entry["files"]["pdf"]
    assert not preflight(path, 3.0, entry["floor_pt"], ["北区"]).problems
    listing = subprocess.run(["pdfimages", "-list", str(path)], capture_output=True, text=True, check=True).stdout
    rows = [line.split() for line in listing.strip().splitlines()[2:]]
    assert len(rows) == 2 and {row[5] for row in rows} == {"cmyk"}, listing
    image, _ = _ghostscript_cmyk(path, 100, tmp_path / "page.tif")
    px = 100 / 25.4
    offset = entry["slug_mm"] + entry["bleed_mm"]
    left, top = round((182 + 4 + offset) * px), round((274.5 + 2 + offset) * px)  # inside the black mark
    c, m, y, k = image.getpixel((left, top))
    assert (c, m, y) == (0, 0, 0) and k > 240


GS_CMYK = Path("/usr/share/color/icc/ghostscript/default_cmyk.icc")  # ghostscript's own, never committed here


@pytest.mark.skipif(not GS_CMYK.is_file(), reason="ghostscript's CMYK profile is not installed")
def test_an_operator_profile_is_embedded_in_the_output_intent(tmp_path, monkeypatch, capsys):
    """TSUNAGU_ICC_PROFILE: its bytes become the intent's DestOutputProfile (4 channels); a missing file stops."""
    import pikepdf

    from tsunagu.entry.cli import main

    folder = tmp_path / "programs"
    folder.mkdir()
    data = yaml.safe_load((REPO / "programs" / "taito.yml").read_text(encoding="utf-8"))
    data["placements"] = data["placements"][:1]
    (folder / "taito.yml").write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    monkeypatch.setenv("TSUNAGU_ICC_PROFILE", str(tmp_path / "missing.icc"))
    assert main(["print", "--sample", "--out", str(tmp_path / "out"), "--programs", str(folder)]) == 1
    assert "TSUNAGU_ICC_PROFILE" in capsys.readouterr().err and not (tmp_path / "out").exists()
    monkeypatch.setenv("TSUNAGU_ICC_PROFILE", str(GS_CMYK))
    assert main(["print", "--sample", "--out", str(tmp_path / "out"), "--programs", str(folder)]) == 0
    for path in (tmp_path / "out" / "taito").glob("*.pdf"):
        with pikepdf.open(path) as pdf:
            [intent] = pdf.Root.OutputIntents
            assert str(intent.OutputConditionIdentifier) == "JC200103" and int(intent.DestOutputProfile.N) == 4
            assert intent.DestOutputProfile.read_bytes() == GS_CMYK.read_bytes()
        assert not preflight(path, 3.0 if "sheet" not in path.stem else 0.0, 7.0, []).problems, path.name
