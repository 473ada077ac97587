"""The portal's MkDocs hooks: ward, index and /go/ pages from the programmes, generated at build time.

`pages` decides which pages exist, `view` prepares their text; this module hands them to MkDocs and the
templates in `site/overrides/`. Nothing generated is written into `site/`. The programmes are handed in
(`Portal.start`): the plugin MkDocs loads, `tsunagu.entry.mkdocs_plugin`, gets them through wiring.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from jinja2 import Environment
from mkdocs.config import base
from mkdocs.config import config_options as opt
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

from tsunagu.catalog import languages as catalog_languages
from tsunagu.catalog import section
from tsunagu.domain import ruby
from tsunagu.domain.config import Programs
from tsunagu.domain.errors import ConfigError, ConfigProblem
from tsunagu.domain.htmltext import map_running_text
from tsunagu.domain.schedule import JST
from tsunagu.makers.portal import phrases
from tsunagu.makers.portal.pages import DEFAULT_LANGUAGE, HANDWRITTEN, Generated, generated_pages, language_of, prefix
from tsunagu.makers.portal.view import prepare_qr, ward_links, ward_view, words
from tsunagu.makers.portal.workers import fork_workers, run_forked
from tsunagu.makers.sources.yamlfile import load_located

# Everything comes from the site itself: no third-party host may be reached, even by an injected tag.
# data: images only for the empty favicon (saves a request on slow phones). Navigation is not limited.
CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
       "connect-src 'self'; base-uri 'none'; form-action 'none'")
# Under `mkdocs serve` only: its live-reload script is inline (a new epoch each page), so the preview
# allows inline scripts; a built site never carries this.
CSP_PREVIEW = CSP.replace("script-src 'self'", "script-src 'self' 'unsafe-inline'")


class PortalConfig(base.Config):
    """Options under `plugins: - tsunagu:` in mkdocs.yml."""

    # `tsunagu site` sets it; empty: TSUNAGU_PROGRAMS, else programs/ in the working folder, else beside mkdocs.yml
    programs = opt.Type(str, default="")
    exit_url = opt.Type(str, default="https://tenki.jp/")  # the quick exit: a neutral page (a weather forecast)


class Portal(BasePlugin[PortalConfig]):
    """Generate the portal pages and give every page its language, strings and safety controls.

    MkDocs' `on_config` belongs to the entry point's subclass, which reads the programmes and calls `start`.
    """

    preview = False  # True under `mkdocs serve` (set by the entry point's plugin at start-up)

    def start(self, programs: Programs, config: MkDocsConfig) -> MkDocsConfig:
        """Take the validated programmes for this build; a ward in a language the site lacks stops it."""
        self.programs = programs
        self.languages = _site_languages()
        missing = _missing_languages(self.programs, self.languages)
        if missing:
            error = ConfigError(missing)
            raise PluginError(str(error)) from error
        self.now = dt.datetime.now(JST)
        found = generated_pages(self.programs, self.languages)
        self.claimed = {g.src_uri for g in found}
        self.generated = {g.src_uri: g for g in found if g.kind == "index"}
        # Ward pages and redirects are rendered straight from their templates after the build: they need
        # no Markdown, navigation or link checks, and MkDocs' own per-page work (a new Markdown parser
        # for each page) would be most of an all-Japan build of 1,741 wards x 3 languages.
        self.direct = [g for g in found if g.kind != "index"]
        # Look-ups by id: Programs' own look-ups scan every ward, too slow for 1,741 wards x 3 languages.
        self.wards = {w.id: w for w in self.programs.wards}
        self.channels = {ch.id: ch for ch in self.programs.channels}
        self.placements = {p.id: p for w in self.programs.wards for p in w.placements}
        self.workers = fork_workers(len(self.direct))
        if not self.workers:  # forked workers make their own codes; here other cores make them meanwhile
            today = self.now.date()
            prepare_qr([ch.add_friend_url for ch in self.programs.channels
                        if ch.valid is None or ch.valid.end >= today])
        return config

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        """Add the generated pages (virtual files, never written to the docs folder)."""
        clash = sorted(uri for uri in self.claimed if files.get_file_from_path(uri) is not None)
        if clash:
            raise PluginError(f"site/{clash[0]}: this page is generated from the programmes; remove the file")
        for uri in self.generated:
            files.append(File.generated(config, uri, content=""))
        self.files = files
        return files

    def on_env(self, env: Environment, *, config: MkDocsConfig, files: Files) -> Environment:
        """Escape every value in the templates: ward texts come from files staff edit."""
        env.autoescape = True
        env.cache.clear()
        self.env = env
        return env

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        """Write every ward page and every /go/<placement>/ redirect (on every core for a big site)."""
        self.site_dir = Path(config.site_dir)
        self.templates = {kind: self.env.get_template(f"{kind}.html") for kind in ("ward", "go")}
        if self.workers:
            run_forked(self._write, len(self.direct), self.workers)
        else:
            self._write(0, len(self.direct))

    def _write(self, start: int, stop: int) -> None:
        rendered_go: tuple[str, str] = ("", "")  # (placement, page): its two addresses carry the same page
        for g in self.direct[start:stop]:
            target = self.site_dir / g.url / "index.html"
            target.parent.mkdir(parents=True, exist_ok=True)
            if g.kind == "go" and rendered_go[0] == g.placement:
                target.write_text(rendered_go[1], encoding="utf-8")
                continue
            context = {**self._common(g.lang, self._alternates(None, g)),
                       "base_url": "/".join([".."] * g.url.count("/"))}
            if g.kind == "ward":
                context["page"] = {"title": self._title(g)}
                context["ward"] = ward_view(self.wards[g.ward], g.lang, self.now)
                context["formats"] = words(g.lang).script_formats()
            else:
                placement = self.placements[g.placement]
                context["go"] = {"to": self.channels[placement.channel].add_friend_url,
                                 "scan": f"/scan/{placement.id}"}
            page = self.templates[g.kind].render(context)
            if g.kind == "go":  # one short line on its way to LINE: no readings or phrase breaks to add
                rendered_go = (g.placement, page)
            else:
                page = self._finish(page, g.lang)
            target.write_text(page, encoding="utf-8")

    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str:
        """A hand-written or index page, finished as the ward pages are (`_finish`)."""
        g = self.generated.get(page.file.src_uri)
        return self._finish(output, g.lang if g else language_of(page.file.src_uri, self.languages))

    @staticmethod
    def _finish(page: str, lang: str) -> str:
        """Readings over easy Japanese's key words; phrase breaks in Japanese for browsers without auto-phrase
        (one pass over the page's running text)."""
        table = ruby.readings(lang)
        plain = phrases.wbr_text if words(lang)["html_lang"] == "ja" else None
        if not table and plain is None:
            return page
        return map_running_text(page, lambda text: ruby.annotate_text(text, table, plain))

    def on_page_markdown(self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        """Pick the template and title of a generated page."""
        g = self.generated.get(page.file.src_uri)
        if g is not None:
            page.meta["template"] = f"{g.kind}.html"
            page.meta["title"] = self._title(g)
        return markdown

    def on_page_context(self, context: dict, *, page: Page, config: MkDocsConfig, nav: Navigation) -> dict:
        """Language, strings, language switch, footer links and the page's own content model."""
        g = self.generated.get(page.file.src_uri)
        lang = g.lang if g else language_of(page.file.src_uri, self.languages)
        context.update(self._common(lang, self._alternates(page, g)))
        if g is not None:
            context["wards"] = ward_links(self.programs, lang)
        return context

    def on_template_context(self, context: dict, *, template_name: str, config: MkDocsConfig) -> dict:
        """The 404 page (a static template) is Japanese with the same controls."""
        context.update(self._common(DEFAULT_LANGUAGE, []))
        # Served at any depth, so its links are root-relative: '' + '/assets/...' (never '//assets', a host).
        context["base_url"] = context.get("base_url", "").rstrip("/")
        return context

    def _common(self, lang: str, alternates: list[dict[str, str]]) -> dict[str, Any]:
        links = {name: self._handwritten_url(name, lang) for name in HANDWRITTEN}
        csp = CSP_PREVIEW if self.preview else CSP
        return {"t": words(lang).strings, "tsunagu": {
            "lang": words(lang)["html_lang"], "code": lang, "csp": csp, "exit_url": self.config.exit_url,
            "home": prefix(lang), "links": links, "alternates": alternates}}

    def _title(self, g: Generated) -> str:
        w = words(g.lang)
        if g.kind == "ward":
            return self.wards[g.ward].program.get(g.lang, "")
        return w["site_name"]

    def _alternates(self, page: Page | None, g: Generated | None) -> list[dict[str, str]]:
        if g is not None and g.kind == "go":
            return []
        if g is not None and g.kind == "ward":
            langs = self.wards[g.ward].languages
            urls = {lang: Generated("ward", lang, ward=g.ward).url for lang in langs}
        elif g is not None:
            urls = {lang: Generated("index", lang).url for lang in self.languages}
        elif page is not None:
            lang = language_of(page.file.src_uri, self.languages)
            rest = page.file.src_uri[len(prefix(lang)):]
            urls = {}
            for other in self.languages:
                f = self.files.get_file_from_path(prefix(other) + rest)
                if f is not None:
                    urls[other] = f.url
        else:
            return []
        return [{"code": lang, "lang": words(lang)["html_lang"], "label": words(lang)["language_name"], "url": url}
                for lang, url in urls.items()]

    def _handwritten_url(self, name: str, lang: str) -> str:
        for candidate in (prefix(lang) + name + ".md", name + ".md"):
            f = self.files.get_file_from_path(candidate) if hasattr(self, "files") else None
            if f is not None:
                return f.url
        return f"{name}/"


def _site_languages() -> tuple[str, ...]:
    """Languages with a portal catalogue, Japanese first: adding a language is adding its files."""
    found = []
    for lang in catalog_languages():
        try:
            section(lang, "portal")
        except KeyError:
            continue
        found.append(lang)
    return tuple(sorted(found, key=lambda lang: (lang != DEFAULT_LANGUAGE, lang)))


def _missing_languages(programs: Programs, languages: tuple[str, ...]) -> list[ConfigProblem]:
    """A ward may only declare languages the portal can speak (its words come from the catalogue)."""
    out = []
    for ward in programs.wards:
        for i, lang in enumerate(ward.languages):
            if lang not in languages:
                out.append(ConfigProblem(ward.source, _line(ward.source, ("languages", i)), f"languages.{i}",
                                         f"the site has no words in {lang!r}; add src/tsunagu/catalog/{lang}/"
                                         "portal.yml (copy ja/portal.yml and translate it)"))
    return out


def _line(source: str, path: tuple[str | int, ...]) -> int:
    try:
        return load_located(Path(source)).line_of(path)
    except (OSError, ValueError):
        return 1
