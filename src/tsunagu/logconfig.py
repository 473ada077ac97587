"""Logging set-up, once per process, for every entry point (the Lambda app, the CLI and `tsunagu serve`).

Chalice(app_name="tsunagu") would set the `tsunagu` logger to ERROR with `propagate=False`, silencing
the intake's warnings (503s, rate-limit fallbacks, unsent replies) and its per-request counts: the
app is built with `configure_logs=False` and this module decides instead. The `tsunagu` logger takes
the level from Settings (TSUNAGU_LOG_LEVEL, default INFO) and propagates to the root logger. Where the
root logger already has a handler (AWS Lambda's runtime, pytest) the lines go there; elsewhere one
stderr handler is added, with time, level and logger name. Log lines carry counts, kinds, channel and
placement ids only (never a user id, message text or reply token): that is up to each call site.
The AWS SDK's loggers are held at INFO or above whatever the root level: at DEBUG they print request
and response bodies (a retry-queue message carries a user id, SSM's answer the channel secrets).
"""

from __future__ import annotations

import logging
import sys

LOGGER = "tsunagu"
FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR")
# Loggers whose DEBUG lines carry request and response bodies.
BODY_LOGGERS = ("botocore", "boto3", "urllib3", "s3transfer")


def configure_logging(level: str = "INFO") -> logging.Logger:
    """Route the `tsunagu` loggers at `level` to the root handlers (or to stderr); returns the `tsunagu` logger."""
    name = level.strip().upper()
    log = logging.getLogger(LOGGER)
    for handler in list(log.handlers):  # e.g. the stdout handler a Chalice app with configure_logs=True adds
        log.removeHandler(handler)
    log.setLevel(name if name in LEVELS else "INFO")
    log.propagate = True
    root = logging.getLogger()
    for body_logger in BODY_LOGGERS:  # as the root level allows, but never DEBUG
        logging.getLogger(body_logger).setLevel(max(logging.INFO, root.getEffectiveLevel()))
    if not root.handlers:
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(logging.Formatter(FORMAT))
        root.addHandler(handler)
    if name not in LEVELS:  # a typo must not cost the logs: INFO, and say so
        log.warning("TSUNAGU_LOG_LEVEL=%r is not one of %s; using INFO", level, ", ".join(LEVELS))
    return log
