"""The detection catalogues (catalog/<lang>/detection.yml) read into one lexicon for every language.

A catalogue holds, for one language:
- `emergency`: patterns grouped by category (ideation, plans_means, self_harm, overdose, violence,
  sexual_violence, child_danger, shelter_food, stalking, other_person; `help` for a plea that names no
  danger); a plain list is read as `help`;
- `weak`: weak signals of concern (もう無理, 疲れた, さようなら) that add up over a person's messages;
- `exceptions`: where a match does not count (わたしにたいして is not 死にたい);
- `deletion`: whole-message requests to delete her records;
- `context`: ConText triggers (tsunagu.domain.intake.context): negated, historical, hypothetical and
  other_experiencer, each `forward` (before the words they modify) and `backward` (after them), plus
  `frame` (news, fiction, school work, information requests), `present` (present-danger cues),
  `restated` (the danger said again after its clause: "…but now I do"), `terminate` (where a trigger's
  scope ends: けど, but) and `pseudo` (a phrase that holds a trigger's words and is none: 生きる意味もない);
  and `disclosure`, which is no ConText trigger and is read apart (`Lexicon.disclosure`):
  the words a person frames her own feeling in (正直に言うと, 気持ちがあります, です), which the model's veto does
  not count as everyday words beside a match (tsunagu.domain.intake.veto, `_bare`); and `firm`, the
  words that make a match firm (a decided plan: つもり, 予定, planning to; her state named: 希死念慮が強い), which
  the model does not veto (`_firm`);
- `split`: phrases people send a piece per message (死に / たい), literal, as typed: their pieces are read
  together across her messages (tsunagu.domain.intake.fragments);
- `concepts`: concept lexicons, each a name and its words (`pills: [pills, tablets, meds, ...]`), which any
  pattern of the catalogue names as `<pills>`: every pattern that takes tablets then knows every way of
  taking them (`concepts`, `expand`).
Verbs may be written once, `<v5:叩く>`, `<v1:消える>`: tsunagu.domain.intake.conjugation expands them. A count
of tablets is `<dose>` (one to four) or `<many>` (five or more), in every language (tsunagu.domain.intake.amounts).
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from typing import Any, get_args

from tsunagu.domain.intake import amounts
from tsunagu.domain.intake.conjugation import expand as conjugated
from tsunagu.domain.vocabulary import EmergencyCategory

GENERIC = "help"  # a plea that names no danger: an emergency of no category (every number is listed)
MODIFIERS = ("negated", "historical", "hypothetical", "other_experiencer")
CUES = ("frame", "present", "restated", "terminate", "pseudo")


@dataclass(frozen=True)
class Concept:
    """What an emergency pattern stands for: its category (None for a plea) and its catalogue's language."""

    category: EmergencyCategory | None
    language: str


@dataclass(frozen=True)
class Lexicon:
    """Every language's patterns, each with what it stands for."""

    emergency: tuple[tuple[str, Concept], ...] = ()
    weak: tuple[tuple[str, str], ...] = ()  # (pattern, language)
    exceptions: tuple[str, ...] = ()
    deletion: tuple[str, ...] = ()
    # ConText: (kind, direction) -> (pattern, language); kind is a modifier or a cue (direction "" for cues)
    context: dict[tuple[str, str], tuple[tuple[str, str], ...]] = field(default_factory=dict)
    split: tuple[tuple[str, str], ...] = ()  # (phrase, language): literal, not patterns
    disclosure: tuple[str, ...] = ()  # context's `disclosure`: read by the model's veto, not by ConText
    firm: tuple[str, ...] = ()  # context's `firm`: words that make a match the model does not veto

    def patterns(self, context: bool = True) -> list[str]:
        """Every pattern it holds: emergency, weak, exceptions, deletion, disclosure and firm, and the ConText
        triggers unless `context` is False; not the split phrases, which are literal words."""
        out = [p for p, _ in self.emergency] + [p for p, _ in self.weak] + list(self.exceptions)
        out += [*self.deletion, *self.disclosure, *self.firm]
        return out + [p for found in self.context.values() for p, _ in found] if context else out

    def plus(self, emergency: tuple[str, ...], exceptions: tuple[str, ...]) -> Lexicon:
        """This lexicon with a ward's own emergency patterns (pleas of no category) and exceptions."""
        own = tuple((expand(p), Concept(None, "")) for p in emergency)
        return Lexicon(self.emergency + own, self.weak, self.exceptions + tuple(map(expand, exceptions)),
                       self.deletion, self.context, self.split, self.disclosure, self.firm)


def categories(entries: object) -> list[tuple[str, list[Any]]]:
    """The (category, patterns) groups of an `emergency` entry: a mapping, or a plain list read as `help`."""
    if isinstance(entries, dict):
        return [(str(k), v if isinstance(v, list) else []) for k, v in entries.items()]
    return [(GENERIC, entries if isinstance(entries, list) else [])]


