"""MkDocs itself at the repository's top level: `mkdocs build` makes what `tsunagu site` makes, `mkdocs serve`
previews it and rebuilds when a programme file changes."""

from __future__ import annotations

import html
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import CONFIG, REPO

from tsunagu.adapters.programs_json import compile_programs
from tsunagu.entry.commands.site import build_site
from tsunagu.makers.portal.plugin import CSP, CSP_PREVIEW

MKDOCS = Path(sys.executable).parent / "mkdocs"
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
ENV.pop("TSUNAGU_PROGRAMS", None)
# A cold start of MkDocs and Material, the first build, then each rebuild (one to two seconds here).
WAIT_S = 60.0


def files(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


def test_mkdocs_build_at_the_top_level_makes_what_tsunagu_site_makes(tmp_path):
    subprocess.run([str(MKDOCS), "build", "-q", "-d", str(tmp_path / "mkdocs")], cwd=REPO, env=ENV, check=True)
    build_site(CONFIG, tmp_path / "tsunagu", programs=REPO / "programs")
    by_mkdocs, by_tsunagu = files(tmp_path / "mkdocs"), files(tmp_path / "tsunagu")
    assert sorted(by_mkdocs) == sorted(by_tsunagu)
    assert "kita/index.html" in by_mkdocs and "en/osaka/index.html" in by_mkdocs
    # Nothing is normalised: the ward pages' "open now" line and this week's hours are computed at build
    # time, and would differ only if the two builds straddled an opening or closing time.
    different = [name for name in by_mkdocs if by_mkdocs[name] != by_tsunagu[name]]
    assert different == []


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def fetch(url: str) -> str:
    with urllib.request.urlopen(url, timeout=5) as response:
        return response.read().decode("utf-8")


def wait_for(url: str, wanted: str, proc: subprocess.Popen) -> str:
    """The page once it contains `wanted` (polling); fails with the server's output when it never does."""
    deadline = time.monotonic() + WAIT_S
    page = ""
    while time.monotonic() < deadline:
        assert proc.poll() is None, "mkdocs serve exited"
        try:
            page = fetch(url)
        except (urllib.error.URLError, ConnectionError):
            page = ""
        if wanted in page:
            return page
        time.sleep(0.3)
    pytest.fail(f"{url} never showed {wanted!r}")


@pytest.fixture
def preview(tmp_path) -> Iterator[tuple[str, Path, subprocess.Popen]]:
    """`mkdocs serve` on a free 127.0.0.1 port in a copy of the top level (mkdocs.yml, site/, programs/)."""
    for name in ("site", "programs"):
        shutil.copytree(REPO / name, tmp_path / name)
    shutil.copy(REPO / "mkdocs.yml", tmp_path / "mkdocs.yml")
    port = free_port()
    log = (tmp_path / "serve.log").open("wb")
    proc = subprocess.Popen([str(MKDOCS), "serve", "--dev-addr", f"127.0.0.1:{port}"], cwd=tmp_path, env=ENV,
                            stdout=log, stderr=subprocess.STDOUT)
    try:
        yield f"http://127.0.0.1:{port}", tmp_path, proc
    finally:
        proc.terminate()
        proc.wait(timeout=10)
        log.close()


def test_mkdocs_serve_previews_the_portal_and_rebuilds_when_a_programme_changes(preview):
    url, folder, proc = preview
    page = wait_for(f"{url}/kita/", "北区 女性のつながりサポート", proc)  # the programme's name, as its title
    assert f'content="{CSP_PREVIEW}"' in html.unescape(page) and "livereload" in page  # its reload script may run
    kita = folder / "programs" / "kita.yml"
    source = kita.read_text(encoding="utf-8")
    kita.write_text(source.replace("北区 女性のつながりサポート", "北区 女性のつながり相談室", 1), encoding="utf-8")
    assert "北区 女性のつながりサポート" not in wait_for(f"{url}/kita/", "北区 女性のつながり相談室", proc)


def test_a_built_site_never_allows_inline_scripts(site):
    page = (site / "kita" / "index.html").read_text(encoding="utf-8")
    assert f'content="{CSP}"' in html.unescape(page) and "unsafe-inline" not in page


FORKED_BUILD = """
import sys
from pathlib import Path
import tsunagu.makers.portal.plugin as plugin
import tsunagu.makers.portal.workers as workers
from tsunagu.adapters.programs_json import compile_programs
from tsunagu.entry.commands.site import build_site

workers.PARALLEL_FROM = 1  # the sample site's few pages, as an all-Japan build's thousands would be
forked = []
run = plugin.run_forked
plugin.run_forked = lambda task, pages, n: (forked.append(n), run(task, pages, n))
build_site(Path(sys.argv[1]), Path(sys.argv[2]), Path(sys.argv[3]))
print(forked)
"""


@pytest.mark.skipif(sys.platform != "linux" or (os.cpu_count() or 1) < 2, reason="pages are forked on Linux, 2+ cores")
def test_pages_rendered_by_forked_workers_are_the_pages_rendered_here(tmp_path):
    out = subprocess.run([sys.executable, "-c", FORKED_BUILD, str(CONFIG), str(tmp_path / "forked"),
                          str(REPO / "programs")], env=ENV, check=True, capture_output=True, text=True).stdout
    assert out.strip() not in ("", "[]")  # the workers ran
    build_site(CONFIG, tmp_path / "here", programs=REPO / "programs")
    forked, here = files(tmp_path / "forked"), files(tmp_path / "here")
    assert sorted(forked) == sorted(here)
    assert [name for name in here if forked[name] != here[name]] == []


def test_mkdocs_build_reads_compiled_programmes_through_wiring(tmp_path, programs):
    compiled = tmp_path / "programs.json"
    compiled.write_text(json.dumps(compile_programs(programs), ensure_ascii=False), encoding="utf-8")
    env = {**ENV, "TSUNAGU_PROGRAMS": str(compiled)}
    subprocess.run([str(MKDOCS), "build", "-q", "-d", str(tmp_path / "site")], cwd=REPO, env=env, check=True)
    assert "北区 女性のつながりサポート" in (tmp_path / "site" / "kita" / "index.html").read_text(encoding="utf-8")


def test_mkdocs_build_stops_on_a_bad_programme_naming_file_line_and_field(tmp_path):
    shutil.copytree(REPO / "programs", tmp_path / "programs")
    kita = tmp_path / "programs" / "kita.yml"
    kita.write_text(kita.read_text(encoding="utf-8").replace("languages: [ja, en, ja-easy]", "languages: [ja, xx]", 1),
                    encoding="utf-8")
    env = {**ENV, "TSUNAGU_PROGRAMS": str(tmp_path / "programs")}
    done = subprocess.run([str(MKDOCS), "build", "-q", "-d", str(tmp_path / "site")], cwd=REPO, env=env,
                          capture_output=True, text=True)
    assert done.returncode != 0
    assert re.search(r"kita\.yml:7: name\.xx: text in declared language 'xx' is missing", done.stderr), done.stderr
