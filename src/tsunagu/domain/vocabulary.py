"""The closed sets of words tsunagu acts on, records and shows: each defined once, as a `Literal` type.

Records, postback data, catalogue keys and report columns use these values as they are. Each tuple is
derived from its type, so the type checker's list and the one the code iterates cannot drift apart.
"""

from __future__ import annotations

from typing import Literal, get_args

# The LINE webhook event types the intake acts on; the others are ignored (LINE adds types over time).
EventType = Literal["follow", "unfollow", "message", "postback"]
HANDLED_EVENTS: tuple[EventType, ...] = get_args(EventType)

# What a record says happened. follow/unfollow: friend added or blocked; message: a message from a
# person; age: a self-declared age band; survey: end-of-chat survey answers; emergency: emergency words
# seen (the words are not kept); handoff: a request for phone, face-to-face or outreach; menu: a
# rich-menu tap (hours, privacy, ...) or a deletion question asked or cancelled; status: the optional
# status answer (`detail`: a Status); reason: one reason for consulting the person chose (`detail`: the
# channel's reason id); erasure: a person asked to be forgotten and confirmed it.
RecordKind = Literal["follow", "unfollow", "message", "age", "survey", "emergency", "handoff", "menu", "status",
                     "reason", "erasure"]
RECORD_KINDS: tuple[RecordKind, ...] = get_args(RecordKind)

# "I would rather not say": an answer to the age and status questions alike, never counted in a share.
NoAnswer = Literal["no-answer"]
NO_ANSWER: NoAnswer = "no-answer"
AgeBand = Literal["10s", "20s", "30s", "40s", "50s", "60plus", NoAnswer]
AGE_BANDS: tuple[AgeBand, ...] = get_args(AgeBand)

# The optional question after the age band: 学生 / 働いている / その他 / 答えない.
Status = Literal["student", "working", "other", NoAnswer]
STATUSES: tuple[Status, ...] = get_args(Status)

# 相談してよかった, また相談したい, 相談しやすかった, 前向きな気持ちになれた: asked in this order.
SurveyQuestion = Literal["glad", "again", "easy", "positive"]
SURVEY_QUESTIONS: tuple[SurveyQuestion, ...] = get_args(SurveyQuestion)
SurveyAnswer = Literal["yes", "no", "skip"]
SURVEY_ANSWERS: tuple[SurveyAnswer, ...] = get_args(SurveyAnswer)

# A person can ask on LINE to talk by phone, face to face, or for an outreach visit; staff also log
# people they handed on to a partner organisation.
RequestedHandoff = Literal["phone", "face", "outreach"]
REQUESTED_HANDOFFS: tuple[RequestedHandoff, ...] = get_args(RequestedHandoff)
HandoffKind = Literal[RequestedHandoff, "partner"]
HANDOFF_KINDS: tuple[HandoffKind, ...] = get_args(HandoffKind)

# The answers to "delete your records?": only "yes" erases.
EraseAnswer = Literal["yes", "no"]
ERASE_ANSWERS: tuple[EraseAnswer, ...] = get_args(EraseAnswer)

# Rich-menu buttons that answer with information (the survey and hand-offs carry more data).
MenuAction = Literal["hours", "emergency", "privacy", "specialist"]
MENU_ACTIONS: tuple[MenuAction, ...] = get_args(MenuAction)

# What an emergency message is about (issue 21): the detector names one, the staff alert carries it (never
# the text), and an emergency number may name the ones it serves, so the reply lists those first.
EmergencyCategory = Literal["ideation", "plans_means", "self_harm", "overdose", "violence", "sexual_violence",
                            "child_danger", "shelter_food", "stalking", "other_person"]
EMERGENCY_CATEGORIES: tuple[EmergencyCategory, ...] = get_args(EmergencyCategory)

Weekday = Literal["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
WEEKDAYS: tuple[Weekday, ...] = get_args(Weekday)  # Monday first, as date.weekday() counts

PlacementKind = Literal["poster", "sticker", "card"]
PLACEMENT_KINDS: tuple[PlacementKind, ...] = get_args(PlacementKind)
