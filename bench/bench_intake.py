"""Benchmark: the LINE intake against the textbook line-bot-sdk handler, side by side in one run.

1. Warm verify + parse per event: tsunagu (stdlib HMAC + json) vs line-bot-sdk's WebhookParser.parse
   on the same signed body. Target: >= 5x faster.
2. Cold start: a fresh process importing functions/app.py and recording one signed event (no reply)
   on SQLite and on DynamoDB (dynalite), vs a fresh process running `import linebot.v3.webhook`.
   Targets: <= 1/5 of it with SQLite, <= 1/2 with DynamoDB (time; peak memory is printed too).
3. Cold start to the first answered follow event, reply included (to the local LINE stand-in), vs a
   handler built the textbook way (WebhookParser + MessagingApi.reply_message). Target: <= 1/3.
   (bench/bench_coldstart.py measures the same from the deployment zip, as Lambda runs it.)
4. A bounded HTTP load run on 127.0.0.1 (`tsunagu serve`'s WSGI app in a subprocess, SQLite):
   `--events` events (default 10,000), then stop. p50/p99 latency, lost and duplicated counts.
5. `--warm-webhook COMMIT`: a warm webhook for a text message (in hours and out of hours, a few people
   writing several lines, SQLite, replies to the LINE stand-in), this tree against COMMIT's code
   (`git archive` into a temporary folder), each in its own process, interleaved, in one run.
   Target (issue 18): this tree at least 20% faster (mean ms per webhook, ratio <= 0.80).

Run: .venv/bin/python bench/bench_intake.py [--events N] [--runs R] [--skip-load] [--warm-webhook c9d42f9]
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path

from rich.console import Console
from rich.table import Table
from side_by_side import side_by_side

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests"))

from support.dynalite import AWS_ENV, running_dynalite  # noqa: E402
from support.line_events import make_event, sign, webhook_body  # noqa: E402

from tsunagu.adapters.programs_json import compile_programs  # noqa: E402
from tsunagu.adapters.secrets.files import init_local_secrets  # noqa: E402
from tsunagu.adapters.standin.line import LineStandIn  # noqa: E402
from tsunagu.makers.sources.programs import load_programs  # noqa: E402

console = Console(width=150)
PY = sys.executable
CHANNEL = "kita-women"

# Child scripts: each prints {"seconds": ..., "rss_mib": ...} measured from interpreter start.
CHILD_PRELUDE = """
import json, os, sys, time
"""
CHILD_REPORT = """
# VmHWM, not ru_maxrss: after fork + exec, ru_maxrss still counts the parent's pages.
rss = next(int(l.split()[1]) for l in open("/proc/self/status") if l.startswith("VmHWM")) / 1024
print(json.dumps({"rss_mib": rss, "result": RESULT}))
"""
TSUNAGU_CHILD = """
import importlib.util
spec = importlib.util.spec_from_file_location("app", os.environ["BENCH_APP"])
app = importlib.util.module_from_spec(spec); spec.loader.exec_module(app)
body = open(os.environ["BENCH_BODY"], "rb").read()
from tsunagu.services.intake import receive_webhook
if os.environ.get("BENCH_HANDLE"):
    RESULT = receive_webhook(os.environ["BENCH_CHANNEL"], body, os.environ["BENCH_SIG"], app.wiring().services()).status
else:
    RESULT = "imported"
"""
SDK_IMPORT_CHILD = """
import linebot.v3.webhook
RESULT = "imported"
"""
TEXTBOOK_CHILD = """
from linebot.v3.webhook import WebhookParser
from linebot.v3.messaging import ApiClient, Configuration, MessagingApi, ReplyMessageRequest, TextMessage
body = open(os.environ["BENCH_BODY"], "rb").read().decode("utf-8")
events = WebhookParser(os.environ["BENCH_SECRET"]).parse(body, os.environ["BENCH_SIG"])
api = MessagingApi(ApiClient(Configuration(host=os.environ["TSUNAGU_LINE_API"], access_token="t")))
for ev in events:
    api.reply_message(ReplyMessageRequest(reply_token=ev.reply_token, messages=[TextMessage(text="Thank you")]))
