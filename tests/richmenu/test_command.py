"""`tsunagu richmenu`: the files a ward uploads, and --deploy through line-bot-sdk to the local LINE stand-in."""

from __future__ import annotations

import io
import json

import pytest
from PIL import Image

from tsunagu.domain.richmenu import MAX_IMAGE_BYTES
from tsunagu.entry.cli import main
from tsunagu.wiring import load_secrets


def _build(tmp_path, channel="kita-women", *extra):
    out = tmp_path / "menu"
    code = main(["richmenu", "--channel", channel, "--out", str(out), *extra])
    return code, out


@pytest.fixture(scope="module")
def kita_menu(tmp_path_factory):
    """kita-women's menu built once for the tests that only read it."""
    code, out = _build(tmp_path_factory.mktemp("kita"))
    assert code == 0
    return out


def test_writes_an_image_and_json_a_line_account_can_use_as_they_are(kita_menu, assert_schema_valid):
    out = kita_menu
    doc = json.loads((out / "richmenu.json").read_text(encoding="utf-8"))
    assert_schema_valid(doc)
    [image_file] = [p for p in out.iterdir() if p.name in ("richmenu.png", "richmenu.jpg")]
    assert image_file.stat().st_size <= MAX_IMAGE_BYTES
    with Image.open(image_file) as image:
        assert image.format in ("PNG", "JPEG")
        assert image.size == (doc["size"]["width"], doc["size"]["height"])
        rgb = image.convert("RGB")
    for area in doc["areas"]:  # every button is drawn: its area holds an icon and a label, not a blank
        b = area["bounds"]
        crop = rgb.crop((b["x"], b["y"], b["x"] + b["width"], b["y"] + b["height"]))
        assert len(crop.getcolors(1 << 16) or range(1 << 16)) > 20, area["action"]["label"]
    with Image.open(out / "preview.png") as preview:
        assert preview.height > preview.width  # a phone held upright


def test_the_emergency_button_stands_out_in_red(kita_menu):
    out = kita_menu
    doc = json.loads((out / "richmenu.json").read_text(encoding="utf-8"))
    rgb = Image.open(out / "richmenu.png").convert("RGB")
    [b] = [a["bounds"] for a in doc["areas"] if a["action"]["data"] == "action=emergency"]
    r, g, bl = rgb.getpixel((b["x"] + 40, b["y"] + b["height"] // 2))
    assert r > 180 and g < 80 and bl < 80


def test_deploy_creates_uploads_and_sets_the_default_through_line_api(tmp_path, line_api, secrets_file,
                                                                     assert_schema_valid):
    code, out = _build(tmp_path, "kita-women", "--deploy")
    assert code == 0
    received = [(r.method, r.path) for r in line_api.line.requests()]
    menu_id = line_api.default
    assert received == [
        ("POST", "/v2/bot/richmenu/validate"),
        ("POST", "/v2/bot/richmenu"),
        ("POST", f"/v2/bot/richmenu/{menu_id}/content"),  # LINE's data host, played by the same stand-in
        ("POST", f"/v2/bot/user/all/richmenu/{menu_id}"),
    ]
    token = load_secrets(str(secrets_file)).channel("kita-women").access_token
    assert all(r.headers["Authorization"] == f"Bearer {token}" for r in line_api.line.requests())
    create = line_api.line.requests("/v2/bot/richmenu")[0]
    assert_schema_valid(create.json)
    assert create.json == json.loads((out / "richmenu.json").read_text(encoding="utf-8"))
    upload = line_api.line.requests(f"/v2/bot/richmenu/{menu_id}/content")[0]
    assert upload.body == (out / "richmenu.png").read_bytes()
    assert upload.headers["Content-Type"] == "image/png"
    size = Image.open(io.BytesIO(upload.body)).size
    assert size == (create.json["size"]["width"], create.json["size"]["height"])
    for area in create.json["areas"]:  # the tap areas fall inside the uploaded image
        b = area["bounds"]
        assert b["x"] >= 0 and b["y"] >= 0
        assert b["x"] + b["width"] <= size[0] and b["y"] + b["height"] <= size[1]


def test_deploy_refused_by_line_exits_1_with_one_line_naming_the_step(tmp_path, line_api, capsys):
    line_api.token = "a-token-of-another-channel"
    code, _ = _build(tmp_path, "kita-women", "--deploy")
    err = capsys.readouterr().err.strip()
    assert code == 1
    assert len(err.splitlines()) == 1
    assert "refused to validate the rich menu of kita-women: HTTP 401" in err
    assert line_api.default is None


def test_unknown_channel_exits_1_and_writes_nothing(tmp_path, capsys):
    code, out = _build(tmp_path, "nowhere-women")
    assert code == 1
    assert "unknown channel 'nowhere-women'" in capsys.readouterr().err
    assert not out.exists()
