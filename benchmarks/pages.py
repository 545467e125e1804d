"""Our pages against a bare Flask app, both under gunicorn (sync, 2 workers), with wrk on loopback.

For each database (SQLite, and PostgreSQL when DATABASE_URL points at one) the targets run
interleaved, round after round, so a noisy neighbour hits all of them alike. A page's figure
is its median requests per second over the rounds; its ratio is that over the bare app's.
Beside it stands the CPU the gunicorn workers spent per request (from /proc), and the bare
app's CPU over the page's. A neighbour's load takes cores from wrk and the workers unevenly,
which moves requests per second more than it moves what one request costs, so the second
ratio is the steadier of the two. Two more targets show the floor under every page (see
benchmarks/floor.py): a logged-in page with no work of its own, and one that only loads a
screening and writes the audit row of that read.
"""

from __future__ import annotations

import http.client
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote, urlencode

from flask import url_for
from sqlalchemy import create_engine, text

from screening import screenings
from screening.app import create_app
from screening.config import database_url as normalise_url
from screening.db import db, migrations
from screening.models import Organisation, OrganisationMunicipality, User
from screening.passwords import hash_password

from . import floor

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
PASSWORD = "benchmark wachtwoord lang genoeg"
EMAIL = "bench@example.nl"
TOKEN = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')
TARGETS = ("bare", "floor: logged in", "floor: audited read", "step GET", "list GET", "result GET",
           "save GET+POST")
PAGES = TARGETS[3:]  # the pages issue 16 sets its goal for; the floor is what they all pay
CONNECTIONS = 20
STEP = "patterns"
SAVE_FIELD, SAVE_VALUE = "q_contact_frequency", "regularly"


@dataclass
class Figure:
    requests_per_second: float
    p50_ms: float
    errors: int
    requests: int = 0
    cpu_ms: float = 0.0  # the workers' user + system CPU per request


def worker_pids(master: subprocess.Popen[bytes]) -> list[int]:
    """The worker processes of a gunicorn master (Linux /proc)."""
    children = Path(f"/proc/{master.pid}/task/{master.pid}/children").read_text()
    return [int(pid) for pid in children.split()]


def worker_cpu_seconds(master: subprocess.Popen[bytes]) -> float:
    """The CPU seconds (user + system) a gunicorn master's workers have used so far."""
    ticks = 0
    for pid in worker_pids(master):
        try:
            stat = Path(f"/proc/{pid}/stat").read_text()
        except FileNotFoundError:
            continue  # a worker that was just replaced
        fields = stat.rsplit(")", 1)[1].split()  # the name may hold spaces: read after it
        ticks += int(fields[11]) + int(fields[12])  # utime, stime
    return ticks / os.sysconf("SC_CLK_TCK")


def measured(master: subprocess.Popen[bytes], run: Callable[[], Figure]) -> Figure:
    """Run one load and add the workers' CPU per request to its figure."""
    before = worker_cpu_seconds(master)
    figure = run()
    spent = worker_cpu_seconds(master) - before
    figure.cpu_ms = 1000 * spent / figure.requests if figure.requests else 0.0
    return figure


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def wait_for_port(port: int, process: subprocess.Popen[bytes], seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError("gunicorn exited during start-up")
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.1)
    raise TimeoutError("gunicorn did not start")


def gunicorn(app: str, port: int, env: dict[str, str], log: Path) -> subprocess.Popen[bytes]:
    """Start gunicorn with the shipped config: sync, 2 workers, no access log."""
    process = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-c", "python:screening.gunicorn_config",
         "--workers", "2", "--bind", f"127.0.0.1:{port}", app],
        cwd=REPO, env={**os.environ, **env, "SCREENING_ACCESS_LOG": ""},
        stdout=log.open("ab"), stderr=subprocess.STDOUT)
    wait_for_port(port, process)
    return process


def build(url: str, instance: Path, count: int) -> tuple[list[int], dict[str, str]]:
    """Fill a database: one professional with `count` screenings; return ids and the page paths."""
    app = create_app({"SECRET_KEY": "benchmark", "DATABASE_URL": url}, instance_path=str(instance))
    with app.app_context():
        migrations.upgrade()
        organisation = Organisation(name="Team", municipalities=[OrganisationMunicipality(name="Almelo")])
        user = User(email=EMAIL, name="Bench", role="professional", profession="other",
                    organisation=organisation, password_hash=hash_password(PASSWORD))
        db.session.add(user)
        db.session.flush()
        instrument = app.extensions["instruments"].published()[-1]
        ids = [screenings.start(db.session, user, instrument, case_reference=f"B-{number}",
                                municipality="Almelo", start_answers={"setting": "intake"}).id
               for number in range(count)]
        db.session.commit()
        with app.test_request_context():
            paths = {
                "login": url_for("auth.login"),
                "step": url_for("casework.step", screening_id=ids[0], section_id=STEP),
                "step_template": url_for("casework.step", screening_id=0, section_id=STEP)
                .replace("/0/", "/{id}/"),
                "list": url_for("casework.index"),
                "result": url_for("casework.result", screening_id=ids[0]),
            }
        for engine in db.engines.values():
            engine.dispose()
    return ids, paths


