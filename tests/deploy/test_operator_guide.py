"""The operator guide says what the intake's design leans on outside the code."""

from __future__ import annotations

import re
from pathlib import Path

GUIDE = Path(__file__).resolve().parents[2] / "docs" / "operator.md"


def test_the_webhook_step_turns_on_lines_redelivery_and_says_why():
    # A 503 (storage briefly down) loses the event and its reply for good unless LINE redelivers it.
    step = GUIDE.read_text(encoding="utf-8").split("## 4. Set the webhook URL", 1)[1].split("\n## ", 1)[0]
    assert "turn on **Webhook redelivery**" in step
    assert "503" in step and "never gets the reply" in step


def _console_section() -> str:
    text = GUIDE.read_text(encoding="utf-8")
    return text.split("## Running next to the counselling console", 1)[1].split("\n## ", 1)[0]


def test_the_console_section_names_the_settings_the_code_has():
    from typing import get_args

    from tsunagu.domain.console import LOCAL, ConsoleAnswers
    from tsunagu.ports.metrics import METRIC_NAMES

    section = _console_section()
    for topic in ("2021", "reply token", "quota", "webhookEventId", "24 hours", "dead-letter"):
        assert topic in section, topic
    for mode in get_args(ConsoleAnswers):
        assert f"answers: {mode}" in section or f"`{mode}`" in section, mode
    assert f"url: {LOCAL}" in section and "channel_id" in section
    console_metrics = {m for m in METRIC_NAMES if m.startswith("Console")}
    named = set(re.findall(r"`(Console[A-Za-z]+)`", section)) - {"ConsoleDeadLetterAlarm"}
    assert named == console_metrics, (named, console_metrics)


def test_the_guide_no_longer_sends_counsellors_to_official_account_manager_for_conversations():
    # Outside the section that explains the guideline, a mention of reading chats there says whom it binds.
    text = GUIDE.read_text(encoding="utf-8").replace(_console_section(), "")
    for line in text.splitlines():
        if "Official Account Manager" in line and ("chat" in line or "conversation" in line):
            assert "guideline" in line, line


def test_every_alarm_the_guide_names_exists_in_the_template(deployment):
    alarms = {name for name, r in deployment.template["Resources"].items() if r["Type"] == "AWS::CloudWatch::Alarm"}
    named = set(re.findall(r"alarm `([A-Za-z]+Alarm)`", GUIDE.read_text(encoding="utf-8")))
    assert named <= alarms, named - alarms
    assert "ConsoleDeadLetterAlarm" in named
