"""What the studio builds from the programme files, with the same makers as the commands, kept until a
file changes: the portal (`tsunagu site`), each ward's print kit (`tsunagu print`) and the rich menus."""

from __future__ import annotations

import io
import threading
import zipfile
from pathlib import Path

from tsunagu.domain.config import Programs, Ward
from tsunagu.domain.richmenu import build_menu
from tsunagu.entry.commands.site import PACKAGED_CONFIG, build_site

# The portal puts the first language at the root and the others under /<lang>/ (mkdocs.yml's i18n).
ROOT_LANGUAGE = "ja"


class Builds:
    """The studio's build folder (`work`): site/, print/<ward>/, richmenu/<channel>.png."""

    def __init__(self, work: Path, programs_dir: Path) -> None:
        self.work = work
        self.programs_dir = programs_dir
        self._stamps: dict[str, object] = {}
        self._lock = threading.Lock()  # one build at a time: two tabs saving at once must not interleave

    def _fresh(self, name: str, stamp: object) -> bool:
        return self._stamps.get(name) == stamp

    def site(self, stamp: object) -> Path:
        """The portal built from the current programme files (rebuilt after a change)."""
        with self._lock:
            out = self.work / "site"
            if not self._fresh("site", stamp) or not out.is_dir():
                build_site(PACKAGED_CONFIG, out, self.programs_dir)
                self._stamps["site"] = stamp
            return out

    def print_kit(self, programs: Programs, ward: Ward, stamp: object) -> Path:
        """The ward's print kit (sample LINE IDs are stamped 見本 / SAMPLE, as `tsunagu print --sample`)."""
        from tsunagu.makers.printkit import kit

        with self._lock:
            out = self.work / "print"
            if not self._fresh(f"print:{ward.id}", stamp) or not (out / ward.id).is_dir():
                sample = any(ch.is_placeholder for ch in ward.channels)
                kit.build(programs, [ward.id], out, sample, workers=1)
                self._stamps[f"print:{ward.id}"] = stamp
            return out / ward.id

    def richmenu(self, programs: Programs, channel_id: str, stamp: object) -> Path:
        """The channel's rich menu as a phone shows it (`tsunagu richmenu`'s preview.png)."""
        from tsunagu.makers.richmenu import render_menu, render_preview

        with self._lock:
            out = self.work / "richmenu" / f"{channel_id}.png"
            if not self._fresh(f"menu:{channel_id}", stamp) or not out.is_file():
                channel = programs.channel(channel_id)
                menu = build_menu(channel, ROOT_LANGUAGE)
                out.parent.mkdir(parents=True, exist_ok=True)
                render_preview(menu, render_menu(menu), channel).save(out, optimize=True)
                self._stamps[f"menu:{channel_id}"] = stamp
            return out


def page_path(ward: str, language: str) -> str:
    """The ward's page in one language, relative to the site's root."""
    return f"{ward}/" if language == ROOT_LANGUAGE else f"{language}/{ward}/"


def zip_folder(folder: Path) -> bytes:
    """The folder as a zip (the print kit staff download and hand to the print shop)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as z:
        for path in sorted(p for p in folder.rglob("*") if p.is_file()):
            z.write(path, f"{folder.name}/{path.relative_to(folder).as_posix()}")
    return buffer.getvalue()
