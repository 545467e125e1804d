"""Per-request CPU of the hot pages through Flask's test client, with a cProfile of each.

`python -m benchmarks.profile [--requests N] [--top K] [--page step|list|result|save]`:
no gunicorn, no network, so the figure is the app's own cost per request, steadier than
requests per second on a shared machine. Uses SQLite, or DATABASE_URL when it is PostgreSQL.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import os
import pstats
import re
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from flask.testing import FlaskClient

from screening.app import create_app

from .pages import EMAIL, PASSWORD, REPO, SAVE_FIELD, SAVE_VALUE, build, postgres_schema

TOKEN = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')
LOCK = re.compile(r'name="lock_version"[^>]*value="([^"]*)"')
HIDDEN = re.compile(r'name="hidden_items"[^>]*value="([^"]*)"')


def logged_in(url: str, instance: Path) -> tuple[FlaskClient, dict[str, str]]:
    _ids, paths = build(url, instance, int(os.environ.get("PROFILE_SCREENINGS", "50")))
    app = create_app({"SECRET_KEY": "benchmark", "DATABASE_URL": url,
                      "QUESTIONNAIRE_DIR": str(REPO / "questionnaires")},
                     instance_path=str(instance))
    client = app.test_client()
    page = client.get(paths["login"]).get_data(as_text=True)
    token = TOKEN.search(page).group(1)  # type: ignore[union-attr]
    answer = client.post(paths["login"], data={"csrf_token": token, "email": EMAIL,
                                               "password": PASSWORD})
    assert answer.status_code == 302, answer.status_code
    return client, paths


def pages(client: FlaskClient, paths: dict[str, str]) -> dict[str, Callable[[], None]]:
    def get(path: str) -> Callable[[], None]:
        def run() -> None:
            answer = client.get(path)
            assert answer.status_code == 200, answer.status_code
        return run

    def save() -> None:
        page = client.get(paths["step"]).get_data(as_text=True)
        answer = client.post(paths["step"], data={
            "csrf_token": TOKEN.search(page).group(1),  # type: ignore[union-attr]
            "lock_version": LOCK.search(page).group(1),  # type: ignore[union-attr]
            "hidden_items": HIDDEN.search(page).group(1),  # type: ignore[union-attr]
            "action": "next", "note": "", SAVE_FIELD: SAVE_VALUE})
        assert answer.status_code == 302, answer.status_code

    return {"step": get(paths["step"]), "list": get(paths["list"]),
            "result": get(paths["result"]), "save": save}


def measure(run: Callable[[], None], requests: int) -> tuple[float, float]:
    """Median and 10th percentile CPU milliseconds of one call, after a warm-up.

    The low percentile is the steadier figure on a shared machine: a neighbour can only
    slow a call down.
    """
    for _ in range(20):
        run()
    times = []
    for _ in range(requests):
        start = time.process_time()
        run()
        times.append(time.process_time() - start)
    return statistics.median(times) * 1000, statistics.quantiles(times, n=10)[0] * 1000


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.profile", description=__doc__)
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--top", type=int, default=0, help="print the K costliest functions")
    parser.add_argument("--page", action="append", help="only these pages")
    parser.add_argument("--sort", default="tottime")
    parser.add_argument("--callers", help="also print who calls the functions matching this")
    args = parser.parse_args()
    server = os.environ.get("DATABASE_URL", "")
    drop = None
    with tempfile.TemporaryDirectory() as folder:
        if server.startswith("postgres"):
            url, drop = postgres_schema(server)
        else:
            url = f"sqlite:///{folder}/profile.sqlite3"
        try:
            client, paths = logged_in(url, Path(folder) / "instance")
            for name, run in pages(client, paths).items():
                if args.page and name not in args.page:
                    continue
                median, low = measure(run, args.requests)
                print(f"{name}: {median:.2f} ms CPU per request (median), {low:.2f} (10th percentile)")
                if args.top:
                    profile = cProfile.Profile()
                    profile.enable()
                    for _ in range(args.requests):
                        run()
                    profile.disable()
                    out = io.StringIO()
                    stats = pstats.Stats(profile, stream=out).sort_stats(args.sort)
                    stats.print_stats(args.top)
                    if args.callers:
                        stats.print_callers(args.callers)
                    print(out.getvalue())
        finally:
            if drop is not None:
                drop()  # type: ignore[operator]


main()
