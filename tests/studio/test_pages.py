"""The studio's pages over HTTP: what staff see and what their forms change (files, store, published hours)."""

from __future__ import annotations

import json
import re

from tests.studio.client import csrf_of, login
from tsunagu.adapters.notify.alertlog import AlertLog
from tsunagu.domain.records import ContactRecord
from tsunagu.makers.sources.programs import load_ward
from tsunagu.ports.messaging import Alert

CHANNEL = "kita-women"


def next_open(html: str) -> str:
    return re.search(r'class="next-open">([^<]+)<', html).group(1)


def test_today_shows_each_channel_its_next_opening_counts_and_alerts(studio_env):
    c = login(studio_env)
    store = studio_env.studio.wiring.store()
    now = studio_env.studio.now()
    for i, kind in enumerate(["follow", "message", "emergency"]):
        store.record(ContactRecord(f"e{i}", CHANNEL, kind, now.date(), 9, "p" * 16, 2_000_000_000))
    AlertLog(studio_env.folder / "alerts.log").send(Alert(CHANNEL, "emergency", now))
    page = c.get("/").text
    section = page.split(f'id="ch-{CHANNEL}"')[1].split("</section>")[0]
    assert "2026-12-07 19:00" in section  # Monday 09:00: opens tonight
    assert re.search(r"緊急アラート</th><td>1<", section) and re.search(r"記録</th><td>3<", section)
    assert "emergency" in page.split('id="alerts"')[1]
    assert "pppp" not in page  # counts and kinds only: no pseudonym reaches a page


def test_a_closure_moves_the_next_opening_before_and_after_saving(studio_env):
    c = login(studio_env)
    form = {"csrf": csrf_of(c), "kind": "closure", "channel": CHANNEL, "date": "2026-12-07", "by": "山田",
            "note": "台風"}
    preview = c.post("/ops/check", data=form)
    assert preview.status_code == 200 and next_open(preview.text) == "2026-12-09 19:00"
    assert studio_env.studio.wiring.store().operations(CHANNEL) == []  # nothing saved yet
    saved = c.post("/ops/save", data=form)
    assert "保存しました" in saved.text and next_open(saved.text) == "2026-12-09 19:00"
    published = json.loads((studio_env.folder / "site" / "schedule" / f"{CHANNEL}.json").read_text("utf-8"))
    assert not any(s["start"].startswith("2026-12-07") for s in published["slots"])
    today = c.get("/").text.split(f'id="ch-{CHANNEL}"')[1].split("</section>")[0]
    assert next_open(today) == "2026-12-09 19:00" and "休止 2026-12-07 — 台風 (山田)" in today
    [op] = studio_env.studio.wiring.store().operations(CHANNEL)
    assert op.author == "山田"
    nameless = c.post("/ops/remove", data={"csrf": csrf_of(c), "id": op.id})
    assert nameless.status_code == 422 and "--by" in nameless.text
    removed = c.post("/ops/remove", data={"csrf": csrf_of(c), "id": op.id, "by": "佐藤"})
    assert "取り消しました" in removed.text and next_open(removed.text) == "2026-12-07 19:00"


def test_a_bad_operation_is_refused_with_the_commands_message_beside_its_field(studio_env):
    c = login(studio_env)
    r = c.post("/ops/save", data={"csrf": csrf_of(c), "kind": "closure", "channel": CHANNEL,
                                  "date": "2026-12-01", "start": "20:00", "end": "19:00", "by": "山田"})
    assert r.status_code == 422
    assert "--date: 2026-12-01 is in the past; give today or a later date" in r.text
    assert "--to: 19:00 is not after 20:00" in r.text
    assert re.search(r'id="e-end">--to: 19:00 is not after 20:00', r.text)
    assert studio_env.studio.wiring.store().operations(CHANNEL) == []


def test_a_bad_programme_edit_shows_check_s_message_inline_and_writes_nothing(studio_env):
    c = login(studio_env)
    path = studio_env.programs / "kita.yml"
    before = path.read_bytes()
    r = c.post("/programme/kita/hours", data={"csrf": csrf_of(c, "/programme/kita/hours"),
                                              "channels[0].hours[0].start": "19:75"})
    assert r.status_code == 422
    path.write_text(path.read_text("utf-8").replace('start: "19:00"', 'start: "19:75"', 1), "utf-8")
    _, _, problems = load_ward(path)  # what `tsunagu check` says of the same edit
    path.write_bytes(before)
    [p] = problems
    assert f"programs/kita.yml:{p.line}: {p.field}: {p.message}" in r.text.replace("&#39;", "'")
    assert re.search(r'id="e-channels\[0\]\.hours\[0\]\.start"', r.text)
    assert path.read_bytes() == before


