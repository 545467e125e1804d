"""Logging: one line per event on stderr, never personal data."""

from __future__ import annotations

import logging
import re
import sys

from flask import Flask

FORMAT = "%(asctime)s %(levelname)s %(name)s %(message)s"

# Query strings hold what people search for; case pages name a (pseudonymous) case.
# Each runs to the next space: a raw " in a request line must not end it early.
_QUERY = re.compile(r"\?[^ ]*")
_CASE = re.compile(r"/(cases|casussen)/[^/ ?]+")
_LINK = re.compile(r"/(setup|reset|eerste-account|wachtwoord)/[^/ ?]+")


class RedactRequestLines(logging.Filter):
    """Strip query strings, case references and link tokens from access log lines."""

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.args, tuple):
            record.args = tuple(redact(a) if isinstance(a, str) else a for a in record.args)
        elif isinstance(record.msg, str):
            record.msg = redact(record.msg)
        return True


def redact(text: str) -> str:
    text = _QUERY.sub("?…", text)
    return _LINK.sub(r"/\1/…", _CASE.sub(r"/\1/…", text))


def register_logging(app: Flask) -> None:
    """Send the app's log lines to stderr, once per process."""
    logger = logging.getLogger("screening")
    if not any(getattr(h, "_screening", False) for h in logger.handlers):
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(logging.Formatter(FORMAT))
        handler._screening = True  # type: ignore[attr-defined]
        logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    access = logging.getLogger("werkzeug")
    access.setLevel(logging.INFO)
    if not any(isinstance(f, RedactRequestLines) for f in access.filters):
        access.addFilter(RedactRequestLines())
