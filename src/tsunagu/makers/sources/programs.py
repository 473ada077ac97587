"""Programme files as staff write them: every `*.yml` in a folder, read with each key's line for errors.

Loading never writes anything; every problem in every file is reported at once as
`file:line: field.path: message`. The Lambda reads the compiled JSON instead
(`tsunagu.adapters.programs_json`), so it never imports a YAML parser.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from tsunagu.domain import qr
from tsunagu.domain.config import Programs, Ward
from tsunagu.domain.decode import Path_, Problem
from tsunagu.domain.errors import ConfigError, ConfigProblem
from tsunagu.domain.validation import check_ward
from tsunagu.makers.sources.yamlfile import Located, YamlSyntaxError, load_located


def load_programs(folder: Path) -> Programs:
    """Load and validate every `*.yml` in the folder; raise ConfigError listing every problem.

    A compiled `programs.json` is the Lambda's, read by `tsunagu.adapters.programs_json` (wiring chooses)."""
    files = sorted(folder.glob("*.yml"))
    if not files:
        raise ConfigError([ConfigProblem(str(folder), 1, "(folder)", "no programme files (*.yml) found")])
    problems: list[ConfigProblem] = []
    wards: list[tuple[Ward, Located]] = []
    for path in files:
        ward, located, found = load_ward(path)
        problems.extend(found)
        if ward is not None and located is not None:
            wards.append((ward, located))
    problems.extend(_cross_file_problems(wards))
    if problems:
        raise ConfigError(problems)
    return Programs(tuple(w for w, _ in wards))


def load_ward(path: Path) -> tuple[Ward | None, Located | None, list[ConfigProblem]]:
    """Parse and validate one file: the ward (None if it could not be built), its source and its problems."""
    try:
        located = load_located(path)
    except YamlSyntaxError as exc:
        return None, None, [ConfigProblem(exc.file, exc.line, "(yaml)", exc.message)]
    ward, problems = check_ward(located.data, located.file)
    return ward, located, [_locate(located, p) for p in [*problems, *_issuer_file_problems(ward, path)]]


def _issuer_file_problems(ward: Ward | None, path: Path) -> list[Problem]:
    """The issuer's logo and badge must be files beside the programme file (the print kit embeds them)."""
    if ward is None or ward.issuer is None:
        return []
    problems = []
    for key in ("logo", "badge"):
        name = getattr(ward.issuer, key)
        if name and not (path.parent / name).is_file():
            problems.append(Problem(("issuer", key), f"{name!r} is not a file next to {path.name}; "
                                    "give a path relative to the programme file, or leave it out"))
        elif name and not name.lower().endswith(".png"):
            problems.append(Problem(("issuer", key), f"{name!r}: give a PNG file (the print kit separates it to CMYK)"))
    return problems


def _locate(located: Located, problem: Problem) -> ConfigProblem:
    return ConfigProblem(located.file, located.line_of(problem.path), problem.dotted, problem.message)


def _go_addresses(ward: Ward) -> list[tuple[Path_, str]]:
    """The portal folders under /go/ a ward's counted placements take: the short slug and the id (older prints)."""
    out: list[tuple[Path_, str]] = []
    for i, p in enumerate(ward.placements):
        if p.count_scans:
            out.extend((("placements", i, "slug" if p.slug and a == p.slug else "id"), a) for a in qr.go_addresses(p))
    return out


def _cross_file_problems(wards: list[tuple[Ward, Located]]) -> list[ConfigProblem]:
    """Ids that must be unique across all files: wards, channels and placements."""
    out: list[ConfigProblem] = []
    unique = "ids must be unique across all programme files"
    kinds: list[tuple[str, Callable[[Ward], list[tuple[Path_, str]]], str]] = [
        ("id", lambda w: [(("id",), w.id)], unique),
        ("channel id", lambda w: [(("channels", i, "id"), c.id) for i, c in enumerate(w.channels)], unique),
        ("placement id", lambda w: [(("placements", i, "id"), p.id) for i, p in enumerate(w.placements)], unique),
        ("/go/ address", _go_addresses, "give this placement its own slug (3 to 12 lowercase letters and digits)"),
    ]
    for what, ids_of, advice in kinds:
        first: dict[str, str] = {}
        for ward, located in wards:
            for path, value in ids_of(ward):
                here = f"{located.file}:{located.line_of(path)}"
                if value in first:
                    out.append(ConfigProblem(located.file, located.line_of(path), Problem(path, "").dotted,
                                             f"{what} {value!r} is already used at {first[value]}; {advice}"))
                else:
                    first[value] = here
    return out
