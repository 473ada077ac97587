"""Portal benchmarks, side by side in one run: page weight against a default Material page, and build time.

    .venv/bin/python bench/bench_portal.py [--skip-japan]

Page weight: the first view of a ward page (HTML and every stylesheet, script and image it references,
each gzip-compressed as a web server would send it), against a default MkDocs Material page carrying
the same text, built in the same run. Targets: <= 20 KB and <= 1/3 of the default.
Build time: `tsunagu site` for the sample programmes, and for a generated all-Japan programme of 1,741
municipalities x 3 languages (compiled JSON, so YAML parsing is not what is measured). Target for all
Japan: <= 60 s and <= 1 GiB peak memory. Figures are printed, never asserted.
"""

from __future__ import annotations

import argparse
import dataclasses
import gzip
import json
import os
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urljoin

from rich.console import Console
from rich.table import Table

from tsunagu.adapters.programs_json import compile_programs
from tsunagu.domain.config import Programs
from tsunagu.makers.sources.programs import load_programs

REPO = Path(__file__).resolve().parents[1]
TSUNAGU = REPO / ".venv" / "bin" / "tsunagu"
MKDOCS = REPO / ".venv" / "bin" / "mkdocs"
# Japan's municipalities: 1,718 cities, towns and villages plus Tokyo's 23 special wards.
MUNICIPALITIES = 1741
TARGET_KB, TARGET_RATIO, TARGET_SECONDS, TARGET_BYTES = 20, 1 / 3, 60, 1 << 30
REF = re.compile(r'<(?:link[^>]*rel="(?:stylesheet|icon|preload|modulepreload)"[^>]*href|script[^>]*src|img[^>]*src)'
                 r'="([^"]+)"')
console = Console()


def gz(data: bytes) -> int:
    """Bytes on the wire with gzip level 6 (nginx's and CloudFront's usual setting)."""
    return len(gzip.compress(data, compresslevel=6))


def first_view(site: Path, page_url: str) -> tuple[int, int, list[tuple[str, int, int]]]:
    """(raw bytes, gzip bytes, [(resource, raw, gzip)]) of a page and what its HTML references on the site."""
    html_path = site / page_url.strip("/") / "index.html"
    html = html_path.read_bytes()
    rows = [(page_url, len(html), gz(html))]
    for ref in dict.fromkeys(REF.findall(html.decode("utf-8"))):
        if ref.startswith(("data:", "http:", "https:", "//")):
            continue  # data: costs nothing; third-party files cannot be measured offline (the default has fonts)
        target = urljoin(page_url, ref).split("#")[0].split("?")[0]
        data = (site / target.lstrip("/")).read_bytes()
        rows.append((target, len(data), gz(data)))
    return sum(r[1] for r in rows), sum(r[2] for r in rows), rows


def render_blocking(site: Path, page_url: str) -> list[str]:
    """Stylesheets and scripts in <head> without defer/async: they hold up the first paint."""
    head = (site / page_url.strip("/") / "index.html").read_text(encoding="utf-8").split("</head>")[0]
    found = re.findall(r'<link[^>]*rel="stylesheet"[^>]*href="([^"]+)"', head)
    found += [src for tag, src in re.findall(r'(<script[^>]*src="([^"]+)"[^>]*>)', head)
              if " defer" not in tag and " async" not in tag]
    return found


def default_material_page(site: Path, page_url: str, work: Path) -> Path:
    """Build a default Material site with one page carrying the ward page's main text; return its site dir."""
    html = (site / page_url.strip("/") / "index.html").read_text(encoding="utf-8")
    main = html.split('<main id="main">', 1)[1].split("</main>", 1)[0]
    docs = work / "docs"
    docs.mkdir(parents=True)
    (docs / "index.md").write_text("# tsunagu\n", encoding="utf-8")
    (docs / "ward.md").write_text(main, encoding="utf-8")  # raw HTML is valid Markdown: the same text
    (work / "mkdocs.yml").write_text("site_name: tsunagu\ntheme:\n  name: material\n  language: ja\n",
                                     encoding="utf-8")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    subprocess.run([str(MKDOCS), "build", "-q", "-f", str(work / "mkdocs.yml"), "-d", str(work / "site")],
                   check=True, env=env)
    return work / "site"


def timed_build(out: Path, programs: str | None) -> tuple[float, float, int, int]:
    """(wall seconds, CPU seconds, peak RSS bytes, pages) of `tsunagu site --out` in a fresh process.

    CPU time is printed too because the machine may be shared: wall time then says more about the neighbours.
    """
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    if programs:
        env["TSUNAGU_PROGRAMS"] = programs
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    before, cpu_before = usage.ru_maxrss, usage.ru_utime + usage.ru_stime
    start = time.perf_counter()
    subprocess.run([str(TSUNAGU), "site", "--out", str(out)], check=True, cwd=REPO, env=env,
                   stdout=subprocess.DEVNULL)
    seconds = time.perf_counter() - start
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    peak = usage.ru_maxrss  # KiB on Linux; the largest child so far (this build is the largest)
    cpu = usage.ru_utime + usage.ru_stime - cpu_before
    pages = sum(1 for _ in out.rglob("index.html"))
    return seconds, cpu, max(peak, before) * 1024, pages


