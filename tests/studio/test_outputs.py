"""Preview, Print and Publish over HTTP: the same builds as the commands, from the studio's own origin."""

from __future__ import annotations

import io
import json
import re
import zipfile

from tests.studio.client import csrf_of, login

PUBLISH_FORM = {"author": "山田", "approver": "佐藤"}


def test_the_preview_shows_each_language_page_every_print_item_and_the_rich_menu(studio_env):
    c = login(studio_env)
    page = c.get("/preview/kita").text
    frames = re.findall(r'<iframe src="([^"]+)"', page)
    assert frames == ["/site/kita/", "/site/en/kita/", "/site/ja-easy/kita/"]
    for src, name in zip(frames, ["北区", "Kita City", "きたく"], strict=True):  # the ward's name in each language
        framed = c.get(src)
        assert framed.status_code == 200 and name in framed.text, src
    images = re.findall(r'<img src="(/preview/kita/print/[^"]+)"', page)
    kit = studio_env.folder / "work" / "print" / "kita"
    assert len(images) == len(list(kit.glob("*.png"))) > 5
    assert all(c.get(src).headers["content-type"] == "image/png" for src in images)
    assert c.get("/preview/richmenu/kita-women.png").content[:8] == b"\x89PNG\r\n\x1a\n"
    assert c.get("/preview/kita/print/..%2Fsecret.png").status_code == 404


def test_the_print_kit_downloads_as_a_zip(studio_env):
    c = login(studio_env)
    r = c.get("/print/kita.zip")
    assert r.status_code == 200 and 'filename="kita-print-kit.zip"' in r.headers["content-disposition"]
    names = zipfile.ZipFile(io.BytesIO(r.content)).namelist()
    assert "kita/manifest.json" in names and sum(n.endswith(".pdf") for n in names) >= 5


def test_publish_needs_an_author_and_a_different_approver(studio_env):
    c = login(studio_env)
    target = studio_env.folder / "published-site"
    for form, field in [({"author": ""}, "author"), ({"author": "山田", "approver": "山田"}, "approver")]:
        r = c.post("/publish", data={"csrf": csrf_of(c, "/publish"), "target": str(target), **form})
        assert r.status_code == 422 and f'id="e-{field}"' in r.text
    assert not target.exists()


def test_publish_to_a_folder_writes_the_site_and_schedules_and_records_who(studio_env):
    c = login(studio_env)
    sheet = c.get("/publish").text
    assert "kita.yml" in sheet  # the first time, every file is new
    target = studio_env.folder / "published-site"
    r = c.post("/publish", data={"csrf": csrf_of(c, "/publish"), "target": str(target), **PUBLISH_FORM})
    assert r.status_code == 200 and "done" in r.text and "failed" not in r.text
    assert (target / "kita" / "index.html").is_file() and (target / "schedule" / "kita-women.json").is_file()
    log = [json.loads(line) for line in (studio_env.folder / "work" / "publish-log.jsonl").read_text().splitlines()]
    assert log[-1]["author"] == "山田" and log[-1]["approver"] == "佐藤" and log[-1]["target"] == str(target)
    again = c.get("/publish").text
    assert "前回の公開からプログラムの変更はありません" in again and "山田 / 佐藤" in again
