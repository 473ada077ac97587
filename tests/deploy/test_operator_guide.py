"""The operator guide says what the intake's design leans on outside the code."""

from __future__ import annotations

from pathlib import Path

GUIDE = Path(__file__).resolve().parents[2] / "docs" / "operator.md"


def test_the_webhook_step_turns_on_lines_redelivery_and_says_why():
    # A 503 (storage briefly down) loses the event and its reply for good unless LINE redelivers it.
    step = GUIDE.read_text(encoding="utf-8").split("## 4. Set the webhook URL", 1)[1].split("\n## ", 1)[0]
    assert "turn on **Webhook redelivery**" in step
    assert "503" in step and "never gets the reply" in step
