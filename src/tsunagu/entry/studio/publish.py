"""Publish: a printable change sheet (what changed since the last publication, as text and page previews)
for approval, an optional second person who approves, then the site and the schedule files published to
a folder or S3 with each step shown as it finishes; author and approver are recorded."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from markupsafe import escape
from starlette.concurrency import iterate_in_threadpool
from starlette.requests import Request
from starlette.responses import Response, StreamingResponse
from starlette.routing import Route

from tsunagu.domain.errors import TsunaguError
from tsunagu.entry.studio.builds import page_path
from tsunagu.makers.sources import yamledit
from tsunagu.ports.publisher import SCHEDULE_DAYS
from tsunagu.services.operations import overlays_of
from tsunagu.services.publishing import publish_schedules
from tsunagu.wiring import open_publisher

if TYPE_CHECKING:
    from tsunagu.entry.studio.app import Studio

MARKER = "<!--steps-->"
LOG = "publish-log.jsonl"


def routes(studio: Studio) -> list[Route]:
    """GET /publish (the change sheet and the form), POST /publish (the steps, streamed)."""

    async def sheet(request: Request) -> Response:
        return _sheet(studio, request)

    async def publish(request: Request) -> Response:
        form = await studio.access.form(request)
        author, approver = str(form.get("author", "")).strip(), str(form.get("approver", "")).strip()
        target = str(form.get("target", "")).strip() or studio.wiring.settings.publish
        problems = []
        if not author:
            problems.append(("author", "publish.need_author"))
        if approver and approver == author:
            problems.append(("approver", "publish.same_person"))
        if problems:
            return _sheet(studio, request, dict(form), problems, 422)
        head, _, tail = studio.render(request, "publish_run.html", author=author, approver=approver,
                                      target=target).body.decode().partition(MARKER)

        def lines() -> Iterator[str]:
            yield head
            for step in _steps(studio, author, approver, target):
                yield f"<li>{escape(step)}</li>\n"
            yield tail

        return StreamingResponse(iterate_in_threadpool(lines()), media_type="text/html; charset=utf-8")

    return [Route("/publish", sheet), Route("/publish", publish, methods=["POST"])]


def _published(studio: Studio) -> Path:
    return studio.builds.work / "published"


def changes(studio: Studio) -> list[tuple[str, str]]:
    """(file, diff) for each programme file changed since the last publication (all of them the first time)."""
    out = []
    for path in sorted(studio.programs_dir.glob("*.yml")):
        before_path = _published(studio) / path.name
        before = before_path.read_text(encoding="utf-8") if before_path.is_file() else ""
        after = path.read_text(encoding="utf-8")
        if before != after:
            out.append((path.name, yamledit.diff(before, after, path.name)))
    return out


def _sheet(studio: Studio, request: Request, form: dict | None = None, problems: list | None = None,
           status: int = 200) -> Response:
    changed = changes(studio)
    wards = {Path(w.source).name: w for w in studio.programs().wards}
    previews = [(w, f"/site/{page_path(w.id, w.languages[0])}") for name, _ in changed
                if (w := wards.get(name)) is not None]
    if previews:
        studio.builds.site(studio.stamp())
    log = studio.builds.work / LOG
    history = [json.loads(line) for line in log.read_text(encoding="utf-8").splitlines()[-5:]] if log.is_file() else []
    return studio.render(request, "publish.html", status=status, changed=changed, previews=previews,
                         operations=studio.wiring.store().operations(None), form=form or {},
                         problems=dict(problems or []), target=studio.wiring.settings.publish,
                         history=list(reversed(history)), first=not _published(studio).is_dir())


def _steps(studio: Studio, author: str, approver: str, target: str) -> Iterator[str]:
    """Build, publish the site, publish the schedules, record; one line per finished step."""
    try:
        changed = [name for name, _ in changes(studio)]
        programs, stamp = studio.programs(), studio.stamp()
        site = studio.builds.site(stamp)
        yield f"site built: {sum(1 for _ in site.rglob('index.html'))} pages"
        if target.startswith("s3://"):
            from tsunagu.makers.sitedeploy import deploy_site

            result = deploy_site(site, target)
            yield f"site deployed to {target}: {len(result.uploaded)} uploaded, {result.unchanged} unchanged"
        else:
            shutil.copytree(site, Path(target), dirs_exist_ok=True)
            yield f"site copied to {target}: {sum(1 for p in site.rglob('*') if p.is_file())} files"
        today = studio.now().date()
        written = publish_schedules(programs, open_publisher(target), today, SCHEDULE_DAYS,
                                    overlays_of(studio.wiring.store()))
        yield f"schedules published: {len(written)} files"
        shutil.rmtree(_published(studio), ignore_errors=True)
        _published(studio).mkdir(parents=True)
        for path in studio.programs_dir.glob("*.yml"):
            shutil.copy(path, _published(studio) / path.name)
        entry = {"at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"), "author": author,
                 "approver": approver or None, "target": target, "changed": changed}
        with (studio.builds.work / LOG).open("a", encoding="utf-8") as f:
            f.write(json.dumps(entry, ensure_ascii=False) + "\n")
        yield f"recorded: by {author}" + (f", approved by {approver}" if approver else "") + " — done"
    except (TsunaguError, OSError) as exc:
        yield f"failed: {exc}"
