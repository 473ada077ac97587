"""The `tsunagu` plugin as MkDocs loads it (entry point `mkdocs.plugins: tsunagu`): programmes through wiring.

Thin: it reads Settings, asks wiring for the programmes (a folder of programme files or a compiled
`programs.json`) and hands them to the portal maker (`tsunagu.makers.portal`), which makes the pages.
Under `mkdocs serve` it also watches the programmes, so an edit to `programs/` rebuilds the preview.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, Literal

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.livereload import LiveReloadServer

from tsunagu.domain.config import Programs
from tsunagu.domain.errors import ConfigError
from tsunagu.makers.portal.plugin import Portal
from tsunagu.settings import Settings
from tsunagu.wiring import Wiring

# The programmes folder when neither the plugin option nor TSUNAGU_PROGRAMS names one.
DEFAULT_FOLDER = Path("programs")


class TsunaguPlugin(Portal):
    """The portal plugin, handed its programmes by wiring."""

    def on_startup(self, *, command: Literal["build", "gh-deploy", "serve"], dirty: bool) -> None:
        """Note a preview: `mkdocs serve` injects an inline live-reload script the page's CSP must allow.

        (Defining on_startup also keeps this one plugin object across the preview's rebuilds.)
        """
        self.preview = command == "serve"

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        """Read and validate the programmes; a bad file stops the build with file:line: field: message."""
        settings = Settings.from_env()
        self.source = programs_source(self.config.programs, config, settings)
        return self.start(read(Wiring(settings, programs_path=self.source)), config)

    def on_serve(self, server: LiveReloadServer, *, config: MkDocsConfig,
                 builder: Callable[..., Any]) -> LiveReloadServer:
        """Rebuild the preview when a programme file changes, as for the pages in site/."""
        server.watch(str(self.source))
        return server


def programs_source(option: str, config: MkDocsConfig, settings: Settings) -> Path:
    """The plugin's `programs` option, else TSUNAGU_PROGRAMS, else programs/ here, else beside mkdocs.yml."""
    if option:
        return Path(option)
    if settings.programs:
        return Path(settings.programs)
    if DEFAULT_FOLDER.exists() or not config.config_file_path:
        return DEFAULT_FOLDER
    return Path(config.config_file_path).parent / DEFAULT_FOLDER


def read(wiring: Wiring) -> Programs:
    """The validated programmes from wiring; a problem becomes MkDocs' PluginError (the cause is kept)."""
    try:
        return wiring.programs()
    except ConfigError as exc:
        raise PluginError(str(exc)) from exc
    finally:
        wiring.close()
