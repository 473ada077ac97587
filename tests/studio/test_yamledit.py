"""The round-trip editor: every field type edited, the file's comments and other lines kept byte for byte."""

from __future__ import annotations

import difflib
import re
from pathlib import Path

import pytest

from tsunagu.makers.sources import yamledit

PROGRAMS = Path(__file__).resolve().parents[2] / "programs"

# One edit of each field type staff meet in the studio's forms.
EDITS = {
    "channels[0].hours[0].start": "10:30",  # a quoted clock
    "channels[0].hours[0].days": "wed, thu",  # a flow list of words
    "channels[0].closures.dates": "2023-01-01, 2023-01-02",  # a list of dates
    "channels[0].closures.annual": "12-31",  # an empty `[]` list
    "channels[0].capacity": "5",  # a number with two comments after it
    "channels[0].holidays": "closed",  # a plain word
    "emergency_contacts[0].phone": "111",  # quoted digits stay text
    "emergency_contacts[0].name.en": "Police",  # a member of a flow map
    "channels[0].extra_days[0].date": "2022-08-14",  # a date inside a flow map in a list
    "channels[0].texts.en.greeting": "Hello, this is a new greeting: welcome.",  # a long text with a colon
}


def _comments(text: str) -> list[str]:
    return [m.group(0).strip() for m in re.finditer(r"(?:^|\s)#.*$", text, re.M)]


def test_unchanged_file_keeps_every_byte():
    for path in sorted(PROGRAMS.glob("*.yml")):
        text = path.read_text(encoding="utf-8")
        assert yamledit.dump(yamledit.load(text)) == text, path.name


def test_every_field_type_edited_and_the_rest_kept_byte_for_byte():
    before = (PROGRAMS / "osaka.yml").read_text(encoding="utf-8")
    after = yamledit.apply(before, EDITS)
    doc = yamledit.load(after)
    by_name = {f.name: f.text for root in (("channels",), ("emergency_contacts",)) for f in yamledit.fields(doc, root)}
    for name, typed in EDITS.items():
        assert by_name[name] == typed, name
    assert _comments(after) == _comments(before)  # every comment, in order, word for word
    old, new = before.splitlines(), after.splitlines()
    assert len(old) == len(new)
    changed = [i for i, (a, b) in enumerate(zip(old, new, strict=True)) if a != b]
    assert len(changed) == len(EDITS)  # one line per edited value, no other
    for i in changed:  # outside the edited value, the line's comment and indentation are the same
        assert re.match(r"\s*", old[i]).group(0) == re.match(r"\s*", new[i]).group(0)
    assert yamledit.apply(after, {}) == after


def test_types_follow_the_file():
    before = (PROGRAMS / "osaka.yml").read_text(encoding="utf-8")
    after = yamledit.apply(before, {"emergency_contacts[0].phone": "0120", "channels[0].capacity": "4"})
    assert 'phone: "0120"' in after and re.search(r"capacity: 4 ", after)


@pytest.mark.parametrize("name", ["channels[0].nope", "channels[99].hours", "[", "channels[0].closures"])
def test_unknown_or_group_fields_are_refused(name):
    before = (PROGRAMS / "osaka.yml").read_text(encoding="utf-8")
    with pytest.raises(yamledit.EditRefused):
        yamledit.apply(before, {name: "x"})


def test_dotted_names_round_trip():
    assert yamledit.parse_dotted("channels[0].hours[12].start") == ("channels", 0, "hours", 12, "start")
    assert yamledit.dotted(("channels", 0, "hours", 12, "start")) == "channels[0].hours[12].start"


@pytest.mark.parametrize("name", ["channels[0].hours", "channels[0].extra_days", "emergency_contacts", "placements"])
def test_a_row_is_appended_as_a_copy_without_touching_the_rest(name):
    before = (PROGRAMS / "osaka.yml").read_text(encoding="utf-8")
    after = yamledit.apply(yamledit.append_copy(before, name), {})
    assert _comments(after) == _comments(before)
    rows = [f for f in yamledit.fields(yamledit.load(after), yamledit.parse_dotted(name))]
    old = [f for f in yamledit.fields(yamledit.load(before), yamledit.parse_dotted(name))]
    assert len(rows) > len(old) and [f.text for f in rows[len(old):]] == [f.text for f in old[-(len(rows) - len(old)):]]
    removed = [line for line in difflib.ndiff(before.splitlines(), after.splitlines()) if line.startswith("- ")]
    assert removed == []  # only lines added: every line of the file is still there, byte for byte


def test_a_row_cannot_be_added_to_a_value_or_a_plain_list():
    before = (PROGRAMS / "osaka.yml").read_text(encoding="utf-8")
    for name in ("channels[0].capacity", "channels[0].closures.dates", "channels[0].closures"):
        with pytest.raises(yamledit.EditRefused):
            yamledit.append_copy(before, name)