def test_a_programme_edit_is_shown_as_a_diff_then_written_with_comments_kept(studio_env):
    c = login(studio_env)
    path = studio_env.programs / "kita.yml"
    before = path.read_text("utf-8")
    r = c.post("/programme/kita/hours", data={"csrf": csrf_of(c, "/programme/kita/hours"),
                                              "channels[0].hours[0].start": "18:30"})
    assert r.status_code == 200 and '+        start: &#34;18:30&#34;' in r.text
    assert path.read_text("utf-8") == before  # shown, not written
    base = re.search(r'name="base" value="([^"]+)"', r.text).group(1)
    form = {"csrf": csrf_of(c), "base": base, "channels[0].hours[0].start": "18:30"}
    saved = c.post("/programme/kita/hours/save", data=form)
    assert "保存しました" in saved.text
    after = path.read_text("utf-8")
    assert after == before.replace('start: "19:00"          # sample', 'start: "18:30"          # sample', 1)
    assert next_open(c.get("/").text.split(f'id="ch-{CHANNEL}"')[1]) == "2026-12-07 18:30"
    assert c.post("/programme/kita/hours/save", data=form).status_code == 409  # the file moved on: no blind write


def test_every_programme_part_has_a_form(studio_env):
    c = login(studio_env)
    for part, field in [("hours", "channels[0].hours[0].days"), ("closures", "channels[0].closures.annual"),
                        ("texts", "channels[0].texts.ja.greeting"), ("contacts", "emergency_contacts[0].phone"),
                        ("placements", "placements[0].where")]:
        page = c.get(f"/programme/kita/{part}")
        assert page.status_code == 200 and f'name="{field}"' in page.text, part
    assert 'name="channels[0].extra_days[0].date"' in c.get("/programme/osaka/extra_days").text
    assert c.get("/programme/kita/nope").status_code == 404


def test_english(studio_env):
    c = login(studio_env)
    r = c.get("/lang/en?next=/ops", follow_redirects=True)
    assert '<html lang="en">' in r.text and "Same-day operations" in r.text
    assert c.get("/lang/en?next=//evil.example").headers["location"] == "/"


def test_a_file_broken_elsewhere_is_reported_and_can_be_fixed_in_the_studio(studio_env):
    c = login(studio_env)
    path = studio_env.programs / "kita.yml"
    good = path.read_text("utf-8")
    path.write_text(good.replace('start: "19:00"', 'start: "19:75"', 1), "utf-8")
    today = c.get("/")
    assert today.status_code == 422 and "channels[0].hours[0].start" in today.text
    assert 'href="/programme/kita/hours"' in today.text
    form = c.get("/programme/kita/hours")
    assert form.status_code == 200
    csrf = re.search(r'name="csrf" value="([^"]+)"', form.text).group(1)
    shown = c.post("/programme/kita/hours", data={"csrf": csrf, "channels[0].hours[0].start": "19:00"})
    base = re.search(r'name="base" value="([^"]+)"', shown.text).group(1)
    c.post("/programme/kita/hours/save", data={"csrf": csrf, "base": base, "channels[0].hours[0].start": "19:00"})
    assert path.read_text("utf-8") == good and c.get("/").status_code == 200


def test_a_row_added_is_checked_shown_and_saved_with_the_comments_kept(studio_env):
    c = login(studio_env)
    path = studio_env.programs / "osaka.yml"
    before = path.read_text("utf-8")
    csrf = csrf_of(c, "/programme/osaka/extra_days")
    root = "channels[0].extra_days"
    grown = c.post("/programme/osaka/extra_days", data={"csrf": csrf, "_add": root})
    assert f'name="{root}[2].date"' in grown.text and path.read_text("utf-8") == before
    new = {f"{root}[2].date": "2023-01-05", f"{root}[2].note": "臨時の相談"}
    shown = c.post("/programme/osaka/extra_days", data={"csrf": csrf, "_added": root, **new})
    assert "+      - {date: 2023-01-05, start: &#34;14:00&#34;, end: &#34;20:00&#34;, note: 臨時の相談}" in shown.text
    base = re.search(r'name="base" value="([^"]+)"', shown.text).group(1)
    c.post("/programme/osaka/extra_days/save", data={"csrf": csrf, "base": base, "_added": root, **new})
    after = path.read_text("utf-8")
    assert after.count("\n") == before.count("\n") + 1 and after.count("#") == before.count("#")
    assert '- {date: 2023-01-05, start: "14:00", end: "20:00", note: 臨時の相談}\n' in after


def test_a_copied_row_with_a_duplicate_id_is_refused_beside_the_field(studio_env):
    c = login(studio_env)
    csrf = csrf_of(c, "/programme/kita/placements")
    r = c.post("/programme/kita/placements", data={"csrf": csrf, "_added": "placements"})
    assert r.status_code == 422 and re.search(r'id="e-placements\[5\]\.id">[^<]*already used', r.text)