def all_japan(programs: Programs, target: Path) -> Path:
    """A compiled programme of MUNICIPALITIES wards, each a renamed copy of Kita (3 languages, 1 channel)."""
    kita = programs.ward("kita")
    wards = []
    for n in range(MUNICIPALITIES):
        suffix = f"{n:04d}"
        channels = tuple(dataclasses.replace(ch, id=f"{ch.id}-{suffix}", line_id=f"@sample-m{suffix}")
                         for ch in kita.channels)
        placements = tuple(dataclasses.replace(p, id=f"{p.id}-{suffix}", channel=f"{p.channel}-{suffix}")
                           for p in kita.placements)
        name = {lang: f"{text} {suffix}" for lang, text in kita.name.items()}
        wards.append(dataclasses.replace(kita, id=f"m{suffix}", name=name, channels=channels,
                                         placements=placements, source=""))
    target.write_text(json.dumps(compile_programs(Programs(tuple(wards))), ensure_ascii=False), encoding="utf-8")
    return target


def main() -> None:
    """Run both benchmarks and print the figures and ratios."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--skip-japan", action="store_true", help="skip the 1,741-municipality build")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="bench-portal-"))
    try:
        programs = load_programs(REPO / "programs")
        with console.status("building the sample site"):
            seconds, cpu, peak, pages = timed_build(work / "site", str(REPO / "programs"))
        ward_url = "/kita/"
        with console.status("building a default Material page with the same text"):
            default_site = default_material_page(work / "site", ward_url, work / "default")
        ours_raw, ours_gz, ours_rows = first_view(work / "site", ward_url)
        base_raw, base_gz, base_rows = first_view(default_site, "/ward/")
        table = Table(title="Page weight: first view of a ward page (gzip level 6)")
        for col in ("resource", "raw bytes", "gzip bytes"):
            table.add_column(col, justify="right" if col != "resource" else "left")
        for label, rows in (("tsunagu ward page", ours_rows), ("default Material page", base_rows)):
            for name, raw, zipped in rows:
                table.add_row(f"{label}: {name}", f"{raw:,}", f"{zipped:,}")
        console.print(table)
        ratio = ours_gz / base_gz
        console.print(f"tsunagu ward page   {ours_gz / 1024:6.1f} KB gzip ({ours_raw / 1024:.1f} KB raw)"
                      f"   target <= {TARGET_KB} KB: {'met' if ours_gz <= TARGET_KB * 1024 else 'MISSED'}")
        console.print(f"default Material    {base_gz / 1024:6.1f} KB gzip ({base_raw / 1024:.1f} KB raw)")
        console.print(f"ratio               {ratio:6.3f}   target <= {TARGET_RATIO:.3f}: "
                      f"{'met' if ratio <= TARGET_RATIO else 'MISSED'}")
        console.print(f"render-blocking     tsunagu: {render_blocking(work / 'site', ward_url)}; "
                      f"default: {render_blocking(default_site, '/ward/')}")
        console.print(f"\nsample build        {seconds:6.2f} s ({cpu:.2f} s CPU), {pages} pages, "
                      f"{seconds / pages * 1000:.1f} ms/page, "
                      f"peak {peak / 2**20:.0f} MiB")
        if not args.skip_japan:
            with console.status(f"generating and building all Japan ({MUNICIPALITIES} municipalities x 3 languages)"):
                config = all_japan(programs, work / "japan.json")
                seconds, cpu, peak, pages = timed_build(work / "japan", str(config))
            page_kb = (work / "japan" / "m0000" / "index.html").stat().st_size / 1024
            start = time.perf_counter()
            load_programs(config)
            loading = time.perf_counter() - start
            console.print(f"all-Japan build     {seconds:6.2f} s ({cpu:.2f} s CPU), {pages} pages, "
                          f"{seconds / pages * 1000:.1f} ms/page, "
                          f"peak {peak / 2**20:.0f} MiB, ward page {page_kb:.1f} KB raw   "
                          f"target <= {TARGET_SECONDS} s and <= 1 GiB: "
                          f"{'met' if seconds <= TARGET_SECONDS and peak <= TARGET_BYTES else 'MISSED'}")
            console.print(f"  of which loading and validating the programme: {loading:.2f} s (tsunagu.domain.config)")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
