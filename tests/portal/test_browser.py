"""The portal in Debian's chromium: nothing leaves the site, quick exit, no-JS reading, axe-core, tap
targets, QR codes that decode to the LINE link, the language switch, /go/ redirects and 'open now'."""

from __future__ import annotations

import datetime as dt
import io
import json

import pytest
from conftest import PUBLISHED, pages
from support.browser import run_axe, watch_requests

from tsunagu.domain import qr
from tsunagu.domain.schedule import JST, current_slot, next_slot
from tsunagu.makers.portal.view import words

pytestmark = pytest.mark.browser

EXIT = "https://tenki.jp/"
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
# One page of each kind, in each language: indexes, wards (open, ended, several channels), hand-written.
PAGE_TYPES = ["/", "/en/", "/ja-easy/", "/kita/", "/en/kita/", "/ja-easy/kita/", "/osaka/", "/en/kanagawa/",
              "/about/", "/en/safety/", "/ja-easy/privacy/", "/404.html"]
# Controls a thumb must hit: >= 44 CSS px each way (inline links inside sentences are exempt, as in WCAG).
CONTROLS = ".exit, .button, .tel, .langs a, .brand, .foot a, .wards a"


def stub_page(route, title: str = "neutral") -> None:
    route.fulfill(status=200, content_type="text/html", body=f"<title>{title}</title><p>{title}</p>")


@pytest.fixture
def context(chromium):
    """A fresh browser context at phone width where the quick exit and LINE land on stub pages."""
    ctx = chromium.new_context(viewport=PHONE)
    ctx.route("https://tenki.jp/**", stub_page)
    ctx.route("https://line.me/**", lambda route: stub_page(route, "LINE"))
    yield ctx
    ctx.close()


def test_no_page_requests_anything_from_another_host_or_stores_anything(context, site, base_url):
    page = context.new_page()
    seen = watch_requests(page)
    for path in [*pages(site), "/404.html"]:
        page.goto(base_url + path)  # scripts are deferred: their fetches start before 'load'
    page.set_viewport_size(DESKTOP)  # the desktop layout shows the QR codes
    page.goto(base_url + "/kita/")
    page.wait_for_load_state("networkidle")
    assert len(seen) > len(pages(site))
    assert [u for u in seen if not u.startswith(base_url + "/")] == []
    assert context.cookies() == []
    assert page.evaluate("localStorage.length + sessionStorage.length") == 0


def test_quick_exit_leaves_no_history_entry_for_the_page(context, base_url):
    page = context.new_page()
    page.goto("data:text/html,<title>before</title>")
    page.goto(base_url + "/kita/")
    entries = page.evaluate("history.length")
    page.click("#quick-exit")
    page.wait_for_url(EXIT)
    assert page.evaluate("history.length") == entries  # replaced, not added
    page.go_back()
    assert page.url.startswith("data:")


def test_shift_three_times_exits_but_not_shift_among_typing(context, base_url):
    page = context.new_page()
    page.goto(base_url + "/en/kita/")
    for key in ("Shift", "Shift", "a", "Shift"):
        page.keyboard.press(key)
    assert page.evaluate("document.documentElement.style.visibility") == ""  # nothing triggered yet
    page.keyboard.press("Shift")
    page.keyboard.press("Shift")
    page.wait_for_url(EXIT)
    page.go_back()
    assert "/kita/" not in page.url


def test_pages_are_readable_and_usable_without_javascript(chromium, base_url, programs):
    ctx = chromium.new_context(viewport=PHONE, java_script_enabled=False)
    ctx.route("https://tenki.jp/**", stub_page)
    ctx.route("https://line.me/**", lambda route: stub_page(route, "LINE"))
    try:
        page = ctx.new_page()
        page.goto(base_url + "/kita/")
        assert page.locator("h1").inner_text() == programs.ward("kita").program["ja"]
        assert page.locator(".button").is_visible()
        assert page.locator(".status").inner_text().startswith(("次の相談時間は", "いま相談できます"))
        assert page.locator(".phones .tel").count() == len(programs.ward("kita").emergency_contacts)
        for path in PAGE_TYPES:
            page.goto(base_url + path)
            assert page.locator("main h1").is_visible(), path
        page.click("#quick-exit")  # a plain link
        page.wait_for_url(EXIT)
        short = qr.slug_of(programs.placement("kita-sticker-ward-office"))
        page.goto(f"{base_url}/go/{short}/", wait_until="commit")  # the printed short address: meta refresh, LINE
        page.wait_for_url(programs.channel("kita-women").add_friend_url)
    finally:
        ctx.close()


