"""`tsunagu serve` as a process: descriptors under a low limit, odd request framing, and its log lines."""

from __future__ import annotations

import socket

from support.line_events import make_event, sign, webhook_body

KITA = "kita-women"
SCAN = "/scan/kita-sticker-ward-office"


def raw_request(port: int, head: str, body: bytes = b"") -> int:
    """Send bytes as they are (no client library fixing the framing); returns the status code."""
    with socket.create_connection(("127.0.0.1", port), timeout=15) as s:
        s.sendall(head.replace("\n", "\r\n").encode() + b"\r\n" + body)
        s.shutdown(socket.SHUT_WR)
        reply = b""
        while chunk := s.recv(65536):
            reply += chunk
    return int(reply.split(b" ", 2)[1])


def test_hundreds_of_requests_under_ulimit_128_all_succeed(serve_process):
    # Each request is a new thread in `serve`; a SQLite connection per thread once ran out of
    # descriptors at request ~125 under `ulimit -n 256`, and every later request answered 500.
    server = serve_process(nofile=128)
    statuses = [server.post(SCAN, b"", {"Content-Type": "text/plain"}) for _ in range(250)]
    for _ in range(60):
        body = webhook_body(make_event("follow"))
        statuses.append(server.post(f"/callback/{KITA}", body, {"X-Line-Signature": sign(body, server.secret(KITA))}))
    assert statuses.count(204) == 250 and statuses.count(200) == 60
    # Logging is configured at start-up: INFO by default, with time, level and logger name.
    assert server.stderr().count(f"INFO tsunagu.services.intake: {KITA}: 1 recorded") == 60


def test_bad_content_lengths_are_400_and_chunked_bodies_411(serve_process):
    server = serve_process()
    base = f"POST /callback/{KITA} HTTP/1.1\nHost: x\nContent-Type: application/json\nConnection: close\n"
    assert raw_request(server.port, base + "Content-Length: abc\n", b"{}") == 400
    assert raw_request(server.port, base + "Content-Length: -5\n", b"{}") == 400
    assert raw_request(server.port, base + "Transfer-Encoding: chunked\n", b"2\r\n{}\r\n0\r\n\r\n") == 411
    assert raw_request(server.port, base + "Content-Length: 2\n", b"{}") == 400  # unsigned: still answered
    assert "Traceback" not in server.stderr()


def test_a_store_that_cannot_open_answers_503_and_leaves_a_warning_line(serve_process, tmp_path):
    (tmp_path / "not-a-folder").write_text("x")
    server = serve_process(env={"TSUNAGU_STORE": f"sqlite:///{tmp_path / 'not-a-folder' / 'db.sqlite3'}"})
    body = webhook_body(make_event("follow"))
    assert server.post(f"/callback/{KITA}", body, {"X-Line-Signature": sign(body, server.secret(KITA))}) == 503
    assert server.post(SCAN, b"", {"Content-Type": "text/plain"}) == 503
    err = server.stderr()
    assert err.count("WARNING tsunagu.services.intake: storage unavailable") == 2, err
    assert body.decode() not in err and "Traceback" not in err


def test_concurrent_webhooks_are_each_processed_once_by_serves_app(intake, tmp_path):
    # Chalice keeps the current request in one attribute: two threads inside the app at once could
    # swap requests (one webhook processed twice, another never, both answered 200). A pause at the
    # start of the view makes the overlap certain; `serve` must still process each request as sent.
    import threading
    import time
    import urllib.request
    from wsgiref.simple_server import make_server

    from tsunagu.entry.commands.serve import make_wsgi_app
    from tsunagu.entry.serving.connections import BoundedServer, DeadlineHandler

    route = intake.app.routes["/callback/{channel}"]["POST"]
    original = route.view_function

    def slow_view(*args, **kwargs):
        time.sleep(0.05)
        return original(*args, **kwargs)

    route.view_function = slow_view
    server = make_server("127.0.0.1", 0, make_wsgi_app(intake.app, tmp_path), server_class=BoundedServer,
                         handler_class=DeadlineHandler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    events = [make_event("follow") for _ in range(12)]

    def post(event):
        body = webhook_body(event)
        req = urllib.request.Request(f"http://127.0.0.1:{server.server_address[1]}/callback/{KITA}", data=body,
                                     headers={"Content-Type": "application/json",
                                              "X-Line-Signature": sign(body, intake.secret(KITA))})
        with urllib.request.urlopen(req, timeout=30) as res:
            assert res.status == 200

    try:
        threads = [threading.Thread(target=post, args=(e,)) for e in events]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    finally:
        server.shutdown()
        server.server_close()
        route.view_function = original
    assert sorted(r.event_id for r in intake.records()) == sorted(e["webhookEventId"] for e in events)


def test_serves_line_stand_in_remembers_a_bounded_number_of_requests():
    # `serve` runs for days; a stand-in keeping every request and token grew by ~1.5 MiB per 1,000 webhooks.
    import json

    from tsunagu.adapters.standin.line import LineStandIn
    from tsunagu.entry.commands.serve import STANDIN_KEEP

    standin = LineStandIn(keep=3)
    for i in range(10):
        body = json.dumps({"replyToken": f"t{i}", "messages": [{"type": "text", "text": "x"}]}).encode()
        assert standin.dispatch("POST", "/v2/bot/message/reply", {}, body)[0] == 200
    assert [r.json["replyToken"] for r in standin.requests()] == ["t7", "t8", "t9"]
    assert [r.json["replyToken"] for r in standin.delivered()] == ["t7", "t8", "t9"]
    assert standin.dispatch("POST", "/v2/bot/message/reply", {}, body)[0] == 400  # a used token still refused
    assert 100 <= STANDIN_KEEP <= 10_000
