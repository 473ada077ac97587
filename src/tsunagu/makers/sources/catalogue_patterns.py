"""The catalogues' detection patterns (catalog/<lang>/detection.yml) checked like a programme file: file:line."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from tsunagu.catalog import languages
from tsunagu.domain.errors import ConfigProblem
from tsunagu.domain.intake.lexicon import concept_problem, concepts, expand
from tsunagu.domain.intake.pattern_regex import pattern_problem, split_problem
from tsunagu.makers.sources.yamlfile import YamlSyntaxError, load_located

KEYS = ("emergency", "weak", "exceptions", "deletion", "context")


def _groups(key: str, entries: object) -> list[tuple[tuple[str | int, ...], object]]:
    """The lists of patterns under one top-level key, each with its path (grouped: by category or trigger)."""
    if key == "emergency" and isinstance(entries, dict):
        return [((key, c), v) for c, v in entries.items()]
    if key == "context" and isinstance(entries, dict):
        out: list[tuple[tuple[str | int, ...], object]] = []
        for kind, found in entries.items():
            if isinstance(found, dict):
                out += [((key, kind, direction), v) for direction, v in found.items()]
            else:
                out.append(((key, kind), found))
        return out
    return [((key,), entries)]


def pattern_file_problems(path: Path) -> list[ConfigProblem]:
    """Every unusable pattern in one detection.yml, as `file:line: key[i]: what is wrong`."""
    try:
        located = load_located(path)
    except YamlSyntaxError as exc:
        return [ConfigProblem(exc.file, exc.line, "(yaml)", exc.message)]
    data = located.data if isinstance(located.data, dict) else {}
    out: list[ConfigProblem] = []
    found = data.get("concepts", {})
    if not isinstance(found, dict):
        out.append(ConfigProblem(located.file, located.line_of(("concepts",)), "concepts",
                                 "give a mapping of names to lists of words, e.g. pills: [pill, pills, tablet]"))
        found = {}
    for name, words in found.items():
        problem = concept_problem(name, words)
        if problem:
            out.append(ConfigProblem(located.file, located.line_of(("concepts", name)), f"concepts.{name}", problem))
    named = concepts(data)
    for key in KEYS:
        if key not in data and key in ("weak", "context"):
            continue  # optional: a language may have no weak signals or context triggers yet
        # The emergency patterns are grouped by category (issue 21): emergency: {ideation: [...], ...}
        for where, found in _groups(key, data.get(key)):
            name = ".".join(map(str, where))
            if not isinstance(found, list):
                out.append(ConfigProblem(located.file, located.line_of(where), name, "give a list of patterns"))
                continue
            for i, pattern in enumerate(found):
                expanded = expand(pattern, path.parent.name, named) if isinstance(pattern, str) else pattern
                problem = pattern_problem(expanded)
                if problem:
                    out.append(ConfigProblem(located.file, located.line_of((*where, i)), f"{name}[{i}]", problem))
    split = data.get("split", [])
    if not isinstance(split, list):
        out.append(ConfigProblem(located.file, located.line_of(("split",)), "split", "give a list of phrases"))
        split = []
    for i, phrase in enumerate(split):
        problem = split_problem(phrase)
        if problem:
            out.append(ConfigProblem(located.file, located.line_of(("split", i)), f"split[{i}]", problem))
    return out


def catalogue_pattern_problems() -> list[ConfigProblem]:
    """Problems in the detection patterns of every catalogue language."""
    root = Path(str(resources.files("tsunagu.catalog")))
    return [p for lang in languages() if (root / lang / "detection.yml").is_file()
            for p in pattern_file_problems(root / lang / "detection.yml")]