KNOWN = (*get_args(EmergencyCategory), GENERIC)


# A concept a pattern names, `<pills>`: one of its catalogue's `concepts` (`concepts`). <dose> and <many> are
# amounts' (tsunagu.domain.intake.amounts), the same in every catalogue, and no catalogue may define them.
CONCEPT_NAME = re.compile(r"<([a-z][a-z_]*)>")
BUILT_IN = amounts.MACROS
_DEPTH = 3  # a concept may name another, this deep


def concepts(doc: dict[str, Any]) -> dict[str, str]:
    """A catalogue's concept lexicons, {name: regular expression}: `concepts: {pills: [pill, tablet, ...]}`, each
    list one alternation. A list that is not one of words (`concept_problem`) is left out."""
    found = doc.get("concepts") or {}
    if not isinstance(found, dict):
        return {}
    return {str(name): "(?:" + "|".join(words) + ")" for name, words in found.items()
            if concept_problem(name, words) is None}


def concept_problem(name: object, words: object) -> str | None:
    """What is wrong with one entry of `concepts`, for `tsunagu check`; None when it is usable."""
    if not isinstance(name, str) or not CONCEPT_NAME.fullmatch(f"<{name}>"):
        return "name a concept in lowercase letters and underscores, e.g. pills"
    if name in BUILT_IN:
        return f"<{name}> is built in (a count of tablets, the same in every language); choose another name"
    if not isinstance(words, list) or not words or not all(isinstance(w, str) and w.strip() for w in words):
        return "give a list of words or patterns, e.g. [pill, pills, tablet, tablets]"
    return None


def expand(pattern: str, lang: str = "", named: dict[str, str] | None = None) -> str:
    """A catalogue pattern with its macros expanded: its catalogue's concepts (`<pills>`, `named`), verbs
    (`<v5:…>`) and counts of tablets (`<dose>`, `<many>`) in `lang` ("": a ward's own pattern). A name no
    concept has is left as written, and `tsunagu check` names it (`unknown_concept`)."""
    if named and "<" in pattern:
        for _ in range(_DEPTH):
            expanded = CONCEPT_NAME.sub(lambda m: named.get(m.group(1), m.group(0)), pattern)
            if expanded == pattern:
                break
            pattern = expanded
    return amounts.expand(conjugated(pattern), lang)


def unknown_concept(expanded: str) -> str | None:
    """The first concept an expanded pattern names that nothing defined (None: every name was known)."""
    return next((m.group(1) for m in CONCEPT_NAME.finditer(expanded) if m.group(1) not in BUILT_IN), None)


def read(documents: dict[str, dict[str, Any]]) -> Lexicon:
    """The lexicon of these catalogues, {language: detection document}."""
    emergency: list[tuple[str, Concept]] = []
    weak: list[tuple[str, str]] = []
    exceptions: list[str] = []
    deletion: list[str] = []
    context: dict[tuple[str, str], list[tuple[str, str]]] = {}
    split: list[tuple[str, str]] = []
    disclosure: list[str] = []
    firm: list[str] = []
    for lang, doc in documents.items():
        named = concepts(doc)
        for category, patterns in categories(doc.get("emergency")):
            concept = Concept(None if category == GENERIC or category not in KNOWN else category, lang)  # type: ignore[arg-type]
            emergency += [(expand(p, lang, named), concept) for p in patterns if isinstance(p, str)]
        weak += [(expand(p, lang, named), lang) for p in doc.get("weak", []) if isinstance(p, str)]
        exceptions += [expand(p, lang, named) for p in doc.get("exceptions", []) if isinstance(p, str)]
        deletion += [expand(p, lang, named) for p in doc.get("deletion", []) if isinstance(p, str)]
        split += [(p, lang) for p in doc.get("split", []) if isinstance(p, str)]
        found = doc.get("context") or {}
        for kind in MODIFIERS:
            for direction in ("forward", "backward"):
                listed = (found.get(kind) or {}).get(direction) or []
                context.setdefault((kind, direction), []).extend(
                    (expand(p, lang, named), lang) for p in listed if isinstance(p, str))
        for kind in CUES:
            context.setdefault((kind, ""), []).extend(
                (expand(p, lang, named), lang) for p in found.get(kind) or [] if isinstance(p, str))
        disclosure += [expand(p, lang, named) for p in found.get("disclosure") or [] if isinstance(p, str)]
        firm += [expand(p, lang, named) for p in found.get("firm") or [] if isinstance(p, str)]
    return Lexicon(tuple(emergency), tuple(weak), tuple(exceptions), tuple(deletion),
                   {k: tuple(v) for k, v in context.items()}, tuple(split), tuple(disclosure), tuple(firm))


@functools.cache
def catalogue_lexicon() -> Lexicon:
    """The lexicon of every catalogue language: a person may write in any of them."""
    from tsunagu.catalog import languages, section

    return read({lang: section(lang, "detection") for lang in languages("detection")})
