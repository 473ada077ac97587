"""The stand-in refuses what LINE refuses, so a deploy that passes against it would pass against LINE."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
from linebot.v3.messaging import ApiClient, Configuration, MessagingApi, MessagingApiBlob, RichMenuRequest
from linebot.v3.messaging.exceptions import ApiException
from PIL import Image

from tsunagu.domain.richmenu import build_menu
from tsunagu.makers.sources.programs import load_programs


@pytest.fixture
def apis(line_api):
    config = Configuration(host=line_api.line.url, access_token=line_api.token)
    with ApiClient(config) as client:
        yield MessagingApi(client), MessagingApiBlob(client)


def _png(width: int, height: int) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (width, height), (255, 255, 255)).save(out, "PNG")
    return out.getvalue()


def _menu() -> RichMenuRequest:
    return RichMenuRequest.from_dict(build_menu(load_programs(Path("programs")).channel("kita-women")).to_json())


def test_an_image_of_another_size_is_refused(apis):
    api, blob = apis
    menu_id = api.create_rich_menu(_menu()).rich_menu_id
    with pytest.raises(ApiException) as refused:
        blob.set_rich_menu_image(menu_id, _png(2500, 843), _headers={"Content-Type": "image/png"})
    assert refused.value.status == 400
    assert "the rich menu is 2500x1686" in refused.value.body


def test_a_menu_without_its_image_cannot_become_the_default(apis, line_api):
    api, _ = apis
    menu_id = api.create_rich_menu(_menu()).rich_menu_id
    with pytest.raises(ApiException) as refused:
        api.set_default_rich_menu(menu_id)
    assert refused.value.status == 400
    assert line_api.default is None


def test_tap_areas_outside_the_image_are_refused(apis):
    api, _ = apis
    doc = build_menu(load_programs(Path("programs")).channel("kita-women")).to_json()
    doc["areas"][0]["bounds"]["x"] = 2400  # 833 px wide from x=2400 runs off the 2500 px image
    with pytest.raises(ApiException) as refused:
        api.validate_rich_menu_object(RichMenuRequest.from_dict(doc))
    assert refused.value.status == 400
    assert json.loads(refused.value.body)["details"] == [{"message": "must be inside the rich menu",
                                                          "property": "areas[0].bounds"}]


def test_the_menu_domain_imports_no_pillow_or_line_sdk():
    code = "import json, sys; import tsunagu.domain.richmenu; print(json.dumps(sorted(sys.modules)))"
    loaded = json.loads(subprocess.run([sys.executable, "-c", code], check=True, capture_output=True,
                                       text=True).stdout)
    assert not {m.split(".")[0] for m in loaded} & {"PIL", "linebot", "boto3", "botocore", "chalice", "mkdocs"}
