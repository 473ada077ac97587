"""The texts of one item, in the placement's language, from the programme config and the print catalogue.

Layouts name these sources: `catalog.<key>`, `ward.name`, `ward.program`, `channel.name`,
`channel.audience`, `hours`, `hours_line`, `period`, `topics`, `emergency`, `emergency_short`,
`emergency_child` (the numbers that serve a child in danger: 189 and the child lines), `line_id`,
`issuer` (ward, department, phone from the programme's issuer block), `issuer_short` (the ward's name)
(the ID to search for in LINE, printed beside the code for a phone that cannot scan).
"""

from __future__ import annotations

from tsunagu import catalog
from tsunagu.domain.config import Channel, Contact, Ward
from tsunagu.domain.dates import date_format

NBSP = "\u00a0"  # keeps a day group or a contact on one line; line breaks fall between them


def texts(ward: Ward, channel: Channel, language: str) -> dict[str, str]:
    """Every text source for one channel in one language (catalog.* included)."""
    words = catalog.section(language, "print")
    out = {f"catalog.{k}": v for k, v in words.items() if isinstance(v, str)}
    printed = tuple(k for k in ward.emergency_contacts if k.printed)  # the rest are for replies and pages
    out.update({
        "ward.name": ward.name.pick(language),
        "ward.program": ward.program.pick(language),
        "channel.name": channel.name.pick(language),
        "channel.audience": channel.audience.pick(language),
        "hours": weekly_hours(channel, language),
        "period": period(channel, language),
        "hours_line": hours_line(channel, language),
        "topics": topics(channel, language),
        "emergency": emergency(printed, language),
        "emergency_short": emergency(printed[:1], language, with_hours=False),
        "emergency_child": emergency(serving(ward, "child_danger"), language),
        "line_id": words["line_id"].format(id=channel.line_id).replace(" ", NBSP),
        "issuer": issuer(ward, language),
        "issuer_short": words["issuer_short"].format(ward=ward.name.pick(language)),
    })
    return out


def serving(ward: Ward, category: str) -> tuple[Contact, ...]:
    """The contacts that name `category`, `printed: false` ones included (a layout asks for them by name)."""
    return tuple(k for k in ward.emergency_contacts if category in k.categories)


def issuer(ward: Ward, language: str) -> str:
    """'発行　北区　総務課 男女共同参画係　電話 03-…': the issuer block; the ward's name alone without an issuer."""
    words = catalog.section(language, "print")
    if ward.issuer is None:
        return words["issuer_short"].format(ward=ward.name.pick(language))
    return words["issuer"].format(ward=ward.name.pick(language), department=ward.issuer.department.pick(language),
                                  phone=ward.issuer.phone)


def weekly_hours(channel: Channel, language: str) -> str:
    """A short weekly-hours line, e.g. '月・水・金 19:00〜22:00 ／ 土・日 20:00〜翌1:00'."""
    words = catalog.section(language, "print")
    dates = date_format(language)
    groups = []
    for rule in channel.hours:
        days, span = dates.days(rule.days, rule.nth), dates.span(rule.start.minutes, rule.end.minutes)
        groups.append(f"{days}{NBSP}{span}".replace(" ", NBSP))
    line = words["group_separator"].join(groups)
    if channel.hours and channel.holidays == "closed":
        line += words["note"].format(text=words["holidays_closed"])
    return line


def hours_line(channel: Channel, language: str) -> str:
    """'相談時間　月・水・金 19:00〜22:00 ／ …', then the period for a date-bounded channel."""
    words = catalog.section(language, "print")
    parts = [words["hours_label"], weekly_hours(channel, language), period(channel, language)]
    return words["contact_separator"].join(p for p in parts if p)


def period(channel: Channel, language: str) -> str:
    """For a date-bounded channel: '2019年2月1日〜2019年2月14日の期間限定'; empty otherwise."""
    if channel.valid is None:
        return ""
    words = catalog.section(language, "print")
    dates = date_format(language)
    return words["period"].format(start=dates.date_full(channel.valid.start), end=dates.date_full(channel.valid.end))


def topics(channel: Channel, language: str) -> str:
    """The label and the channel's topics in the catalogue's words."""
    words = catalog.section(language, "print")
    names = catalog.section(language, "topics")
    listed = words["list_separator"].join(names[t] for t in channel.topics)  # every language names every topic
    return words["topics_label"] + listed if listed else ""


def emergency(contacts: tuple[Contact, ...], language: str, with_hours: bool = True) -> str:
    """'いま危ないときは　警察（緊急） 110　…': the label then each contact with its phone."""
    words = catalog.section(language, "print")
    parts = []
    for c in contacts:
        if c.hours and with_hours:
            parts.append(words["contact_hours"].format(name=c.name.pick(language), phone=c.phone,
                                                       hours=c.hours.pick(language)))
        else:
            parts.append(words["contact"].format(name=c.name.pick(language), phone=c.phone))
    if not parts:
        return ""
    parts = [p.replace(" ", NBSP) for p in parts]  # a name and its number never part across lines
    return words["emergency_label"] + words["contact_separator"] + words["contact_separator"].join(parts)
