"""`tsunagu serve` stays up (issue 19, F3, F4, F11, F12, F14): slow clients, slow LINE, odd requests, leaks."""

from __future__ import annotations

import http.client
import os
import signal
import socket
import stat
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from wsgiref.simple_server import make_server

import pytest
from support.line_events import make_event, sign, webhook_body

from tsunagu.adapters.standin.line import LineStandIn
from tsunagu.entry.serving.connections import BoundedServer, DeadlineHandler, connection_bound

KITA = "kita-women"
SCAN = "/scan/kita-sticker-ward-office"


def raw(port: int, data: bytes, timeout: float = 10) -> bytes:
    """Send bytes as they are and read the whole answer."""
    with socket.create_connection(("127.0.0.1", port), timeout=timeout) as s:
        s.sendall(data)
        s.shutdown(socket.SHUT_WR)
        reply = b""
        while chunk := s.recv(65536):
            reply += chunk
    return reply


def status_of(reply: bytes) -> int:
    return int(reply.split(b" ", 2)[1])


def timed_get(port: int, path: str) -> tuple[int, float]:
    started = time.monotonic()
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        conn.request("GET", path)
        res = conn.getresponse()
        res.read()
        return res.status, time.monotonic() - started
    finally:
        conn.close()


def signed_post(server, event) -> tuple[int, float]:
    body = webhook_body(event)
    started = time.monotonic()
    status = server.post(f"/callback/{KITA}", body, {"X-Line-Signature": sign(body, server.secret(KITA))})
    return status, time.monotonic() - started


@pytest.fixture
def site(tmp_path):
    (tmp_path / "site" / "kita").mkdir(parents=True)
    (tmp_path / "site" / "kita" / "index.html").write_text("<p>kita</p>", encoding="utf-8")
    (tmp_path / "site" / "index.html").write_text("<p>top</p>", encoding="utf-8")
    return tmp_path / "site"


def test_malformed_requests_get_400_414_or_505_and_one_safe_log_line(serve_process, site):
    server = serve_process(env={"TSUNAGU_SERVE_QUIET": ""})
    assert status_of(raw(server.port, b"GET / HTTP/9.9\r\nHost: x\r\n\r\n")) == 505
    assert status_of(raw(server.port, b"GET /" + b"a" * 70_000 + b" HTTP/1.1\r\nHost: x\r\n\r\n")) == 414
    tls_hello = bytes.fromhex("160301020001000200fc03031234") + bytes(range(256))[::-3]
    assert status_of(raw(server.port, tls_hello + b"\r\n\r\n")) == 400
    assert status_of(raw(server.port, b"GET /%00 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")) == 400
    assert status_of(raw(server.port, b"GET /a\x1b[31mred HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")) == 404
    err = server.stderr()
    assert "Traceback" not in err and "127.0.0.1" not in err, err
    bad = [line for line in err.splitlines() if not line.isprintable()]
    assert not bad and "\\x1b[31mred" in err, ("control bytes reach the log escaped", bad)
    assert all(len(line) < 400 for line in err.splitlines()), "no 70 KB log line"


