"""The portal built once per session from the shipped programmes, and served on 127.0.0.1."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from tsunagu.domain.config import Programs
from tsunagu.domain.schedule import JST, Slot, slots
from tsunagu.entry.commands.site import PACKAGED_CONFIG, build_site
from tsunagu.makers.sources.programs import load_programs

REPO = Path(__file__).resolve().parents[2]
CONFIG = PACKAGED_CONFIG
# The channel whose schedule file the tests publish; another (taito) is left without one.
PUBLISHED = "kita-women"


@pytest.fixture(scope="session")
def programs() -> Programs:
    """The shipped programmes the site is built from."""
    return load_programs(REPO / "programs")


@pytest.fixture(scope="session")
def site(tmp_path_factory, programs: Programs) -> Path:
    """`tsunagu site --out` of the shipped programmes, plus one published schedule file."""
    out = build_site(CONFIG, tmp_path_factory.mktemp("portal") / "site", programs=REPO / "programs")
    channel = programs.channel(PUBLISHED)
    today = dt.datetime.now(JST).date()
    write_schedule(out, PUBLISHED, today, slots(channel, today, 14))
    return out


def write_schedule(site: Path, channel: str, start: dt.date, found: list[Slot]) -> Path:
    """A schedule file as `tsunagu schedule --publish` writes it (the documented JSON shape)."""
    path = site / "schedule" / f"{channel}.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    doc = {"timezone": "Asia/Tokyo", "from": start.isoformat(), "days": 14, "slots": [s.to_json() for s in found]}
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    return path


@pytest.fixture(scope="session")
def base_url(site: Path, serve_static) -> Iterator[str]:
    """The built site on a static server (no /scan endpoint: POST gets 501)."""
    with serve_static(site) as url:
        yield url


def pages(site: Path) -> list[str]:
    """Every page of the site as a URL path ('/', '/en/kita/', ...), redirects under /go/ excluded."""
    found = []
    for f in sorted(site.rglob("index.html")):
        rel = f.parent.relative_to(site).as_posix()
        if rel.startswith("go/") or rel.startswith("assets"):
            continue
        found.append("/" if rel == "." else f"/{rel}/")
    return found