RESULT = len(events)
"""


def child(script: str, env: dict[str, str], runs: int, fresh: object = None) -> tuple[float, float, object]:
    """Median wall seconds (process start to exit) and peak RSS of a fresh interpreter running `script`.

    `fresh()`, if given, adds env entries per run (a new event each time: reply tokens work once).
    """
    times, rss, result = [], [], None
    for _ in range(runs):
        run_env = {**os.environ, **env, **(fresh() if fresh else {})}
        start = time.perf_counter()
        out = subprocess.run([PY, "-c", CHILD_PRELUDE + script + CHILD_REPORT], env=run_env,
                             capture_output=True, text=True, check=True, cwd=REPO)
        times.append(time.perf_counter() - start)
        doc = json.loads(out.stdout.strip().splitlines()[-1])
        rss.append(doc["rss_mib"])
        result = doc["result"]
    return statistics.median(times), statistics.median(rss), result


def setup(tmp: Path) -> dict[str, str]:
    """Compiled programmes (as the Lambda ships them), fresh secrets and a signed follow and unfollow."""
    programs = load_programs(REPO / "programs")
    compiled = tmp / "programs.json"
    compiled.write_text(json.dumps(compile_programs(programs), ensure_ascii=False), encoding="utf-8")
    secrets = tmp / "secrets.json"
    init_local_secrets(secrets, [ch.id for ch in programs.channels])
    secret = json.loads(secrets.read_text())["channels"][CHANNEL]["secret"]
    env = {"TSUNAGU_PROGRAMS": str(compiled), "TSUNAGU_SECRETS": str(secrets), "BENCH_CHANNEL": CHANNEL,
           "BENCH_APP": str(REPO / "functions" / "app.py"), "BENCH_SECRET": secret,
           "TSUNAGU_NOTIFY": str(tmp / "alerts.log")}
    return env


def signed(tmp: Path, env: dict[str, str], kind: str) -> dict[str, str]:
    """Write a one-event body of this kind; env entries pointing at it and its signature."""
    body = webhook_body(make_event(kind, event_id=uuid.uuid4().hex))
    path = tmp / f"{kind}-{uuid.uuid4().hex[:6]}.json"
    path.write_bytes(body)
    return {"BENCH_BODY": str(path), "BENCH_SIG": sign(body, env["BENCH_SECRET"])}


def warm_parse(table: Table) -> None:
    """Section 1: per-event cost of verify + parse, both warm."""
    from linebot.v3.webhook import WebhookParser

    from tsunagu.domain.intake.signature import verify
    from tsunagu.domain.intake.webhook import parse

    secret = "s" * 32
    events = [make_event(k) for k in ("text", "follow", "postback", "sticker", "unfollow", "text", "text", "image")]
    body = webhook_body(*events)
    signature = sign(body, secret)
    text = body.decode("utf-8")
    parser = WebhookParser(secret)
    rounds = 3000

    def ours() -> None:
        assert verify(body, secret, signature)
        parse(body)

    def sdk() -> None:
        parser.parse(text, signature)

    figures = {}
    for name, fn in (("tsunagu", ours), ("line-bot-sdk", sdk)):
        fn()
        best = min(_timed(fn, rounds) for _ in range(5))
        figures[name] = best / len(events) * 1e6
    ratio = figures["line-bot-sdk"] / figures["tsunagu"]
    table.add_row("warm verify + parse, per event", f"{figures['tsunagu']:.1f} µs", f"{figures['line-bot-sdk']:.1f} µs",
                  f"{ratio:.1f}× faster", "≥ 5×", _verdict(ratio >= 5))


def _timed(fn: object, rounds: int) -> float:
    start = time.perf_counter()
    for _ in range(rounds):
        fn()
    return (time.perf_counter() - start) / rounds


def _verdict(ok: bool) -> str:
    return "[green]met[/]" if ok else "[red]missed[/]"


def cold(table: Table, tmp: Path, env: dict[str, str], runs: int) -> None:
    """Sections 2 and 3: fresh processes."""
    base_t, base_rss, _ = child(SDK_IMPORT_CHILD, {}, runs)
    imp_t, imp_rss, _ = child(TSUNAGU_CHILD, {**env, **signed(tmp, env, "unfollow"),
                                              "TSUNAGU_STORE": f"sqlite:///{tmp}/cold-import.sqlite3"}, runs)
    table.add_row("cold: import functions/app.py", f"{imp_t * 1000:.0f} ms, {imp_rss:.0f} MiB",
                  f"{base_t * 1000:.0f} ms, {base_rss:.0f} MiB", f"{imp_t / base_t:.2f}", "", "")
    sq_t, sq_rss, status = child(TSUNAGU_CHILD, {**env, **signed(tmp, env, "unfollow"), "BENCH_HANDLE": "1",
                                                 "TSUNAGU_STORE": f"sqlite:///{tmp}/cold.sqlite3"}, runs)
    assert status == 200, status
    table.add_row("cold: import + record one event, SQLite", f"{sq_t * 1000:.0f} ms, {sq_rss:.0f} MiB",
                  f"{base_t * 1000:.0f} ms, {base_rss:.0f} MiB", f"{sq_t / base_t:.2f}", "≤ 0.20",
                  _verdict(sq_t / base_t <= 0.2))
    with running_dynalite(tmp / "dynalite.log") as url:
        from tsunagu.adapters.store.dynamodb import DynamoStore

        dyn_env = {**AWS_ENV, "AWS_ENDPOINT_URL_DYNAMODB": url}
        os.environ.update(dyn_env)
        table_name = f"bench-{uuid.uuid4().hex[:8]}"
        DynamoStore(table_name, endpoint_url=url).ensure_table()
        dy_t, dy_rss, status = child(TSUNAGU_CHILD, {**env, **dyn_env, **signed(tmp, env, "unfollow"),
                                                     "BENCH_HANDLE": "1", "TSUNAGU_STORE": f"dynamodb://{table_name}"},
                                     runs)
        assert status == 200, status
    table.add_row("cold: import + record one event, DynamoDB", f"{dy_t * 1000:.0f} ms, {dy_rss:.0f} MiB",
                  f"{base_t * 1000:.0f} ms, {base_rss:.0f} MiB", f"{dy_t / base_t:.2f}", "≤ 0.50",
                  _verdict(dy_t / base_t <= 0.5))
    with LineStandIn() as line:
        line_env = {"TSUNAGU_LINE_API": line.url, "TSUNAGU_STORE": f"sqlite:///{tmp}/follow.sqlite3"}
        follow = lambda: signed(tmp, env, "follow")  # noqa: E731 - a fresh event per run
        fo_t, fo_rss, status = child(TSUNAGU_CHILD, {**env, **line_env, "BENCH_HANDLE": "1"}, runs, follow)
        assert status == 200 and len(line.requests("/v2/bot/message/reply")) == runs, "every follow was answered"
        tb_t, tb_rss, answered = child(TEXTBOOK_CHILD, {**env, **line_env}, runs, follow)
        assert answered == 1 and len(line.requests("/v2/bot/message/reply")) == 2 * runs
    table.add_row("cold: first answered follow (reply sent)", f"{fo_t * 1000:.0f} ms, {fo_rss:.0f} MiB",
                  f"{tb_t * 1000:.0f} ms, {tb_rss:.0f} MiB (textbook)", f"{fo_t / tb_t:.2f}", "≤ 0.33",
                  _verdict(fo_t / tb_t <= 1 / 3))


def load(tmp: Path, env: dict[str, str], n: int, workers: int = 4) -> None:
    """Section 4: `n` events over HTTP against the serve app in a subprocess, then stop."""
    from tsunagu.adapters.store.sqlite import SqliteStore
    from tsunagu.entry.commands.simulate import Sender, Summary, traffic

    store_path = tmp / "load.sqlite3"
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    with LineStandIn() as line:
        server_env = {**os.environ, **env, "TSUNAGU_STORE": f"sqlite:///{store_path}", "TSUNAGU_LINE_API": line.url,
                      "TSUNAGU_SERVE_QUIET": "1", "TSUNAGU_PROGRAMS": str(REPO / "programs")}
        server = subprocess.Popen([str(Path(PY).with_name("tsunagu")), "serve", "--port", str(port),
                                   "--site", str(tmp)], env=server_env, cwd=REPO,
                                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            _wait_for(port)
            channel = load_programs(REPO / "programs").channel(CHANNEL)
            requests = list(traffic(channel, n, seed=99, days=30))
            latencies: list[float] = []
            lock = threading.Lock()
            summary = Summary()

            def work(part: list) -> None:
                sender = Sender(f"http://127.0.0.1:{port}", CHANNEL, env["BENCH_SECRET"])
                mine = []
                for events in part:
                    start = time.perf_counter()
                    status = sender.deliver(events, summary)
                    mine.append(time.perf_counter() - start)
                    assert status == 200, status
                sender.close()
                with lock:
                    latencies.extend(mine)

            start = time.perf_counter()
            threads = [threading.Thread(target=work, args=(requests[i::workers],)) for i in range(workers)]
            for t in threads:
                t.start()
            for t in threads:
                t.join()
            wall = time.perf_counter() - start
        finally:
            server.terminate()
            server.wait(10)
        tokens = [r.json["replyToken"] for r in line.requests("/v2/bot/message/reply")]
        pushes = len(line.requests("/v2/bot/message/push"))
    sent_ids = {e["webhookEventId"] for request in requests for e in request}
    import datetime as dt

    store = SqliteStore(store_path)
    stored = [r.event_id for r in store.records(None, dt.date(2000, 1, 1), dt.date(2100, 1, 1))]
    store.close()
    lost = len(sent_ids - set(stored))
    duplicated = len(tokens) - len(set(tokens))
    q = statistics.quantiles(latencies, n=100)
    console.print(f"\n[bold]HTTP load[/]: {n} events in {len(requests)} requests, {workers} senders, "
                  f"{wall:.1f} s ({n / wall:.0f} events/s)")
    console.print(f"  latency per request: p50 {q[49] * 1000:.1f} ms, p99 {q[98] * 1000:.1f} ms")
    console.print(f"  records {len(stored)} for {len(sent_ids)} events: lost {lost}, "
                  f"duplicated answers {duplicated} ({len(tokens)} replies, {pushes} push fallbacks), "
                  f"503 retries {summary.retries_503}")


def _wait_for(port: int, timeout: float = 20.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError("tsunagu serve did not start")


WARM_CHILD = """
import base64, json, os, statistics, sys, time
from tsunagu.adapters.standin.line import LineStandIn
line = LineStandIn().start()
os.environ["TSUNAGU_LINE_API"] = line.url
import importlib.util
spec = importlib.util.spec_from_file_location("app", os.environ["BENCH_APP"])
app = importlib.util.module_from_spec(spec); spec.loader.exec_module(app)
from tsunagu.services.intake import receive_webhook
services = app.wiring().services()
bodies = [(base64.b64decode(b), sig) for b, sig in json.load(open(os.environ["BENCH_BODIES"]))]
warm = int(os.environ["BENCH_WARM"])
times, cpu = [], 0.0
for i, (body, sig) in enumerate(bodies):
    start, start_cpu = time.perf_counter(), time.thread_time()
    status = receive_webhook(os.environ["BENCH_CHANNEL"], body, sig, services).status
    if i >= warm:
        times.append(time.perf_counter() - start)
        cpu += time.thread_time() - start_cpu
    assert status == 200, status