@pytest.mark.parametrize(("viewport", "paths"), [(PHONE, PAGE_TYPES), (DESKTOP, ["/", "/kita/", "/en/taito/"])],
                         ids=["phone", "desktop"])
def test_axe_core_finds_no_violation_on_any_page_type(chromium, base_url, viewport, paths):
    ctx = chromium.new_context(viewport=viewport, bypass_csp=True)  # axe is injected as an inline script
    try:
        page = ctx.new_page()
        found = {}
        for path in paths:
            page.goto(base_url + path)
            violations = run_axe(page)
            if violations:
                found[path] = [(v["id"], [n["target"] for n in v["nodes"]][:3]) for v in violations]
        assert found == {}
    finally:
        ctx.close()


def test_tap_targets_are_at_least_44_px(context, base_url):
    page = context.new_page()
    small = []
    measure = """sel => [...document.querySelectorAll(sel)]
        .filter(el => el.offsetParent !== null || el.matches('.exit'))
        .map(el => { const r = el.getBoundingClientRect(); return [el.textContent.trim(), r.width, r.height]; })"""
    for path in PAGE_TYPES:
        page.goto(base_url + path)
        boxes = page.evaluate(measure, CONTROLS)
        assert boxes, path
        small += [(path, text, round(w), round(h)) for text, w, h in boxes if w < 44 or h < 44]
    assert small == []


def test_every_qr_code_decodes_to_its_channels_line_link(chromium, base_url, programs):
    import zxingcpp
    from PIL import Image

    ctx = chromium.new_context(viewport=DESKTOP)
    try:
        page = ctx.new_page()
        decoded = 0
        for ward in programs.wards:
            for lang in ward.languages:
                page.goto(f"{base_url}/{'' if lang == 'ja' else lang + '/'}{ward.id}/")
                for section in page.locator("section.channel").all():
                    codes = section.locator(".qr svg")
                    if codes.count() == 0:
                        assert section.locator(".button").count() == 0  # an ended channel shows neither
                        continue
                    assert codes.is_visible()
                    image = Image.open(io.BytesIO(codes.screenshot()))
                    results = zxingcpp.read_barcodes(image)
                    channel = programs.channel(section.get_attribute("id"))
                    assert [r.text for r in results] == [channel.add_friend_url]
                    assert section.locator(".button").get_attribute("href") == channel.add_friend_url
                    decoded += 1
        today = dt.datetime.now(JST).date()
        running = sum(len(w.languages) for w in programs.wards for ch in w.channels
                      if ch.valid is None or ch.valid.end >= today)
        assert decoded == running > 0
    finally:
        ctx.close()


def test_qr_codes_are_hidden_on_phones(context, base_url):
    page = context.new_page()
    page.goto(base_url + "/kita/")
    assert not page.locator(".qr svg").is_visible()
    assert page.locator(".button").is_visible()


def test_the_language_switch_reaches_every_translated_page(context, site, base_url, programs):
    page = context.new_page()
    switches: dict[str, set[str]] = {}
    langs: dict[str, str] = {}
    for path in pages(site):
        page.goto(base_url + path)
        hrefs = page.eval_on_selector_all(".langs a", "els => els.map(a => a.href)")
        switches[path] = {h.removeprefix(base_url) for h in hrefs}
        langs[path] = page.evaluate("document.documentElement.lang")
        current = page.eval_on_selector_all(".langs a[aria-current=page]", "els => els.map(a => a.href)")
        assert [h.removeprefix(base_url) for h in current] == [path]
    for path, group in switches.items():
        assert path in group
        for other in group:
            assert switches[other] == group, (path, other)  # every version offers the same versions
    assert set().union(*switches.values()) == set(switches)  # every page is reachable by the switch
    for ward in programs.wards:
        assert len(switches[f"/{ward.id}/"]) == len(ward.languages)
    assert langs["/en/kita/"] == "en" and langs["/ja-easy/kita/"] == "ja" and langs["/kita/"] == "ja"
    page.goto(base_url + "/kita/")
    page.click(".langs a[hreflang=en]")
    page.wait_for_url(base_url + "/en/kita/")
    assert page.locator("h1").inner_text() == programs.ward("kita").program["en"]


