"""Which pages the portal generates and where they live (paths relative to the site root)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from tsunagu.domain import qr
from tsunagu.domain.config import Programs

# Japanese is the default language and sits at the site root; others under /<lang>/.
DEFAULT_LANGUAGE = "ja"
# Hand-written pages every language should have (site/<name>.md, site/<lang>/<name>.md).
HANDWRITTEN = ("about", "privacy", "safety")

PageKind = Literal["index", "ward", "go"]


@dataclass(frozen=True)
class Generated:
    """One generated page: its kind, language and the ward or placement it shows."""

    kind: PageKind
    lang: str
    ward: str = ""
    placement: str = ""
    address: str = ""  # a go page's folder under /go/: the placement's slug, or its id (older prints)

    @property
    def src_uri(self) -> str:
        """The source path a hand-written page at this URL would have (MkDocs' virtual source for indexes)."""
        return self.url + "index.md"

    @property
    def url(self) -> str:
        """The directory URL relative to the site root, ending in '/' ('' for the root index)."""
        if self.kind == "go":
            return f"go/{self.address or self.placement}/"
        if self.kind == "ward":
            return f"{prefix(self.lang)}{self.ward}/"
        return prefix(self.lang)


def prefix(lang: str) -> str:
    """The URL folder of a language: '' for Japanese, 'en/' for English."""
    return "" if lang == DEFAULT_LANGUAGE else f"{lang}/"


def language_of(src_uri: str, languages: tuple[str, ...]) -> str:
    """The language of a hand-written page from its first folder (site/en/about.md is English)."""
    head = src_uri.split("/", 1)[0]
    return head if head in languages and "/" in src_uri else DEFAULT_LANGUAGE


def generated_pages(programs: Programs, languages: tuple[str, ...]) -> list[Generated]:
    """An index per site language, a page per ward and language, and two redirects per counted placement:
    at its short slug (what the print kit encodes) and at its id (what earlier prints encode)."""
    out = [Generated("index", lang) for lang in languages]
    out.extend(Generated("ward", lang, ward=w.id) for w in programs.wards for lang in w.languages)
    for w in programs.wards:
        for p in w.placements:
            if p.count_scans:
                out.extend(Generated("go", p.language, ward=w.id, placement=p.id, address=a)
                           for a in qr.go_addresses(p))
    return out
