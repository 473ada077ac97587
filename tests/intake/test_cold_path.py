"""The cold path stays light: recording an event imports neither line-bot-sdk (nor its pydantic) nor boto3."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from support.line_events import make_event, sign, webhook_body

from tsunagu.adapters.programs_json import compile_programs
from tsunagu.adapters.secrets.files import init_local_secrets
from tsunagu.makers.sources.programs import load_programs

REPO = Path(__file__).resolve().parents[2]
CHILD = """
import importlib.util, json, os, sys
spec = importlib.util.spec_from_file_location("app", os.environ["APP"])
app = importlib.util.module_from_spec(spec); spec.loader.exec_module(app)
from tsunagu.services.intake import receive_webhook
body = open(os.environ["BODY"], "rb").read()
status = receive_webhook("kita-women", body, os.environ["SIG"], app.wiring().services()).status
heavy = sorted({m.split(".")[0] for m in sys.modules} & {"linebot", "boto3", "botocore", "pydantic"})
print(json.dumps({"status": status, "heavy": heavy}))
"""


def test_recording_an_unfollow_imports_no_sdk(tmp_path):
    programs = load_programs(REPO / "programs")
    compiled = tmp_path / "programs.json"
    compiled.write_text(json.dumps(compile_programs(programs)), encoding="utf-8")
    secrets = tmp_path / "secrets.json"
    init_local_secrets(secrets, [ch.id for ch in programs.channels])
    body = webhook_body(make_event("unfollow"))
    (tmp_path / "body.json").write_bytes(body)
    secret = json.loads(secrets.read_text())["channels"]["kita-women"]["secret"]
    env = {"APP": str(REPO / "functions" / "app.py"), "BODY": str(tmp_path / "body.json"), "SIG": sign(body, secret),
           "TSUNAGU_PROGRAMS": str(compiled), "TSUNAGU_SECRETS": str(secrets),
           "TSUNAGU_STORE": f"sqlite:///{tmp_path}/cold.sqlite3", "PATH": "/usr/bin:/bin",
           "PYTHONPATH": str(REPO / "src")}  # this checkout's source, also in a worktree
    out = subprocess.run([sys.executable, "-c", CHILD], env=env, capture_output=True, text=True, check=True)
    assert json.loads(out.stdout) == {"status": 200, "heavy": []}