@pytest.mark.parametrize("scan", ["static-server", "refused"])
def test_go_redirects_to_line_even_when_the_scan_endpoint_is_down(context, base_url, programs, scan):
    placement = "kita-sticker-ward-office"
    url = programs.channel(programs.placement(placement).channel).add_friend_url
    if scan == "refused":
        context.route("**/scan/**", lambda route: route.abort("connectionrefused"))
    page = context.new_page()
    beacons = []
    page.on("request", lambda r: beacons.append((r.method, r.url)) if "/scan/" in r.url else None)
    page.goto("data:text/html,<title>before</title>")
    page.goto(f"{base_url}/go/{placement}/", wait_until="commit")
    page.wait_for_url(url)
    assert page.title() == "LINE"
    assert beacons == [("POST", f"{base_url}/scan/{placement}")]
    page.go_back()
    assert page.url.startswith("data:")  # location.replace: the redirect page is not in the history


def _expected_status(lang: str, slots: list[dict]) -> str:
    """What the ward page should say now, computed here from the same slots as the script reads."""
    w = words(lang)
    now = dt.datetime.now(JST)
    for s in slots:
        start, end = dt.datetime.fromisoformat(s["start"]), dt.datetime.fromisoformat(s["end"])
        if start <= now < end:
            return w["status_open"].format(end="24:00" if end.time() == dt.time() else w.dates.clock(end))
    from tsunagu.domain.schedule import Slot

    upcoming = min((s for s in slots if dt.datetime.fromisoformat(s["start"]) > now), key=lambda s: s["start"])
    slot = Slot(dt.datetime.fromisoformat(upcoming["start"]), dt.datetime.fromisoformat(upcoming["end"]), "x")
    return w["status_next"].format(when=w.dates.slot(slot))


@pytest.mark.parametrize("lang", ["ja", "en", "ja-easy"])
def test_open_now_comes_from_the_published_schedule_file(context, site, base_url, lang):
    doc = json.loads((site / "schedule" / f"{PUBLISHED}.json").read_text(encoding="utf-8"))
    page = context.new_page()
    page.goto(f"{base_url}/{'' if lang == 'ja' else lang + '/'}kita/")
    expected = _expected_status(lang, doc["slots"])
    page.wait_for_function("t => document.querySelector('.status').textContent === t", arg=expected)


def _answer_json(body: str):
    return lambda route: route.fulfill(status=200, content_type="application/json", body=body)


def test_the_script_uses_the_file_not_the_baked_text(context, base_url):
    now = dt.datetime.now(JST).replace(second=0, microsecond=0)
    tomorrow = dt.datetime.combine(now.date() + dt.timedelta(days=1), dt.time(23, 30), JST)
    cases = {  # slots no programme has: open now until :17, and a night slot running to 2:15
        "open": [{"channel": PUBLISHED, "start": (now - dt.timedelta(hours=1)).isoformat(),
                  "end": (now + dt.timedelta(hours=1)).replace(minute=17).isoformat(), "specialist": []}],
        "next": [{"channel": PUBLISHED, "start": tomorrow.isoformat(),
                  "end": (tomorrow + dt.timedelta(hours=2, minutes=45)).isoformat(), "specialist": []}],
    }
    page = context.new_page()
    for name, slots in cases.items():
        body = json.dumps({"timezone": "Asia/Tokyo", "from": now.date().isoformat(), "days": 14, "slots": slots})
        page.route(f"**/schedule/{PUBLISHED}.json", _answer_json(body))
        page.goto(base_url + "/kita/")
        expected = _expected_status("ja", slots)
        assert (name == "next") == ("翌2:15" in expected)
        page.wait_for_function("t => document.querySelector('.status').textContent === t", arg=expected)
        page.unroute(f"**/schedule/{PUBLISHED}.json")


