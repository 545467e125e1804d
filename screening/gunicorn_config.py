"""Production settings for gunicorn (`gunicorn -c python:screening.gunicorn_config APP`).

APP is 'screening.app:create_app()'. Every setting can be changed through the environment (below)
or gunicorn's own command line, which wins over this file.
"""

from __future__ import annotations

import gc
import os
from typing import Any

from gunicorn.glogging import Logger

from screening.logs import redact

# Sync workers: each request holds one process, so a slow database or PDF cannot starve the
# others of the GIL. gunicorn's rule of thumb, two per core plus one, keeps the cores busy
# while some workers wait on the database.
bind = os.environ.get("SCREENING_BIND", "127.0.0.1:8000")
worker_class = "sync"
workers = int(os.environ.get("SCREENING_WORKERS") or 2 * (os.cpu_count() or 1) + 1)
# A request that takes longer than this is stuck: the worker is replaced.
timeout = int(os.environ.get("SCREENING_WORKER_TIMEOUT", "30"))
graceful_timeout = 30
keepalive = 5
# Trust X-Forwarded-Proto only from the reverse proxy's own address(es), comma-separated;
# without one configured, nobody's. The app's SCREENING_TRUSTED_PROXIES does the same for
# the client address it records.
forwarded_allow_ips = os.environ.get("SCREENING_PROXY_ADDRESSES", "")
secure_scheme_headers = {"X-FORWARDED-PROTO": "https"}
limit_request_line = 4094
limit_request_fields = 100

accesslog = os.environ.get("SCREENING_ACCESS_LOG", "-") or None  # empty: no access log
errorlog = "-"
access_log_format = '%(h)s "%(r)s" %(s)s %(b)s %(M)sms'

# Atoms that are never logged, whatever format an operator chooses.
SECRET_ATOMS = ("{cookie}i", "{authorization}i", "{set-cookie}o")


class RedactingLogger(Logger):  # type: ignore[misc]
    """The access log with the development server's redaction: no search term, case or token."""

    def atoms(self, resp: Any, req: Any, environ: Any, request_time: Any) -> dict[str, Any]:
        atoms: dict[str, Any] = super().atoms(resp, req, environ, request_time)
        for name in SECRET_ATOMS:
            atoms.pop(name, None)
        if atoms.get("q"):
            atoms["q"] = "…"
        return {name: redact(value) if isinstance(value, str) else value
                for name, value in atoms.items()}


logger_class = RedactingLogger


def post_worker_init(worker: Any) -> None:
    """Move everything the app built at start-up out of the garbage collector's way.

    Instruments, templates and the ORM's mappers live as long as the worker: with them
    frozen, each collection only walks what requests create.
    """
    gc.collect()
    gc.freeze()
