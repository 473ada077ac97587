"""The QR steps: payload rules (domain), matrix and SVG made with qrcode, decoded by an independent decoder."""

import io
import re
import subprocess
import sys

import numpy as np
import pytest
import zxingcpp
from hypothesis import given, settings
from hypothesis import strategies as st
from PIL import Image

from tsunagu.domain import qr
from tsunagu.domain.config import Channel, Placement
from tsunagu.makers.drawing import qrcodes


def _decode(matrix: qr.QrMatrix, px: int = 4) -> str:
    grid = np.array(matrix.padded(), dtype=bool)
    image = np.where(grid, 0, 255).astype(np.uint8).repeat(px, axis=0).repeat(px, axis=1)
    found = zxingcpp.read_barcodes(image)
    assert found, "no code found"
    return found[0].text


@settings(max_examples=25, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), min_size=1, max_size=120),
       st.sampled_from(qr.ECC_LEVELS))
def test_matrix_decodes_to_the_payload(payload, ecc):
    matrix = qrcodes.encode(payload, ecc)
    assert matrix.size == 17 + 4 * matrix.version
    assert all(len(row) == matrix.size for row in matrix.modules)
    assert matrix.ecc == ecc
    assert _decode(matrix) == payload


def test_higher_error_correction_needs_a_bigger_code():
    url = "https://line.me/R/ti/p/%40kita-soudan"
    assert qrcodes.encode(url, "H").version > qrcodes.encode(url, "M").version


def test_low_error_correction_is_refused():
    with pytest.raises(ValueError, match="error correction"):
        qrcodes.encode("x", "L")


def _channel(line_id="@kita-soudan"):
    return Channel(id="kita", line_id=line_id, name={"ja": "x"}, audience={"ja": "x"}, topics=(), hours=(),
                   capacity=1, texts={})


def test_payload_is_add_friend_url_or_counting_redirect():
    ch = _channel()
    plain = Placement(id="kita-stall", channel="kita", kind="sticker", where="", language="ja")
    counted = Placement(id="kita-school", channel="kita", kind="card", where="", language="ja", count_scans=True)
    assert qr.payload_for(ch, plain, "https://example.org/kita/") == "https://line.me/R/ti/p/%40kita-soudan"
    slug = qr.slug_of(counted)
    assert qr.payload_for(ch, counted, "https://example.org/kita") == f"https://example.org/kita/go/{slug}/"
    own = Placement(id="kita-school", channel="kita", kind="card", where="", language="ja", count_scans=True,
                    slug="kita7")
    assert qr.payload_for(ch, own, "https://example.org/kita/") == "https://example.org/kita/go/kita7/"


@given(st.from_regex(r"[a-z0-9][a-z0-9-]{0,60}", fullmatch=True), st.sampled_from(["sticker", "card", "poster"]))
def test_a_slug_is_short_and_depends_on_the_id_alone(placement_id, kind):
    one = Placement(id=placement_id, channel="a", kind=kind, where="", language="ja", count_scans=True)
    other = Placement(id=placement_id, channel="b", kind="poster", where="x", language="en", count_scans=True)
    slug = qr.slug_of(one)
    assert re.fullmatch(r"[a-z2-7]{7}", slug) and slug == qr.slug_of(other)


def test_a_sticker_code_through_the_short_address_is_version_3_at_most():
    longest_slug = "https://tsunagu.example.jp/go/" + "z" * qr.SLUG_LENGTH + "/"
    assert qrcodes.encode(longest_slug, "M").version <= 3
    at_the_limit = "https://example.jp/" + "x" * (qr.STICKER_PAYLOAD_BYTES - len("https://example.jp/"))
    assert qrcodes.encode(at_the_limit, "M").version == 3
    assert qrcodes.encode(at_the_limit + "x", "M").version == 4


def test_svg_has_quiet_zone_and_one_path():
    svg = qrcodes.svg(qrcodes.make("hello"), title="<x>")
    assert 'viewBox="0 0 29 29"' in svg and "&lt;x&gt;" in svg and svg.count("<path") == 1


def test_svg_decodes_to_the_payload(chromium):
    url = "https://line.me/R/ti/p/%40kita-soudan"
    page = chromium.new_page()
    page.set_content(f"<body style='margin:0'>{qrcodes.svg(qrcodes.make(url), module=4)}</body>")
    shot = page.locator("svg").screenshot()
    page.close()
    found = zxingcpp.read_barcodes(Image.open(io.BytesIO(shot)))
    assert [f.text for f in found] == [url]


def test_domain_payload_rules_import_no_pillow():
    code = ("import sys, tsunagu.domain.qr as q; q.redirect_url('https://x.org/', 'p'); "
            "print(any(m.startswith(('PIL', 'qrcode')) for m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "False"
