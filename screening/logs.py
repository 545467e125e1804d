"""Logging: one line per event on stderr, never personal data."""

from __future__ import annotations

import logging
import sys

from flask import Flask

FORMAT = "%(asctime)s %(levelname)s %(name)s %(message)s"


def register_logging(app: Flask) -> None:
    """Send the app's log lines to stderr, once per process."""
    logger = logging.getLogger("screening")
    if not any(getattr(h, "_screening", False) for h in logger.handlers):
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(logging.Formatter(FORMAT))
        handler._screening = True  # type: ignore[attr-defined]
        logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    # Access lines carry only method, path and status: paths hold no personal data.
    logging.getLogger("werkzeug").setLevel(logging.INFO)