def session_cookie(port: int, login: str, form_page: str) -> str:
    """Log in once over HTTP; return the Cookie header the load generator sends.

    A page with a form is fetched once more: it puts the CSRF secret into the session,
    which the load generator's fixed cookie must already hold.
    """
    jar: dict[str, str] = {}

    def send(method: str, path: str, body: str | None = None) -> tuple[int, str]:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in jar.items())}
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        connection.request(method, path, body, headers)
        answer = connection.getresponse()
        text = answer.read().decode()
        for value in answer.headers.get_all("Set-Cookie") or []:
            name, _, rest = value.partition("=")
            jar[name.strip()] = rest.split(";", 1)[0]
        connection.close()
        return answer.status, text

    _status, page = send("GET", login)
    token = TOKEN.search(page).group(1)  # type: ignore[union-attr]
    status, _text = send("POST", login, urlencode({"csrf_token": token, "email": EMAIL,
                                                   "password": PASSWORD}))
    if status != 302:
        raise RuntimeError(f"benchmark login failed: {status}")
    send("GET", form_page)
    return "; ".join(f"{k}={v}" for k, v in jar.items())


def resigned(port: int, cookie: str) -> str:
    """The cookie as a browser holds it: just signed by the server.

    The server signs an unchanged session's cookie again once it is a minute old
    (screening.session_cookie) and a browser keeps the newest; a load generator's fixed
    cookie would be signed again on every request after its first minute. A language
    choice changes the session, so the answer carries a freshly signed cookie.
    """
    jar = dict(part.split("=", 1) for part in cookie.split("; "))
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    connection.request("GET", "/?lang=nl", headers={"Cookie": cookie})
    answer = connection.getresponse()
    answer.read()
    connection.close()
    for value in answer.headers.get_all("Set-Cookie") or []:
        name, _, rest = value.partition("=")
        jar[name.strip()] = rest.split(";", 1)[0]
    return "; ".join(f"{k}={v}" for k, v in jar.items())


WRK_RATE = re.compile(r"Requests/sec:\s+([\d.]+)")
WRK_COUNT = re.compile(r"(\d+) requests in ")
WRK_P50 = re.compile(r"^\s+50%\s+([\d.]+)(us|ms|s)\s*$", re.M)
WRK_ERRORS = re.compile(r"Non-2xx or 3xx responses:\s+(\d+)")
WRK_SOCKET = re.compile(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)")


def wrk(url: str, seconds: int, cookie: str | None, script: list[str] | None = None) -> Figure:
    """Run wrk for `seconds`; keep-alive connections, like a browser's."""
    command = ["wrk", "--latency", "--timeout", "30s", "-d", f"{seconds}s"]
    if script:
        command += ["-t", str(CONNECTIONS), "-c", str(CONNECTIONS), "-s", script[0], url, "--",
                    *script[1:]]
    else:
        command += ["-t", "2", "-c", str(CONNECTIONS), url]
        if cookie:
            command += ["-H", f"Cookie: {cookie}"]
    output = subprocess.run(command, capture_output=True, text=True, check=True,
                            timeout=seconds + 60).stdout
    p50 = WRK_P50.search(output)
    scale = {"us": 0.001, "ms": 1.0, "s": 1000.0}[p50.group(2)] if p50 else 0.0
    errors = int(m.group(1)) if (m := WRK_ERRORS.search(output)) else 0
    if m := WRK_SOCKET.search(output):
        errors += sum(int(g) for g in m.groups())
    return Figure(float(WRK_RATE.search(output).group(1)),  # type: ignore[union-attr]
                  float(p50.group(1)) * scale if p50 else 0.0, errors,
                  int(WRK_COUNT.search(output).group(1)))  # type: ignore[union-attr]


