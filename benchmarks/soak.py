"""make soak: two gunicorn instances on PostgreSQL and Redis, simulated professionals with Locust.

`scripts/with-postgres scripts/with-redis python -m benchmarks.soak [--users 50] [--seconds 600]`
reports requests, errors, p50/p95 per page and worker memory, then checks the database: every
case the app acknowledged exists once, and the audit trail holds exactly one row per
acknowledged action (a save writes its row in the same transaction as the change, so every
acknowledged save is there exactly once). While it runs, each result page must show the version
its step saves add up to. Exits non-zero when any of that fails.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import signal
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

from flask import url_for
from sqlalchemy import func, select

from benchmarks.pages import free_port, postgres_schema, wait_for_port, worker_pids
from screening.app import create_app
from screening.db import db, migrations
from screening.models import AuditEvent, Organisation, OrganisationMunicipality, Screening, User
from screening.passwords import hash_password

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
PASSWORD = "soak wachtwoord dat lang genoeg is"
SECRET = "soak-shared-secret"
MAX_RSS_GROWTH = 0.10
# Below this, "after warm-up" is too close to the start for memory growth to mean anything.
RSS_CHECK_MIN_SECONDS = 300


def prepare(url: str, accounts: int, folder: Path) -> dict[str, str]:
    """Migrate, create the accounts, and return the paths the simulated people start from."""
    app = create_app({"SECRET_KEY": SECRET, "DATABASE_URL": url}, instance_path=str(folder))
    with app.app_context():
        migrations.upgrade()
    with app.app_context():
        organisation = Organisation(name="Soak", municipalities=[OrganisationMunicipality(name="Almelo")])
        password_hash = hash_password(PASSWORD)
        db.session.add_all([
            User(email=f"soak-{n}@example.nl", name=f"Professional {n}", role="professional",
                 profession="school_social_worker", organisation=organisation,
                 password_hash=password_hash) for n in range(accounts)])
        db.session.commit()
        marker = 987654321
        with app.test_request_context():
            def template(endpoint: str) -> str:
                return url_for(endpoint, screening_id=marker).replace(str(marker), "{id}")
            paths = {
                "login": url_for("auth.login"), "new": url_for("casework.new"),
                "list": url_for("casework.index"), "result": template("casework.result"),
                "judge": template("casework.judge"), "finalise": template("casework.finalise"),
                "pdf": template("casework.summary_pdf"),
                "case": url_for("casework.case", case_reference="MARKER").replace("MARKER", "{ref}"),
            }
            if "casework.confirm_finalise" in app.view_functions:
                paths["confirm"] = template("casework.confirm_finalise")
        newest = app.extensions["instruments"].published()[-1]
        paths["instrument"] = f"{newest.id}@{newest.version}"  # a form value, not a path
        for engine in db.engines.values():
            engine.dispose()
    return paths


def start_instance(url: str, redis: str, workers: int, log: Path) -> tuple[subprocess.Popen[bytes], int]:
    port = free_port()
    env = {**os.environ, "DATABASE_URL": url, "SECRET_KEY": SECRET,
           "SCREENING_RATELIMIT_STORAGE_URI": redis, "SCREENING_WORKERS": str(workers),
           "SCREENING_BIND": f"127.0.0.1:{port}"}
    process = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-c", "python:screening.gunicorn_config",
         "screening.app:create_app()"], cwd=REPO, env=env, stdout=log.open("ab"),
        stderr=subprocess.STDOUT)
    wait_for_port(port, process)
    return process, port


def worker_rss_kib(masters: list[subprocess.Popen[bytes]]) -> dict[int, int]:
    """Resident memory of every worker process of the given gunicorn masters."""
    sizes = {}
    for master in masters:
        for pid in worker_pids(master):
            try:
                status = Path(f"/proc/{pid}/status").read_text()
            except FileNotFoundError:
                continue
            sizes[pid] = next(int(line.split()[1]) for line in status.splitlines()
                              if line.startswith("VmRSS:"))
    return sizes


def check_database(url: str, folder: Path, tally: dict[str, object]) -> list[str]:
    """Compare what the app acknowledged with what the database holds; return the problems."""
    problems = []
    app = create_app({"SECRET_KEY": SECRET, "DATABASE_URL": url}, instance_path=str(folder))
    created: list[str] = tally["created"]  # type: ignore[assignment]
    events: dict[str, dict[str, int]] = tally["events"]  # type: ignore[assignment]
    with app.app_context():
        references = Counter(db.session.scalars(select(Screening.case_reference)))
        for reference in created:
            if references[reference] != 1:
                problems.append(f"case {reference}: {references[reference]} screenings, expected 1")
        if sum(references.values()) != len(created):
            problems.append(f"{sum(references.values())} screenings in the database, "
                            f"{len(created)} acknowledged")
        rows = db.session.execute(
            select(AuditEvent.screening_id, AuditEvent.event, func.count())
            .where(AuditEvent.screening_id.is_not(None))
            .group_by(AuditEvent.screening_id, AuditEvent.event)).all()
        stored = {(str(screening_id), event): count for screening_id, event, count in rows}
        expected = {(screening_id, event): count for screening_id, counts in events.items()
                    for event, count in counts.items()}
        for key in sorted(set(stored) | set(expected)):
            if stored.get(key, 0) != expected.get(key, 0):
                problems.append(f"audit {key}: {stored.get(key, 0)} rows, "
                                f"{expected.get(key, 0)} acknowledged")
        for engine in db.engines.values():
            engine.dispose()
    return problems


def read_stats(prefix: Path) -> list[dict[str, str]]:
    with open(f"{prefix}_stats.csv", newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.soak", description=__doc__)
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--seconds", type=int, default=600)
    parser.add_argument("--instances", type=int, default=2)
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers per instance")
    args = parser.parse_args(argv)
    server, redis = os.environ.get("DATABASE_URL", ""), os.environ.get("REDIS_URL", "")
    if not server.startswith("postgres") or not redis:
        parser.error("needs DATABASE_URL (PostgreSQL) and REDIS_URL: "
                     "run through scripts/with-postgres scripts/with-redis (make soak)")
    # Stopped from outside: still stop the servers and Locust (the finally below).
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(1))
    url, drop = postgres_schema(server)
    folder = Path(tempfile.mkdtemp(prefix="soak-"))
    log = folder / "gunicorn.log"
    instances: list[subprocess.Popen[bytes]] = []
    locust: subprocess.Popen[bytes] | None = None
    try:
        paths = prepare(url, args.users, folder / "instance")
        ports = []
        for _ in range(args.instances):
            process, port = start_instance(url, redis, args.workers, log)
            instances.append(process)
            ports.append(port)
        hosts = [f"http://127.0.0.1:{port}" for port in ports]
        print(f"soak: {args.users} users, {args.seconds} s, {args.instances} instances x "
              f"{args.workers} sync workers on PostgreSQL + Redis; logs in {folder}", flush=True)
        booted = worker_rss_kib(instances)
        tally_file, prefix = folder / "tally.json", folder / "locust"
        env = {**os.environ, "SOAK_HOSTS": ",".join(hosts), "SOAK_PATHS": json.dumps(paths),
               "SOAK_ACCOUNTS": str(args.users), "SOAK_PASSWORD": PASSWORD,
               "SOAK_TALLY": str(tally_file)}
        locust = subprocess.Popen(
            [sys.executable, "-m", "locust", "-f", str(HERE / "locustfile.py"), "--headless",
             "-u", str(args.users), "-r", str(max(1, args.users // 10)), "-t", f"{args.seconds}s",
             "--stop-timeout", "120", "--host", hosts[0], "--csv", str(prefix),
             "--only-summary", "--loglevel", "WARNING"],
            cwd=REPO, env=env, stdout=(folder / "locust.log").open("w"), stderr=subprocess.STDOUT)
        # Memory is sampled every 30 s; the first half of the run is the warm-up (every page
        # rendered, every cache and the allocator's arenas filled): growth in the second half
        # would be a leak.
        started, warm, curve = time.monotonic(), {}, []
        deadline = started + args.seconds + 300
        while locust.poll() is None and time.monotonic() < deadline:
            time.sleep(min(30.0, max(1.0, args.seconds / 10)))
            sample = worker_rss_kib(instances)
            curve.append(round(max(sample.values(), default=0) / 1024))
            if not warm and time.monotonic() - started >= args.seconds / 2:
                warm = sample
        locust.wait(timeout=60)
        end = worker_rss_kib(instances)
        warm = warm or end
        print("largest worker RSS (MiB) every sample: " + " ".join(map(str, curve)))
        stats = read_stats(prefix)
        tally = json.loads(tally_file.read_text())
        for process in instances:
            process.terminate()
            process.wait(timeout=30)
        instances = []
        problems = check_database(url, folder / "instance", tally)
    finally:
        for process in ([locust] if locust is not None else []) + instances:
            if process.poll() is None:
                process.terminate()
                process.wait(timeout=30)
        drop()  # type: ignore[operator]
    return report(stats, booted, warm, end, tally, problems, args.seconds >= RSS_CHECK_MIN_SECONDS)


def report(stats: list[dict[str, str]], booted: dict[int, int], warm: dict[int, int],
           end: dict[int, int], tally: dict[str, object], problems: list[str],
           check_memory: bool) -> int:
    print("\n| page | requests | errors | p50 ms | p95 ms |")
    print("|---|---|---|---|---|")
    total = errors = 0
    for row in stats:
        if row["Name"] == "Aggregated":
            total, errors = int(row["Request Count"]), int(row["Failure Count"])
        print(f"| {row['Name']} | {row['Request Count']} | {row['Failure Count']} | "
              f"{row['50%']} | {row['95%']} |")
    growth = [(end[pid] - warm[pid]) / warm[pid] for pid in warm if pid in end]
    print(f"\nrequests {total}, errors {errors}; cases started {len(tally['created'])}")  # type: ignore[arg-type]
    print("worker RSS (MiB) at boot / half-way / end: " + "; ".join(
        f"{booted.get(pid, 0) / 1024:.0f} / {warm[pid] / 1024:.0f} / {end.get(pid, 0) / 1024:.0f}"
        for pid in sorted(warm)))
    print(f"largest growth in the second half: {max(growth, default=0) * 100:.1f}% "
          f"(limit {MAX_RSS_GROWTH * 100:.0f}%"
          f"{'' if check_memory else f', checked on runs of {RSS_CHECK_MIN_SECONDS} s or more'})")
    if set(warm) != set(end):
        problems.append("a worker was replaced during the run")
    if check_memory and max(growth, default=0) > MAX_RSS_GROWTH:
        problems.append("worker memory grew more than the limit")
    if errors:
        problems.append(f"{errors} requests failed")
    print("database check: " + ("every acknowledged case, write and audit row is there exactly once"
                                if not problems else f"{len(problems)} problems"))
    for problem in problems[:30]:
        print("  " + problem)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