def test_options_on_the_intake_is_405_and_a_folder_redirects_to_its_slash(serve_process, site):
    server = serve_process()
    reply = raw(server.port, f"OPTIONS /callback/{KITA} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".encode())
    assert status_of(reply) == 405 and b"Allow: POST" in reply
    reply = raw(server.port, b"GET /kita HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
    assert status_of(reply) == 301 and b"Location: /kita/\r\n" in reply
    assert timed_get(server.port, "/kita/")[0] == 200


def test_the_listen_queue_holds_at_least_128_connections(serve_process, site):
    server = serve_process()
    listening = os.popen(f"ss -ltnH 'sport = :{server.port}'").read().split()
    assert int(listening[2]) >= 128, listening  # Send-Q of a listening socket is its backlog


def test_250_trickling_clients_under_ulimit_256_do_not_stop_anyone_else(serve_process, site):
    server = serve_process(nofile=256)
    trickle = []
    try:
        for _ in range(250):
            try:
                s = socket.create_connection(("127.0.0.1", server.port), timeout=5)
                s.sendall(b"P")  # one byte of a request line, and then nothing for a long while
                trickle.append(s)
            except OSError:
                break
        time.sleep(0.5)
        cpu_before = _cpu_seconds(server.proc.pid)
        statuses, times = [], []
        for i in range(10):
            status, took = signed_post(server, make_event("follow")) if i % 2 else timed_get(server.port, "/kita/")
            statuses.append(status)
            times.append(took)
        time.sleep(2)
        assert statuses == [200] * 10, statuses
        assert max(times) < 2.0, times
        assert _cpu_seconds(server.proc.pid) - cpu_before < 1.5, "the server does not spin a core"
    finally:
        for s in trickle:
            s.close()
    assert "Traceback" not in server.stderr()


def _cpu_seconds(pid: int) -> float:
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def test_a_request_that_trickles_is_cut_at_its_deadline_not_per_read():
    class Short(DeadlineHandler):
        deadline_s = 1.0
        quiet = True

    server = make_server("127.0.0.1", 0, lambda env, start: [], server_class=BoundedServer, handler_class=Short)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        with socket.create_connection(("127.0.0.1", server.server_address[1]), timeout=10) as s:
            started = time.monotonic()
            closed = False
            while time.monotonic() - started < 5:
                try:
                    s.sendall(b"G")  # a byte every 0.3 s: each read is quick, the request never ends
                    time.sleep(0.3)
                except OSError:
                    closed = True
                    break
            assert closed, "a trickling request must be cut"
            assert time.monotonic() - started < 2.5
    finally:
        server.shutdown()
        server.server_close()


def test_the_connection_bound_stays_below_the_descriptor_limit():
    assert connection_bound(256) < 256 and connection_bound(128) < 128
    assert connection_bound(1_000_000) <= 512


def test_slow_line_does_not_serialise_webhooks_and_scans_stay_fast(serve_process, site):
    with LineStandIn() as line:
        line.hang(3)  # LINE takes 3 s to answer anything
        server = serve_process(env={"TSUNAGU_LINE_API": line.url, "TSUNAGU_LINE_DATA_API": line.url})
        status, _ = signed_post(server, make_event("follow"))  # warm: imports, the store, the pool
        assert status == 200
        with ThreadPoolExecutor(8) as pool:
            webhooks = [pool.submit(signed_post, server, make_event("message", text="こんにちは")) for _ in range(8)]
            time.sleep(0.2)
            started = time.monotonic()
            scan = server.post(SCAN, b"", {"Content-Type": "text/plain"})
            scan_took = time.monotonic() - started
            results = [w.result() for w in webhooks]
        line.stop()
    assert [s for s, _ in results] == [200] * 8
    assert max(t for _, t in results) < 2.0, [round(t, 2) for _, t in results]
    assert scan == 204 and scan_took < 0.5, scan_took


def test_secrets_init_never_leaves_a_readable_file(tmp_path, monkeypatch):
    from tsunagu.adapters.secrets.files import init_local_secrets

    created: list[int] = []
    real_open = os.open

    def watching_open(path, flags, mode=0o777, *args, **kwargs):
        fd = real_open(path, flags, mode, *args, **kwargs)
        created.append(stat.S_IMODE(os.fstat(fd).st_mode))
        return fd

    target = tmp_path / "secrets.json"
    monkeypatch.setattr(os, "open", watching_open)
    init_local_secrets(target, ["kita-women"])
    monkeypatch.undo()
    assert created and all(mode == 0o600 for mode in created), [oct(m) for m in created]
    assert stat.S_IMODE(target.stat().st_mode) == 0o600


def test_sigterm_and_ctrl_c_stop_the_server_between_requests_without_a_traceback(serve_process):
    """A stop is a signal handler that shuts the server down, not a KeyboardInterrupt raised wherever the main
    thread is: one that landed in a weakref callback was printed as a traceback and swallowed."""
    for sig in (signal.SIGTERM, signal.SIGINT):
        server = serve_process()
        assert status_of(raw(server.port, b"GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")) in (200, 404)
        server.proc.send_signal(sig)
        assert server.proc.wait(timeout=10) == 0
        assert "Traceback" not in server.stderr()
