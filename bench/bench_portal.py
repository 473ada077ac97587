"""Portal benchmarks, side by side in one run: page weight against a default Material page, and build time.

    .venv/bin/python bench/bench_portal.py [--skip-japan] [--baseline COMMIT] [--rounds N]

Page weight: the first view of a ward page (HTML and every stylesheet, script and image it references,
each gzip-compressed as a web server would send it), against a default MkDocs Material page carrying
the same text, built in the same run. Targets: <= 20 KB and <= 1/3 of the default.
Build time: `tsunagu site` for the sample programmes, and for a generated all-Japan programme of 1,741
municipalities x 3 languages (compiled JSON, so YAML parsing is not what is measured). Target for all
Japan: <= 60 s and <= 1 GiB peak memory, and quicker than the baseline commit (84b831e, before the
regression of issue 18), which is built in the same run, side by side: its tree is taken from git into a
temporary folder and run on this venv (84b831e needs segno, its QR library: `pip install segno`).
Each tree runs with its own code, programmes and entry points (a dist-info made from its pyproject), so
what the venv has installed does not matter. Figures are printed, never asserted.
"""

from __future__ import annotations

import argparse
import dataclasses
import gzip
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import tomllib
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urljoin

from rich.console import Console
from rich.table import Table
from side_by_side import side_by_side

from tsunagu.adapters.programs_json import compile_programs, load_compiled
from tsunagu.domain.config import Programs
from tsunagu.makers.sources.programs import load_programs  # noqa: F401 (japan_of calls bench_portal.load_programs)

REPO = Path(__file__).resolve().parents[1]
PYTHON = REPO / ".venv" / "bin" / "python"
MKDOCS = REPO / ".venv" / "bin" / "mkdocs"
# The last commit before the all-Japan build regressed (8.95 s then, 21.8 s at 564d8a5: issue 18).
BASELINE = "84b831e"
# Issue 18's target: under 8 s where the baseline took 8.95 s on the same quiet machine, as a ratio.
TARGET_VS_BASELINE = 8 / 8.95
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


@dataclass(frozen=True)
class Tree:
    """A tsunagu source tree to build with: its top folder and a folder holding its package metadata."""

    label: str
    root: Path
    meta: Path

    def env(self, programs: str | None = None) -> dict[str, str]:
        """The environment that runs this tree's code and entry points on this venv."""
        env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONPATH": f"{self.root / 'src'}{os.pathsep}{self.meta}"}
        env.pop("TSUNAGU_PROGRAMS", None)
        if programs:
            env["TSUNAGU_PROGRAMS"] = programs
        return env

    def cli(self) -> str:
        """The `tsunagu` command's module and function, as this tree's pyproject declares them."""
        project = tomllib.loads((self.root / "pyproject.toml").read_text(encoding="utf-8"))["project"]
        return str(project["scripts"]["tsunagu"])


