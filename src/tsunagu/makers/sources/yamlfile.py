"""Read YAML into plain data while remembering the line of every key, so errors can name `file:line`."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

Path_ = tuple[str | int, ...]

# YAML 1.1 reads 14:00 as the base-60 integer 840; staff write clock times unquoted, so keep them as text.
_CLOCK = re.compile(r"^\d{1,2}:\d{2}$")


@dataclass(frozen=True)
class Located:
    """Plain data from one YAML file plus the 1-based line of each mapping key and list item."""

    data: Any
    file: str
    lines: dict[Path_, int] = field(default_factory=dict)

    def line_of(self, path: Path_) -> int:
        """The line of the deepest known prefix of `path` (1 when nothing is known)."""
        for end in range(len(path), -1, -1):
            line = self.lines.get(tuple(path[:end]))
            if line is not None:
                return line
        return 1


class YamlSyntaxError(ValueError):
    """The file is not valid YAML; carries the line where the parser gave up."""

    def __init__(self, file: str, line: int, message: str) -> None:
        super().__init__(f"{file}:{line}: {message}")
        self.file, self.line, self.message = file, line, message


def load_located(path: Path, display: str | None = None) -> Located:
    """Parse one YAML file into plain data with key lines; raises YamlSyntaxError on bad YAML."""
    name = display or str(path)
    text = path.read_text(encoding="utf-8")
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        lines: dict[Path_, int] = {}
        data = _walk(loader, node, (), lines) if node is not None else None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        raise YamlSyntaxError(name, (mark.line + 1) if mark else 1, str(exc.problem or exc)) from exc
    finally:
        loader.dispose()
    return Located(data=data, file=name, lines=lines)


# libyaml's parser when PyYAML was built with it: several times faster on the programme files.
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _walk(loader: yaml.SafeLoader, node: yaml.Node, path: Path_, lines: dict[Path_, int]) -> Any:
    lines.setdefault(path, node.start_mark.line + 1)
    if isinstance(node, yaml.MappingNode):
        out: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            key = loader.construct_object(key_node, deep=True)
            key = str(key) if not isinstance(key, str) else key
            lines[(*path, key)] = key_node.start_mark.line + 1
            out[key] = _walk(loader, value_node, (*path, key), lines)
        return out
    if isinstance(node, yaml.SequenceNode):
        return [_walk(loader, item, (*path, i), lines) for i, item in enumerate(node.value)]
    if node.tag == "tag:yaml.org,2002:int" and _CLOCK.match(str(node.value)):
        return str(node.value)
    return loader.construct_object(node, deep=True)
