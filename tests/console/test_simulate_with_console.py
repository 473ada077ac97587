"""`tsunagu simulate` against `tsunagu serve` with a channel whose console is the local stand-in (url: local):
the simulation runs as before, and the stand-in under serve receives the requests, each verified."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import urllib.request

from support.serve_process import REPO


def test_simulate_drives_a_channel_behind_the_console_stand_in(serve_process, tmp_path):
    programs = tmp_path / "programs"
    shutil.copytree(REPO / "programs", programs)
    kita = programs / "kita.yml"
    text = kita.read_text(encoding="utf-8")
    kita.write_text(text.replace("    outreach: true\n", "    outreach: true\n    console: {url: local}\n", 1),
                    encoding="utf-8")
    server = serve_process(env={"TSUNAGU_PROGRAMS": str(programs)})
    console = None
    for _ in range(4):  # the lines serve prints after the intake's address
        found = re.search(r"Console: local stand-in at (http://127\.0\.0\.1:\d+/)", server.proc.stdout.readline())
        if found:
            console = found.group(1)
            break
    assert console, "serve starts the console stand-in for a channel with console: {url: local}"
    env = {"TSUNAGU_PROGRAMS": str(programs), "TSUNAGU_SECRETS": str(server.secrets_path),
           "TSUNAGU_STORE": f"sqlite:///{tmp_path / 'serve.sqlite3'}", "PYTHONPATH": str(REPO / "src")}
    done = subprocess.run([sys.executable, "-m", "tsunagu.entry.cli", "simulate", "--channel", "kita-women",
                           "--events", "40", "--url", f"http://127.0.0.1:{server.port}", "--seed", "3"],
                          env=env, capture_output=True, text=True, check=False, cwd=tmp_path)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "console:          local answers messages in open hours" in done.stdout
    requests = int(re.search(r"requests:\s+(\d+)", done.stdout).group(1))
    with urllib.request.urlopen(console, timeout=10) as res:
        page = res.read().decode("utf-8")
    shown = page.count("<tr>") - 1  # the page shows the last events, newest first, at most 50 requests' worth
    assert shown >= min(requests, 20), (shown, requests)
    err = server.stderr()
    assert "Traceback" not in err and "refused" not in err
