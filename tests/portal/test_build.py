"""`tsunagu site`: which pages exist, what every page promises, and what a bad input does to the old site."""

from __future__ import annotations

import html
import re
import shutil
from pathlib import Path

import pytest
from conftest import CONFIG, REPO, pages

from tsunagu.domain import qr
from tsunagu.domain.errors import ConfigError, SiteBuildError
from tsunagu.entry.cli import main
from tsunagu.entry.commands.site import build_site
from tsunagu.makers.portal.plugin import CSP

HREF = re.compile(r'href="([^"]*)"')


def read(site: Path, path: str) -> str:
    """A built page without the phrase breaks (<wbr>) the build puts in Japanese text (test_wbr.py)."""
    return (site / path.strip("/") / "index.html").read_text(encoding="utf-8").replace("<wbr>", "")


def test_a_page_per_ward_and_declared_language_and_an_index_per_language(site, programs):
    found = set(pages(site))
    expected = {"/", "/en/", "/ja-easy/"}
    for ward in programs.wards:
        expected |= {f"/{ward.id}/" if lang == "ja" else f"/{lang}/{ward.id}/" for lang in ward.languages}
    for name in ("about", "privacy", "safety"):
        expected |= {f"/{name}/", f"/en/{name}/", f"/ja-easy/{name}/"}
    assert found == expected
    assert not (site / "ja-easy" / "kanagawa").exists()  # Kanagawa declares ja and en only


def test_go_pages_exist_only_for_placements_that_count_scans(site, programs):
    """Each at its short slug (what the print kit encodes) and at its id (what earlier prints encode)."""
    made = {p.name for p in (site / "go").iterdir()}
    counted = [p for w in programs.wards for p in w.placements if p.count_scans]
    assert made == {p.id for p in counted} | {qr.slug_of(p) for p in counted}
    for placement in counted:
        for address in (qr.slug_of(placement), placement.id):
            page = read(site, f"go/{address}")
            url = programs.channel(placement.channel).add_friend_url
            assert f'content="0; url={url}"' in page  # meta refresh without JavaScript
            assert f'<a href="{url}"' in page  # and a plain link
            assert f'data-scan="/scan/{placement.id}"' in page  # counted as the placement either way


def test_every_page_carries_the_csp_no_referrer_a_lang_and_the_quick_exit(site):
    for path in pages(site):
        page = read(site, path)
        csp = re.search(r'<meta http-equiv="Content-Security-Policy" content="([^"]*)">', page)
        assert csp and html.unescape(csp.group(1)) == CSP, path
        assert '<meta name="referrer" content="no-referrer">' in page, path
        assert re.search(r'<html lang="(ja|en)">', page), path
        assert 'id="quick-exit" class="exit" href="https://tenki.jp/"' in page, path


def test_every_line_link_is_the_channels_configured_url(site, programs):
    for ward in programs.wards:
        allowed = {ch.add_friend_url for ch in ward.channels}
        for lang in ward.languages:
            page = read(site, ward.id if lang == "ja" else f"{lang}/{ward.id}")
            line_links = {h for h in HREF.findall(page) if "line.me" in h}
            assert line_links <= allowed
            open_channels = {ch.add_friend_url for ch in ward.channels if f'id="{ch.id}"' in page}
            assert line_links == {u for u in open_channels if u in line_links}


def test_ward_pages_do_not_list_the_other_wards(site, programs):
    page = read(site, "kita")
    others = [w.id for w in programs.wards if w.id != "kita"]
    links = HREF.findall(page)
    assert not [h for h in links for other in others if f"/{other}/" in h]


def test_emergency_numbers_are_tel_links_with_the_hash_encoded(site):
    page = read(site, "osaka")
    assert 'href="tel:%238008"' in page
    assert 'href="tel:110"' in page


def test_sample_ids_carry_a_visible_notice_and_ended_channels_no_button(site):
    kita = read(site, "kita")
    assert "サンプル：このLINE IDは見本です" in kita
    osaka = read(site, "osaka")
    assert "で終了しました" in osaka
    assert "LINEで相談する" not in osaka
    assert "生理用品" in osaka  # the resources stay useful


def test_an_invalid_programme_names_file_line_field_and_keeps_the_old_site(tmp_path, programs_copy, monkeypatch,
                                                                           capsys):
    out = tmp_path / "site"
    out.mkdir()
    (out / "marker.html").write_text("the good site")
    kita = programs_copy / "kita.yml"
    kita.write_text(kita.read_text(encoding="utf-8").replace("  en: Kita City women's connection support, "
                                                             "LINE counselling\n", ""), encoding="utf-8")
    monkeypatch.setenv("TSUNAGU_PROGRAMS", str(programs_copy))
    assert main(["site", "--config", str(CONFIG), "--out", str(out)]) == 1
    err = capsys.readouterr().err
    assert f"{kita}:8: program.en: text in declared language 'en' is missing" in err
    assert [p.name for p in out.iterdir()] == ["marker.html"]
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".site")]  # no staging folder left


def test_a_language_without_site_words_stops_the_build(tmp_path, programs_copy, monkeypatch):
    taito = programs_copy / "taito.yml"
    taito.write_text(taito.read_text(encoding="utf-8").replace("languages: [ja, en, ja-easy]",
                                                               "languages: [ja, en, ja-easy, ko]"), encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        build_site(CONFIG, tmp_path / "site", programs=programs_copy)
    problems = caught.value.problems
    assert problems and all(p.file == str(taito) for p in problems)
    assert any("'ko'" in p.message for p in problems)


def test_a_broken_link_in_a_hand_written_page_fails_and_keeps_the_old_site(tmp_path, monkeypatch):
    project = tmp_path / "project"
    shutil.copytree(CONFIG.parent / "site", project / "site")
    shutil.copy(CONFIG, project / "mkdocs.yml")
    with (project / "site" / "about.md").open("a", encoding="utf-8") as f:
        f.write("\n[壊れたリンク](no-such-page.md)\n")
    out = tmp_path / "out"
    out.mkdir()
    (out / "marker.html").write_text("the good site")
    with pytest.raises(SiteBuildError):
        build_site(project / "mkdocs.yml", out, programs=REPO / "programs")
    assert [p.name for p in out.iterdir()] == ["marker.html"]


def test_published_schedule_files_survive_a_rebuild(tmp_path, monkeypatch):
    out = tmp_path / "site"
    (out / "schedule").mkdir(parents=True)
    (out / "schedule" / "kita-women.json").write_text("{}")
    build_site(CONFIG, out, programs=REPO / "programs")
    assert (out / "schedule" / "kita-women.json").read_text() == "{}"
    assert (out / "kita" / "index.html").is_file()


def test_escaped_text_from_programme_files(tmp_path, programs_copy, monkeypatch):
    kita = programs_copy / "kita.yml"
    audience = "ja: 北区にお住まい・お勤め・通学の女性（学生の方、子育て中の方も）"
    kita.write_text(kita.read_text(encoding="utf-8").replace(audience, 'ja: "北区の<b>女性</b>"'), encoding="utf-8")
    out = build_site(CONFIG, tmp_path / "site", programs=programs_copy)
    page = read(out, "kita")
    assert "北区の&lt;b&gt;女性&lt;/b&gt;" in page and "<b>女性</b>" not in page