def tree(label: str, root: Path, work: Path) -> Tree:
    """A tree with a dist-info made from its pyproject, so that MkDocs finds this tree's plugin, not the venv's."""
    project = tomllib.loads((root / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    info = work / f"meta-{label}" / "tsunagu-0.0.0.dist-info"
    info.mkdir(parents=True)
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: tsunagu\nVersion: 0.0.0\n", encoding="utf-8")
    groups = {"console_scripts": project.get("scripts", {}), **project.get("entry-points", {})}
    (info / "entry_points.txt").write_text("".join(
        f"[{group}]\n" + "".join(f"{name} = {value}\n" for name, value in points.items()) + "\n"
        for group, points in groups.items()), encoding="utf-8")
    return Tree(label, root, info.parent)


def checkout(commit: str, work: Path) -> Tree:
    """The tree of `commit`, taken from git into `work` (no worktree, no checkout of this one touched)."""
    root = work / commit
    root.mkdir()
    archive = subprocess.run(["git", "archive", commit], cwd=REPO, check=True, capture_output=True).stdout
    subprocess.run(["tar", "-x", "-C", str(root)], input=archive, check=True)
    return tree(commit, root, work)


def timed_build(source: Tree, out: Path, programs: str | None) -> tuple[float, float, int, int]:
    """(wall seconds, CPU seconds, peak RSS bytes, pages) of `tsunagu site --out` in a fresh process.

    CPU time is printed too because the machine may be shared: wall time then says more about the neighbours.
    CPU and peak memory are the build's own and its workers' (os.wait4 on that one process).
    """
    module, function = source.cli().split(":")
    code = f"import sys; from {module} import {function}; sys.exit({function}(['site', '--out', sys.argv[1]]))"
    start = time.perf_counter()
    proc = subprocess.Popen([str(PYTHON), "-c", code, str(out)], cwd=source.root, env=source.env(programs),
                            stdout=subprocess.DEVNULL)
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode:
        raise subprocess.CalledProcessError(proc.returncode, proc.args)
    pages = sum(1 for _ in out.rglob("index.html"))
    return seconds, usage.ru_utime + usage.ru_stime, usage.ru_maxrss * 1024, pages  # ru_maxrss: KiB on Linux


def japan_of(source: Tree, target: Path) -> Path:
    """`all_japan` as the tree's own bench writes it, from the tree's own programmes (its compiled format)."""
    code = ("import sys; from pathlib import Path; import bench_portal as b; "
            "b.all_japan(b.load_programs(Path('programs')), Path(sys.argv[1]))")
    env = source.env()
    env["PYTHONPATH"] += os.pathsep + str(source.root / "bench")
    subprocess.run([str(PYTHON), "-c", code, str(target)], check=True, cwd=source.root, env=env)
    return target


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
    parser.add_argument("--skip-japan", action="store_true", help="skip the 1,741-municipality builds")
    parser.add_argument("--baseline", default=BASELINE, help=f"the commit to build beside this tree ({BASELINE})")
    parser.add_argument("--rounds", type=int, default=1, help="all-Japan builds of each tree, alternating (best kept)")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="bench-portal-"))
    try:
        here = tree("this tree", REPO, work)
        with console.status("building the sample site"):
            seconds, cpu, peak, pages = timed_build(here, work / "site", str(REPO / "programs"))
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
            try:
                all_japan_side_by_side(checkout(args.baseline, work), here, work, args.rounds)
            except subprocess.CalledProcessError as exc:
                console.print(f"a build failed ({exc}); {BASELINE} needs segno, its QR library: pip install segno")
                raise SystemExit(1) from None
            start = time.perf_counter()
            load_compiled(japan_of(here, work / "japan-load.json"))
            loading = time.perf_counter() - start
            console.print(f"  of which loading and validating the programme: {loading:.2f} s (this tree)")
    finally:
        shutil.rmtree(work, ignore_errors=True)


def all_japan_side_by_side(baseline: Tree, here: Tree, work: Path, rounds: int) -> None:
    """Build all Japan with the baseline commit and this tree, alternating, and print them side by side."""
    results: dict[str, dict[str, float]] = {}
    sources = {t.label: (t, japan_of(t, work / f"japan-{i}.json")) for i, t in enumerate((baseline, here))}
    for n in range(rounds):
        for label, (source, config) in sources.items():
            out = work / f"japan-{n}-{label.replace(' ', '-')}"
            with console.status(f"building all Japan ({MUNICIPALITIES} municipalities x 3 languages) with {label}"):
                seconds, cpu, peak, pages = timed_build(source, out, str(config))
            figures = {"wall seconds": seconds, "CPU seconds": cpu, "pages": pages,
                       "ward page KB raw": (out / "m0000" / "index.html").stat().st_size / 1024,
                       "peak MiB": peak / 2**20}
            best = results.get(label)
            if best is None or seconds < best["wall seconds"]:
                results[label] = figures
            shutil.rmtree(out)
    console.print(side_by_side(f"All-Japan portal build, best of {rounds}: {baseline.label} and this tree", results))
    mine = results[here.label]
    met = mine["wall seconds"] <= TARGET_SECONDS and mine["peak MiB"] * 2**20 <= TARGET_BYTES
    old = results[baseline.label]
    console.print(f"all-Japan build     {mine['wall seconds']:6.2f} s ({mine['CPU seconds']:.2f} s CPU) beside "
                  f"{old['wall seconds']:.2f} s ({old['CPU seconds']:.2f} s CPU) at {baseline.label}"
                  f"   target <= {TARGET_SECONDS} s and <= 1 GiB: {'met' if met else 'MISSED'}")
    ratio = mine["wall seconds"] / old["wall seconds"]
    console.print(f"  {ratio:.2f} x {baseline.label}'s time   target <= {TARGET_VS_BASELINE:.2f} (8 s where it took "
                  f"8.95 s, issue 18): {'met' if ratio <= TARGET_VS_BASELINE else 'MISSED'}")


if __name__ == "__main__":
    sys.exit(main())