def compare(url: str, label: str, rounds: int, seconds: int, count: int, log: Path) -> dict[str, Figure]:
    """Run every target interleaved on one database; return its median figures."""
    folder = Path(tempfile.mkdtemp(prefix="bench-"))
    try:
        ids, paths = build(url, folder / "instance", count)
        env = {"DATABASE_URL": url, "SECRET_KEY": "benchmark",
               "SCREENING_QUESTIONNAIRE_DIR": str(REPO / "questionnaires")}
        ours_port, bare_port = free_port(), free_port()
        ours = gunicorn("benchmarks.floor:create_floor_app()", ours_port, env, log)
        bare = gunicorn("benchmarks.bare:app", bare_port, {}, log)
        try:
            cookie = session_cookie(ours_port, paths["login"], paths["step"])
            paths["floor"], paths["floor_read"] = floor.PATH, f"{floor.PATH}/{ids[0]}"
            for page in ("floor", "floor_read", "step", "list", "result"):
                # a redirect to the login page is no figure
                check = http.client.HTTPConnection("127.0.0.1", ours_port, timeout=30)
                check.request("GET", paths[page], headers={"Cookie": cookie})
                answer = check.getresponse()
                answer.read()
                check.close()
                if answer.status != 200:
                    raise RuntimeError(f"{page} page answers {answer.status} to the benchmark's "
                                       "session: the figures would be for a redirect")
            base = f"http://127.0.0.1:{ours_port}"

            def our_page(path: str) -> Figure:
                fresh = resigned(ours_port, cookie)  # a run lasts well under a minute
                return measured(ours, lambda: wrk(base + path, seconds, fresh))

            def save() -> Figure:
                fresh = resigned(ours_port, cookie)
                script = [str(HERE / "save.lua"), ",".join(str(i) for i in ids[:CONNECTIONS]),
                          paths["step_template"], fresh, SAVE_FIELD, SAVE_VALUE]
                return measured(ours, lambda: wrk(base + "/", seconds, fresh, script))

            runs = {
                "bare": lambda: measured(bare, lambda: wrk(f"http://127.0.0.1:{bare_port}/",
                                                           seconds, None)),
                "floor: logged in": lambda: our_page(paths["floor"]),
                "floor: audited read": lambda: our_page(paths["floor_read"]),
                "step GET": lambda: our_page(paths["step"]),
                "list GET": lambda: our_page(paths["list"]),
                "result GET": lambda: our_page(paths["result"]),
                "save GET+POST": save,
            }
            for run in runs.values():  # warm up: imports, templates, connection pools
                run()
            figures: dict[str, list[Figure]] = {target: [] for target in TARGETS}
            for number in range(rounds):
                for target in TARGETS:
                    figures[target].append(runs[target]())
                print(f"  {label}: round {number + 1} of {rounds} done", file=sys.stderr)
        finally:
            for process in (ours, bare):
                process.terminate()
                process.wait(timeout=30)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    return {target: Figure(statistics.median(f.requests_per_second for f in found),
                           statistics.median(f.p50_ms for f in found),
                           sum(f.errors for f in found), sum(f.requests for f in found),
                           statistics.median(f.cpu_ms for f in found))
            for target, found in figures.items()}


def postgres_schema(server: str) -> tuple[str, object]:
    """A schema of its own on the server, so repeated runs do not meet each other's data."""
    url = normalise_url(server, Path(tempfile.gettempdir()))
    schema = f"bench_{uuid.uuid4().hex[:12]}"
    admin = create_engine(url)
    with admin.begin() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))

    def drop() -> None:
        with admin.begin() as connection:
            connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()

    separator = "&" if "?" in url else "?"
    return f"{url}{separator}options={quote(f'-csearch_path={schema}')}", drop


def print_table(results: dict[str, dict[str, Figure]]) -> None:
    print("\n| database | target | req/s | p50 ms | ratio to bare | CPU ms/request | CPU ratio | errors |")
    print("|---|---|---|---|---|---|---|---|")
    for label, figures in results.items():
        bare = figures["bare"]
        for target in TARGETS:
            figure = figures[target]
            cpu_ratio = bare.cpu_ms / figure.cpu_ms if figure.cpu_ms else 0.0
            print(f"| {label} | {target} | {figure.requests_per_second:,.1f} | {figure.p50_ms:.1f} | "
                  f"{figure.requests_per_second / bare.requests_per_second:.3f} | "
                  f"{figure.cpu_ms:.2f} | {cpu_ratio:.3f} | {figure.errors} |")


def print_http_figures(rounds: int, seconds: int, count: int = 1000
                       ) -> dict[str, dict[str, Figure]]:
    """Compare our pages with the bare ceiling on SQLite, and on PostgreSQL when given."""
    if shutil.which("wrk") is None:
        print("wrk is not installed (apt-get install wrk): skipping the HTTP comparison")
        return {}
    print(f"\nHTTP: gunicorn sync x 2 workers, wrk {CONNECTIONS} connections, {rounds} interleaved "
          f"rounds of {seconds} s per target, {count} screenings in the database")
    log = Path(tempfile.gettempdir()) / "screening-bench-gunicorn.log"
    results: dict[str, dict[str, Figure]] = {}
    with tempfile.TemporaryDirectory() as folder:
        results["SQLite"] = compare(f"sqlite:///{folder}/bench.sqlite3", "SQLite", rounds, seconds,
                                    count, log)
    server = os.environ.get("DATABASE_URL", "")
    if server.startswith("postgres"):
        url, drop = postgres_schema(server)
        try:
            results["PostgreSQL"] = compare(url, "PostgreSQL", rounds, seconds, count, log)
        finally:
            drop()  # type: ignore[operator]
    else:
        print("DATABASE_URL is not PostgreSQL: SQLite only (make bench starts one)")
    print_table(results)
    return results
