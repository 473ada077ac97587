"""The catalogues' detection patterns (catalog/<lang>/detection.yml) checked like a programme file: file:line."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from tsunagu.catalog import languages
from tsunagu.domain.errors import ConfigProblem
from tsunagu.domain.intake.detection import pattern_problem
from tsunagu.makers.sources.yamlfile import YamlSyntaxError, load_located

KEYS = ("emergency", "exceptions", "deletion")


def pattern_file_problems(path: Path) -> list[ConfigProblem]:
    """Every unusable pattern in one detection.yml, as `file:line: key[i]: what is wrong`."""
    try:
        located = load_located(path)
    except YamlSyntaxError as exc:
        return [ConfigProblem(exc.file, exc.line, "(yaml)", exc.message)]
    data = located.data if isinstance(located.data, dict) else {}
    out: list[ConfigProblem] = []
    for key in KEYS:
        entries = data.get(key)
        # The emergency patterns may be grouped by category (issue 21): emergency: {ideation: [...], ...}
        groups = [((key, c), v) for c, v in entries.items()] if isinstance(entries, dict) else [((key,), entries)]
        for where, found in groups:
            name = ".".join(where)
            if not isinstance(found, list):
                out.append(ConfigProblem(located.file, located.line_of(where), name, "give a list of patterns"))
                continue
            for i, pattern in enumerate(found):
                problem = pattern_problem(pattern)
                if problem:
                    out.append(ConfigProblem(located.file, located.line_of((*where, i)), f"{name}[{i}]", problem))
    return out


def catalogue_pattern_problems() -> list[ConfigProblem]:
    """Problems in the detection patterns of every catalogue language."""
    root = Path(str(resources.files("tsunagu.catalog")))
    return [p for lang in languages() if (root / lang / "detection.yml").is_file()
            for p in pattern_file_problems(root / lang / "detection.yml")]
