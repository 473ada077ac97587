"""Local-folder publisher: the default, writing into the built site (`build/site`)."""

from __future__ import annotations

import os
from pathlib import Path

from tsunagu.domain.errors import PublishError
from tsunagu.ports.publisher import CACHE_CONTROL, Publisher


class LocalPublisher(Publisher):
    """Writes each key as a file under a root folder (a static server sets the headers itself)."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def put(self, key: str, body: bytes, content_type: str, cache_control: str = CACHE_CONTROL) -> None:
        """Write atomically (temp file then rename), so the portal never reads half a file."""
        target = self.root / key
        if ".." in Path(key).parts or Path(key).is_absolute():
            raise PublishError(f"{key!r}: keys are relative paths inside the published folder")
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            tmp = target.with_name(f".{target.name}.tmp")
            tmp.write_bytes(body)
            os.replace(tmp, target)
        except OSError as exc:
            raise PublishError(f"{target}: cannot write ({exc.strerror}); check the folder and its permissions") \
                from None

    def describe(self) -> str:
        """The folder."""
        return str(self.root)
