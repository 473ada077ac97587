"""Build a ward's print kit: plan the items, render and prove them in a process pool, then swap in.

Every item is rendered and its code decoded (as printed and degraded) in a temporary folder next to
the output; only when every item of every ward passed are the folders swapped into
`<out>/<ward>/`. A failure removes the temporary folders: nothing is written, other wards untouched.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from collections.abc import Callable
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, ThreadPoolExecutor, wait
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tsunagu import catalog
from tsunagu.domain import qr
from tsunagu.domain.config import Placement, Programs, Ward
from tsunagu.domain.errors import LayoutError, PlaceholderChannelError, QrDoesNotScanError
from tsunagu.makers.drawing import fonts, qrcodes
from tsunagu.makers.folders import swap_in
from tsunagu.makers.printkit import imposition, layout, pdf, render, verify, wording


@dataclass(frozen=True)
class ItemJob:
    """Everything a worker needs to build one item (picklable)."""

    ward: str
    name: str
    placement: str | None
    channel: str
    kind: str
    discreet: bool
    language: str
    size_name: str
    trim_mm: tuple[float, float]
    layout: layout.Layout
    texts: dict[str, str]
    payload: str
    count_scans: bool
    where: str
    quantity: int | None
    sample_text: str
    fonts: dict[str, fonts.FontFile]
    sheet: imposition.Grid | None
    sheet_settings: layout.Sheet | None
    folder: str
    icc_profile: str | None = None
    images: dict[str, str] = field(default_factory=dict)  # the issuer's logo and badge files, by name


@dataclass
class WardResult:
    """What was built for one ward (for the summary line)."""

    ward: str
    folder: Path
    items: list[dict[str, Any]] = field(default_factory=list)

    @property
    def decodes(self) -> tuple[int, int]:
        """(passed, total) decode checks over every item and sheet."""
        results = [ok for entry in self.items for ok in entry["decode"].values()]
        return sum(results), len(results)


def plan(ward: Ward, out_folder: Path, sample: bool, folder: Path | None = None,
         icc_profile: Path | None = None) -> list[ItemJob]:
    """The items of one ward: every placement (posters in each size), plus A4/A3 posters for a channel without any."""
    style = layout.style(folder)
    font_names = style.get("fonts") or {}
    found = {w: fonts.find(str(font_names.get(w, "")), f"{style['file']}: fonts.{w}") for w in ("regular", "bold")}
    sheet = layout.load_sheet(folder)
    jobs: list[ItemJob] = []
    issuer = ward.issuer
    # Files named in the programme, beside it (the loader has checked they exist).
    images = {name: str(Path(ward.source).parent / getattr(issuer, name))
              for name in layout.IMAGES if issuer is not None and getattr(issuer, name)}
    placements = list(ward.placements)
    for ch in ward.channels:
        if not any(p.channel == ch.id for p in placements):
            placements.append(Placement(id=f"{ch.id}-poster", channel=ch.id, kind="poster", where="",
                                        language=ward.languages[0]))
    for p in placements:
        ch = ward.channel(p.channel)
        base = layout.load(p.kind, p.quiet, folder, p.layout)
        for size_name, trim in _sizes(p, base):
            scaled = base.at_size(trim)
            name = p.id if len(base.sizes) <= 1 or p.size_mm else f"{p.id}-{size_name.lower()}"
            grid = imposition.grid(sheet, trim) if p.kind in ("sticker", "card") else None
            jobs.append(ItemJob(
                ward=ward.id, name=name, placement=p.id if p in ward.placements else None, channel=ch.id,
                kind=p.kind, discreet=p.quiet, language=p.language, size_name=size_name, trim_mm=trim,
                layout=scaled, texts=wording.texts(ward, ch, p.language),
                payload=qr.payload_for(ch, p, ward.portal_url), count_scans=p.count_scans, where=p.where,
                quantity=p.quantity, sample_text=catalog.section(p.language, "print")["sample"] if sample else "",
                fonts=found, sheet=grid, sheet_settings=sheet if grid else None, folder=str(out_folder),
                icc_profile=str(icc_profile) if icc_profile else None, images=images))
    return jobs


def _sizes(p: Placement, base: layout.Layout) -> list[tuple[str, tuple[float, float]]]:
    if p.size_mm:
        if len(p.size_mm) != 2:
            raise LayoutError(f"placement {p.id}: size_mm: give [width, height] in mm")
        w, h = float(p.size_mm[0]), float(p.size_mm[1])
        return [(f"{w:g}x{h:g}mm", (w, h))]
    if base.sizes:
        return list(base.sizes.items())
    w, h = base.reference_mm  # a sticker or card without size_mm: the layout's own size
    return [(f"{w:g}x{h:g}mm", (w, h))]


def refuse_placeholders(wards: list[Ward]) -> None:
    """PlaceholderChannelError listing every channel to print whose LINE ID is still a sample."""
    bad = [(w, ch) for w in wards for ch in w.channels if ch.is_placeholder]
    if bad:
        lines = "\n".join(f"  {w.source or w.id}: channels[{ch.id}].line_id: {ch.line_id!r} is a placeholder"
                          for w, ch in bad)
        raise PlaceholderChannelError(
            "these channels have no real LINE account yet, so their codes would lead nowhere:\n" + lines +
            "\nset the real LINE basic ID (e.g. \"@abc1234\") in the programme file, or run with --sample to "
            "print copies stamped 見本 / SAMPLE")


def build(programs: Programs, ward_ids: list[str] | None, out: Path, sample: bool, workers: int | None = None,
          on_item: Callable[[str], None] | None = None, on_start: Callable[[int], None] | None = None,
          folder: Path | None = None, icc_profile: Path | None = None) -> list[WardResult]:
    """Build the kits; on any failure raise and leave `out` as it was."""
    wards = [programs.ward(w) for w in ward_ids] if ward_ids else list(programs.wards)
    if not sample:
        refuse_placeholders(wards)
    out.mkdir(parents=True, exist_ok=True)
    temps: dict[str, Path] = {}
    try:
        jobs: list[ItemJob] = []
        for w in wards:
            temps[w.id] = Path(tempfile.mkdtemp(prefix=f".{w.id}.", dir=out))
            jobs.extend(plan(w, temps[w.id], sample, folder, icc_profile))
        if on_start:
            on_start(len(jobs))
        entries = _run(jobs, workers, on_item)
        results = []
        for w in wards:
            result = WardResult(w.id, out / w.id, [e for job, got in entries for e in got if job.ward == w.id])
            _write_manifest(temps[w.id], w, sample, result.items)
            results.append(result)
        # Pillow decodes, scales and encodes without the GIL: the contact sheets share the cores as threads.
        with ThreadPoolExecutor(max_workers=max(1, workers or os.cpu_count() or 1)) as threads:
            list(threads.map(lambda r: imposition.contact_sheet(
                temps[r.ward], programs.ward(r.ward), r.items, jobs[0].fonts if jobs else {}, sample), results))
    except BaseException:
        for t in temps.values():
            shutil.rmtree(t, ignore_errors=True)
        raise
    for w in wards:
        swap_in(temps[w.id], out / w.id)
    return results


def _run(jobs: list[ItemJob], workers: int | None, on_item: Callable[[str], None] | None) -> list[tuple[ItemJob, list]]:
    workers = max(1, min(workers or os.cpu_count() or 1, len(jobs) or 1))
    results: dict[int, list] = {}
    if workers == 1:
        for i, job in enumerate(jobs):
            results[i] = build_item(job)
            if on_item:
                on_item(job.name)
    else:
        with ProcessPoolExecutor(max_workers=workers) as pool:
            futures: dict[Future, int] = {pool.submit(build_item, job): i for i, job in enumerate(jobs)}
            pending = set(futures)
            while pending:
                done, pending = wait(pending, return_when=FIRST_COMPLETED)  # report each item as it lands
                for f in done:
                    if f.exception() is not None:
                        for p in pending:
                            p.cancel()
                        raise f.exception()  # type: ignore[misc]
                    results[futures[f]] = f.result()
                    if on_item:
                        on_item(jobs[futures[f]].name)
    return [(jobs[i], results[i]) for i in range(len(jobs))]


def build_item(job: ItemJob) -> list[dict[str, Any]]:
    """Compose, draw, prove and write one item (and its imposed sheet); returns its manifest entries."""
    matrix = qrcodes.encode(job.payload, job.layout.qr.ecc)
    page = render.render(job.layout, job.texts, matrix, job.fonts, job.name, job.sample_text, job.language,
                         job.images)
    _check_discreet(job, page)
    bleed, slug = layout.BLEED_MM, render.SLUG_MM
    document = pdf.finish(pdf.draw(page.html, page.base_url), page.page_mm, slug, slug + bleed,
                          pdf.corner_marks(job.trim_mm, slug), Path(job.icc_profile) if job.icc_profile else None)
    # The proofs read the finished PDF: what the print shop gets is what is decoded.
    offset = slug + bleed
    code = verify.around(page.qr.left + offset, page.qr.top + offset, page.qr.side)
    dpi = verify.proof_dpi(page.qr.module_mm)
    trim_box = (offset, offset, offset + job.trim_mm[0], offset + job.trim_mm[1])
    proof, preview = verify.rasterise_all(document, [(code, dpi), (trim_box, job.layout.preview_dpi)])
    decode = verify.check(proof.convert("L"), dpi, job.payload)
    decode["preview-png"] = verify.decodes_to(preview, job.payload)
    failed = [k for k, ok in decode.items() if not ok]
    if failed:
        raise QrDoesNotScanError(f"{job.name}: the QR code did not decode to {job.payload!r} after: "
                                 f"{', '.join(failed)}; enlarge qr.box in {job.layout.file} or use a shorter payload")
    folder = Path(job.folder)
    (folder / f"{job.name}.pdf").write_bytes(document)
    preview.save(folder / f"{job.name}.png", optimize=False, compress_level=1)
    entry = {
        "item": job.name, "placement": job.placement, "channel": job.channel, "kind": job.kind,
        "variant": "discreet" if job.discreet else "standard", "language": job.language, "size": job.size_name,
        "trim_mm": list(job.trim_mm), "bleed_mm": bleed, "slug_mm": slug,
        "page_mm": [round(v, 3) for v in page.page_mm],
        "payload": job.payload, "count_scans": job.count_scans, "floor_pt": job.layout.floor_pt,
        "qr": {"version": matrix.version, "ecc": matrix.ecc, "modules": matrix.size, "quiet_zone": qr.QUIET_ZONE,
               "module_mm": round(page.qr.module_mm, 3), "size_mm": round(page.qr.side, 3)},
        "qr_mm": [round(page.qr.left, 3), round(page.qr.top, 3)],
        "texts": {t.block: {"lines": list(t.lines), "size_pt": round(t.size_pt, 2),
                            **({"ruby_pt": round(t.ruby_pt, 2)} if t.ruby_pt else {})} for t in page.texts},
        "decode": decode, "where": job.where, "quantity": job.quantity, "sample": bool(job.sample_text),
        "files": {"pdf": f"{job.name}.pdf", "png": f"{job.name}.png"},
    }
    entries = [entry]
    if job.sheet is not None and job.sheet_settings is not None:
        entries.append(imposition.build_sheet(job, document, entry))
    return entries


def _check_discreet(job: ItemJob, page: render.Composed) -> None:
    for drawn in page.texts:
        if drawn.size_pt <= job.layout.large_pt + 1e-6:
            continue
        text = "".join(drawn.lines)
        for word in job.layout.avoid_large:
            if word.lower() in text.lower():
                raise LayoutError(f"{job.name}: '{drawn.block}' would print {word!r} at {drawn.size_pt:.1f} pt on a "
                                  f"discreet item ({job.layout.file}: avoid_large); use a neutral text or a size "
                                  f"≤ {job.layout.large_pt:g} pt")


def _write_manifest(folder: Path, ward: Ward, sample: bool, items: list[dict[str, Any]]) -> None:
    data = {"ward": ward.id, "source": ward.source, "sample": sample, "bleed_mm": layout.BLEED_MM,
            "degradations": [*verify.DEGRADATIONS, "preview-png"], "items": items}
    (folder / "manifest.json").write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