def test_without_a_schedule_file_the_baked_text_stays(context, site, base_url, programs):
    assert not (site / "schedule" / "taito-habataki.json").exists()
    page = context.new_page()
    baked = (site / "taito" / "index.html").read_text(encoding="utf-8").replace("<wbr>", "")
    page.goto(base_url + "/taito/")
    page.wait_for_load_state("networkidle")
    text = page.locator(".status").inner_text()
    assert text in baked
    channel = programs.channel("taito-habataki")
    now = dt.datetime.now(JST)
    assert current_slot(channel, now) is not None or words("ja").dates.slot(next_slot(channel, now)) in text


def test_the_staffs_notice_in_force_shows_beside_the_hours_in_the_pages_language(context, base_url):
    # Issue 23: a notice made with `tsunagu ops notice` is published with the schedule; the ward page shows it.
    today = dt.datetime.now(JST).date()
    doc = {"timezone": "Asia/Tokyo", "from": today.isoformat(), "days": 14, "slots": [],
           "notices": [{"from": (today - dt.timedelta(days=1)).isoformat(), "to": today.isoformat(),
                        "text": {"ja": "台風のため本日は休止します。", "en": "Closed today for the typhoon."}}]}
    page = context.new_page()
    page.route(f"**/schedule/{PUBLISHED}.json", _answer_json(json.dumps(doc, ensure_ascii=False)))
    for path, text in (("/kita/", "台風のため本日は休止します。"), ("/en/kita/", "Closed today for the typhoon."),
                       ("/ja-easy/kita/", "台風のため本日は休止します。")):
        page.goto(base_url + path)
        page.wait_for_function("t => { const n = document.querySelector('[data-notice]'); "
                               "return n && !n.hidden && n.textContent === t; }", arg=text)
    page.unroute(f"**/schedule/{PUBLISHED}.json")
    stale = {**doc, "notices": [{**doc["notices"][0], "to": (today - dt.timedelta(days=1)).isoformat()}]}
    page.route(f"**/schedule/{PUBLISHED}.json", _answer_json(json.dumps(stale, ensure_ascii=False)))
    page.goto(base_url + "/kita/")
    page.wait_for_load_state("networkidle")
    assert page.locator("[data-notice]").first.is_hidden(), "a notice that has ended is not shown"


# Where each line of an element starts: the index in its text (the element's text nodes joined), for every
# character set lower than the one before it.
LINE_STARTS = """el => {
  const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
  const starts = []; let at = 0, lastTop = null; const range = document.createRange();
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if (node.parentElement.closest('rt, rp')) continue;
    for (let i = 0; i < node.data.length; i++) {
      range.setStart(node, i); range.setEnd(node, i + 1);
      const box = range.getClientRects()[0];
      if (box && box.width > 0) {
        if (lastTop !== null && box.top > lastTop + 2) starts.push(at + i);
        lastTop = box.top;
      }
    }
    at += node.data.length;
  }
  return starts;
}"""


def test_without_auto_phrase_japanese_lines_break_between_phrases(chromium, base_url):
    """The fallback browsers without `word-break: auto-phrase` take (Safari, Firefox: keep-all and the build's
    <wbr>), forced in Chromium: at a narrow width every line of the ward page's running Japanese starts at one
    of BudouX's phrase boundaries or after a space, never inside お金 or 相談."""
    from tsunagu.makers.drawing.typeset import phrase_bounds

    ctx = chromium.new_context(viewport={"width": 300, "height": 800}, bypass_csp=True)
    page = ctx.new_page()
    page.goto(base_url + "/kita/")
    page.add_style_tag(content="main{word-break:keep-all!important;overflow-wrap:anywhere!important}")
    checked = 0
    for el in page.locator("main p, main li").all():
        text = el.evaluate("el => [...el.childNodes].length && el.textContent")
        if not text or len(text) < 16:
            continue
        bounds = phrase_bounds(text)
        for start in el.evaluate(LINE_STARTS):
            checked += 1
            assert start in bounds or text[start - 1] in " 　", (text[:start], text[start:])
    ctx.close()
    assert checked >= 3
