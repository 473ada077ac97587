"""Turn plain data (from YAML or JSON) into frozen dataclasses, collecting every problem with its path.

Supported annotations: str, int, float, bool, date, Clock, Text, Literal[...], X | None, tuple[X, ...],
dict[str, X] and nested dataclasses. Unknown keys and missing required fields are problems, not
silently ignored: a typo in a programme file must never change what a ward publishes.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import types
import typing
from dataclasses import dataclass
from typing import Any, Literal, TypeVar, cast, get_args, get_origin, get_type_hints

from tsunagu.domain.text import Text

T = TypeVar("T")
Path_ = tuple[str | int, ...]


@dataclass(frozen=True)
class Problem:
    """One thing wrong with one field: where it is and what to do about it."""

    path: Path_
    message: str

    @property
    def dotted(self) -> str:
        """The field path as staff read it, e.g. `channels[0].hours[1].start`."""
        out = ""
        for part in self.path:
            out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else part)
        return out or "(file)"


@dataclass(frozen=True, order=True)
class Clock:
    """A time of day in minutes since midnight.

    As Japanese timetables do, an end time past midnight is written 24:00 to 30:00 (25:00 = 1 a.m.
    the next day), so "ends before it starts" is always a mistake and never a guess.
    """

    minutes: int

    @classmethod
    def parse(cls, text: str) -> Clock:
        """Read `HH:MM` (00:00 to 30:00)."""
        hours, _, mins = text.partition(":")
        if not (hours.isdigit() and mins.isdigit() and len(mins) == 2):
            raise ValueError(f'write clock times as "HH:MM", e.g. "14:00" (got {text!r})')
        value = int(hours) * 60 + int(mins)
        if int(mins) >= 60 or value > 30 * 60:
            raise ValueError(f"{text!r} is not a time between 00:00 and 30:00 (25:00 = 1 a.m. next day)")
        return cls(value)

    def __str__(self) -> str:
        return f"{self.minutes // 60:02d}:{self.minutes % 60:02d}"


class DecodeError(ValueError):
    """Raised by `decode` with every problem found, not just the first."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("; ".join(f"{p.dotted}: {p.message}" for p in problems))
        self.problems = problems


def decode(cls: type[T], data: Any, path: Path_ = ()) -> T:
    """Build `cls` from plain data or raise DecodeError listing every problem."""
    problems: list[Problem] = []
    value = _decode(cls, data, path, problems)
    if problems:
        raise DecodeError(problems)
    return cast(T, value)  # _decode built a `cls` from its fields (checked above)


def _type_name(tp: Any) -> str:
    names = {str: "text", int: "a whole number", float: "a number", bool: "true or false",
             dt.date: "a date (YYYY-MM-DD)", Clock: 'a time ("HH:MM")'}
    if tp in names:
        return names[tp]
    origin = get_origin(tp)
    if origin is tuple:
        return "a list"
    if origin is dict or dataclasses.is_dataclass(tp):
        return "a mapping"
    return getattr(tp, "__name__", str(tp))


def _decode(tp: Any, data: Any, path: Path_, problems: list[Problem]) -> Any:
    origin = get_origin(tp)
    if origin in (typing.Union, types.UnionType):
        options = [a for a in get_args(tp) if a is not type(None)]
        if data is None:
            return None
        return _decode(options[0], data, path, problems)
    if origin is Literal:
        allowed = get_args(tp)
        if data not in allowed:
            problems.append(Problem(path, f"must be one of {', '.join(map(str, allowed))} (got {data!r})"))
        return data
    if origin is tuple:
        if not isinstance(data, list):
            problems.append(Problem(path, f"must be {_type_name(tp)} (got {_describe(data)})"))
            return ()
        (item_type, *_) = get_args(tp)
        return tuple(_decode(item_type, item, (*path, i), problems) for i, item in enumerate(data))
    if tp is Text:  # written as a mapping of language codes to text, e.g. {ja: 北区, en: Kita City}
        return Text(_decode(dict[str, str], data, path, problems))
    if origin is dict:
        _, value_type = get_args(tp)
        if not isinstance(data, dict):
            problems.append(Problem(path, f"must be {_type_name(tp)} (got {_describe(data)})"))
            return {}
        return {str(k): _decode(value_type, v, (*path, str(k)), problems) for k, v in data.items()}
    if dataclasses.is_dataclass(tp) and tp is not Clock:
        return _decode_dataclass(tp, data, path, problems)
    return _decode_scalar(tp, data, path, problems)


def _decode_dataclass(tp: Any, data: Any, path: Path_, problems: list[Problem]) -> Any:
    if not isinstance(data, dict):
        problems.append(Problem(path, f"must be a mapping of fields (got {_describe(data)})"))
        return None
    hints, fields = _shape(tp)
    for key in data:
        if key not in fields:
            known = ", ".join(sorted(fields))
            problems.append(Problem((*path, key), f"unknown field; known fields here: {known}"))
    kwargs: dict[str, Any] = {}
    for name, f in fields.items():
        if name in data:
            kwargs[name] = _decode(hints[name], data[name], (*path, name), problems)
        elif f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING:
            problems.append(Problem((*path, name), "required field is missing"))
    try:
        return tp(**kwargs)
    except TypeError:  # a required field was missing: already reported above
        return None


@functools.cache
def _shape(tp: type) -> tuple[dict[str, Any], dict[str, dataclasses.Field]]:
    # get_type_hints evaluates string annotations: cached per class, it dominated large builds.
    return get_type_hints(tp), {f.name: f for f in dataclasses.fields(tp) if f.init}


def _decode_scalar(tp: Any, data: Any, path: Path_, problems: list[Problem]) -> Any:
    if tp is Any:
        return data
    if tp is Clock:
        if isinstance(data, str):
            try:
                return Clock.parse(data)
            except ValueError as exc:
                problems.append(Problem(path, str(exc)))
                return None
    elif tp is dt.date:
        if isinstance(data, dt.date) and not isinstance(data, dt.datetime):
            return data
        if isinstance(data, str):
            try:
                return dt.date.fromisoformat(data)
            except ValueError:
                pass
    elif tp is float:
        if isinstance(data, int | float) and not isinstance(data, bool):
            return float(data)
    elif tp is int:
        if isinstance(data, int) and not isinstance(data, bool):
            return data
    elif tp is str:
        if isinstance(data, str):
            return data
        if isinstance(data, int) and not isinstance(data, bool):
            problems.append(Problem(path, f'must be text: put numbers such as phone numbers in quotes ("{data}")'))
            return str(data)
    elif isinstance(data, tp):
        return data
    problems.append(Problem(path, f"must be {_type_name(tp)} (got {_describe(data)})"))
    return None


def _describe(data: Any) -> str:
    if data is None:
        return "nothing"
    if isinstance(data, bool):
        return f"{str(data).lower()}"
    if isinstance(data, dict):
        return "a mapping"
    if isinstance(data, list):
        return "a list"
    return repr(data)
