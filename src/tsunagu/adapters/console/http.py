"""The console forwarder over the standard library: LINE's exact bytes and signature, POSTed with a short timeout."""

from __future__ import annotations

import logging
import urllib.error
import urllib.request

from tsunagu.ports.console import ForwardOutcome

log = logging.getLogger("tsunagu.console")


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    """A redirect is not followed: it would re-send a user's words to a host nobody configured."""

    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None


_OPENER = urllib.request.build_opener(_NoRedirect)


class HttpConsoleForwarder:
    """POSTs a LINE request to a console webhook URL as LINE would have sent it."""

    def forward(self, url: str, body: bytes, signature: str, timeout: float) -> ForwardOutcome:
        """"forwarded" on a 2xx within `timeout`; anything else is "failed" and logged by kind (never the body)."""
        if timeout <= 0:
            return "failed"
        req = urllib.request.Request(url, data=body, method="POST", headers={
            "Content-Type": "application/json; charset=utf-8", "X-Line-Signature": signature,
            "User-Agent": "tsunagu-forward/1"})
        try:
            with _OPENER.open(req, timeout=timeout) as res:
                res.read(65536)
                status = res.status
        except urllib.error.HTTPError as exc:
            status = exc.code
        except (OSError, ValueError) as exc:  # no answer in time, refused, reset, a bad URL
            log.warning("console forward failed: %s", type(exc).__name__)
            return "failed"
        if 200 <= status < 300:
            return "forwarded"
        log.warning("console forward failed: HTTP %d", status)
        return "failed"