line.stop()
RESULT = {"mean_ms": statistics.fmean(times) * 1000, "cpu_ms": cpu / len(times) * 1000}
"""


def warm_webhook(tmp: Path, env: dict[str, str], commit: str, rounds: int = 5, n: int = 230) -> None:
    """A warm text-message webhook: this tree vs `commit`'s code, interleaved fresh processes, one run."""
    from support.intake_moments import closed_moment, open_moment

    old = tmp / "old"
    old.mkdir()
    archive = subprocess.run(["git", "archive", commit], cwd=REPO, capture_output=True, check=True).stdout
    subprocess.run(["tar", "-x", "-C", str(old)], input=archive, check=True)
    channel = load_programs(REPO / "programs").channel(CHANNEL)
    users = [f"U{uuid.uuid4().hex}" for _ in range(10)]
    import base64
    import datetime as dt

    def bodies(at: dt.datetime) -> list[list[str]]:
        out = []
        for i in range(n):
            body = webhook_body(make_event("text", user_id=users[i % len(users)], text="相談したいです",
                                           at=at + dt.timedelta(seconds=i), event_id=uuid.uuid4().hex))
            out.append([base64.b64encode(body).decode(), sign(body, env["BENCH_SECRET"])])
        return out

    before = commit[:7]
    results: dict[str, dict[str, list[float]]] = {before: {}, "this tree": {}}
    for when, at in (("out of hours", closed_moment(channel)), ("in hours", open_moment(channel))):
        for r in range(rounds):
            for label, tree in ((before, old), ("this tree", REPO)):
                path = tmp / f"bodies-{r}-{label.replace(' ', '_')}.json"
                path.write_text(json.dumps(bodies(at)))
                run_env = {**os.environ, **env, "PYTHONPATH": str(tree / "src"), "BENCH_BODIES": str(path),
                           "BENCH_WARM": "30", "BENCH_APP": str(tree / "functions" / "app.py"),
                           "TSUNAGU_PROGRAMS": str(tree / "programs"),
                           "TSUNAGU_STORE": f"sqlite:///{tmp / f'warm-{label[:4]}-{r}-{when[:2]}.sqlite3'}"}
                out = subprocess.run([PY, "-c", CHILD_PRELUDE + WARM_CHILD + CHILD_REPORT], env=run_env,
                                     capture_output=True, text=True, check=False, cwd=tree)
                if out.returncode:
                    raise RuntimeError(f"{label}: {out.stderr[-2000:]}")
                doc = json.loads(out.stdout.strip().splitlines()[-1])["result"]
                results[label].setdefault(f"{when}: wall ms per webhook", []).append(doc["mean_ms"])
                results[label].setdefault(f"{when}: CPU ms per webhook", []).append(doc["cpu_ms"])
    medians = {label: {figure: statistics.median(v) for figure, v in figures.items()}
               for label, figures in results.items()}
    for figures in medians.values():
        for kind in ("wall", "CPU"):
            figures[f"both: {kind} ms per webhook"] = statistics.fmean(
                [v for k, v in figures.items() if k.startswith(("in hours", "out of hours")) and f" {kind} " in k])
    console.print(side_by_side(f"Warm webhook, a text message (median of {rounds} processes, {n - 30} each)",
                               medians, digits=3))
    # CPU time is the work a webhook costs; wall time on a shared machine also holds other processes' turns.
    for kind in ("CPU", "wall"):
        figure = f"both: {kind} ms per webhook"
        ratio = medians["this tree"][figure] / medians[before][figure]
        console.print(f"{kind}: this tree / {before}: {ratio:.2f} (target <= 0.80) {_verdict(ratio <= 0.80)}")


def main() -> None:
    """Run every section and print figures and ratios."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--events", type=int, default=10_000, help="events in the HTTP load run (default 10,000)")
    ap.add_argument("--runs", type=int, default=5, help="fresh processes per cold-start figure (median)")
    ap.add_argument("--skip-load", action="store_true", help="skip the HTTP load run")
    ap.add_argument("--warm-webhook", metavar="COMMIT", help="only the warm text webhook against COMMIT's code")
    args = ap.parse_args()
    if args.warm_webhook:
        with tempfile.TemporaryDirectory(prefix="bench-warm-") as name:
            warm_webhook(Path(name), setup(Path(name)), args.warm_webhook)
        return
    table = Table(title="LINE intake vs line-bot-sdk")
    for col in ("measure", "tsunagu", "baseline", "ratio", "target", ""):
        table.add_column(col)
    with tempfile.TemporaryDirectory(prefix="bench-intake-") as name:
        tmp = Path(name)
        env = setup(tmp)
        warm_parse(table)
        cold(table, tmp, env, args.runs)
        console.print(table)
        if not args.skip_load:
            load(tmp, env, args.events)


if __name__ == "__main__":
    main()
