"""Real servers on loopback for the multi-instance tests: gunicorn, PostgreSQL, Redis.

Each is a child process of the test with a bounded start-up wait, stopped by the test.
"""

from __future__ import annotations

import glob
import http.client
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Mapping
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode

REPO = Path(__file__).resolve().parent.parent
TOKEN = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def wait_for(check: object, seconds: float, what: str) -> None:
    """Poll `check()` until it is true; fail after `seconds`."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if check():  # type: ignore[operator]
            return
        time.sleep(0.1)
    raise TimeoutError(f"{what} did not happen within {seconds} s")


def port_open(port: int) -> bool:
    with socket.socket() as probe:
        probe.settimeout(0.2)
        return probe.connect_ex(("127.0.0.1", port)) == 0


class Response:
    def __init__(self, status: int, headers: dict[str, str], body: str) -> None:
        self.status, self.headers, self.body = status, headers, body


class Browser:
    """A cookie-keeping HTTP client, one per simulated person; it can switch instances."""

    def __init__(self) -> None:
        self.cookies: dict[str, str] = {}

    def request(self, port: int, method: str, path: str,
                form: Mapping[str, str] | None = None) -> Response:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        body = None
        if form is not None:
            body = urlencode(form)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        try:
            connection.request(method, path, body=body, headers=headers)
            raw = connection.getresponse()
            text = raw.read().decode("utf-8", "replace")
            for value in raw.headers.get_all("Set-Cookie") or []:
                cookie = SimpleCookie()
                cookie.load(value)
                for name, morsel in cookie.items():
                    self.cookies[name] = morsel.value
            return Response(raw.status, dict(raw.headers.items()), text)
        finally:
            connection.close()

    def get(self, port: int, path: str) -> Response:
        return self.request(port, "GET", path)

    def submit(self, port: int, path: str, data: Mapping[str, str],
               action: str | None = None) -> Response:
        """Post a form with the CSRF token of the page it sits on, as a browser does."""
        page = self.get(port, path)
        match = TOKEN.search(page.body)
        assert match, f"no CSRF token on {path} (status {page.status})"
        return self.request(port, "POST", action or path, {"csrf_token": match.group(1), **data})


class Gunicorn:
    """One app instance: gunicorn with the shipped config module, on its own port."""

    def __init__(self, env: Mapping[str, str], log: Path, workers: int = 1) -> None:
        self.port = free_port()
        self.log = log
        self.handle = log.open("ab")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "-c", "python:screening.gunicorn_config",
             "--bind", f"127.0.0.1:{self.port}", "--workers", str(workers),
             "screening.app:create_app()"],
            cwd=REPO, env={**os.environ, **env}, stdout=self.handle, stderr=subprocess.STDOUT)
        try:
            wait_for(lambda: self.process.poll() is not None or port_open(self.port), 30,
                     "gunicorn start")
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn exited:\n{self.output()}")
        except BaseException:
            self.stop()
            raise

    def output(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=5)
        self.handle.close()


def postgres_bin() -> Path | None:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    return Path(found[-1]).parent if found else None


class Postgres:
    """A throw-away PostgreSQL server of the test's own, which the test may stop and start."""

    def __init__(self) -> None:
        binaries = postgres_bin()
        assert binaries is not None, "PostgreSQL is not installed"
        # Not under pytest's folder: the postgres user could not reach it.
        folder = Path(tempfile.mkdtemp(prefix="screening-pg-"))
        self.bin, self.folder, self.port = binaries, folder, free_port()
        self.data = folder / "data"
        self.as_pg: list[str] = []
        if os.getuid() == 0:
            # initdb refuses to run as root: the server runs as the postgres system user.
            shutil.chown(folder, "postgres")
            self.as_pg = ["runuser", "-u", "postgres", "--"]
        self._run("initdb", "-D", str(self.data), "-U", "postgres", "--auth=trust", "-E", "UTF8",
                  "--locale=C.UTF-8")
        self.start()
        subprocess.run([str(self.bin / "psql"), "-h", "127.0.0.1", "-p", str(self.port), "-U",
                        "postgres", "-qc", "CREATE DATABASE screening"], check=True,
                       capture_output=True)
        self.url = f"postgresql://postgres@127.0.0.1:{self.port}/screening"

    def _run(self, tool: str, *args: str) -> None:
        subprocess.run([*self.as_pg, str(self.bin / tool), *args], check=True, capture_output=True)

    def start(self) -> None:
        self._run("pg_ctl", "-D", str(self.data), "-l", str(self.folder / "server.log"), "-w",
                  "-o", f"-c listen_addresses=127.0.0.1 -p {self.port} -k {self.folder} -c fsync=off",
                  "start")

    def stop(self) -> None:
        self._run("pg_ctl", "-D", str(self.data), "-m", "fast", "-w", "stop")

    def close(self) -> None:
        subprocess.run([*self.as_pg, str(self.bin / "pg_ctl"), "-D", str(self.data), "-m",
                        "immediate", "stop"], capture_output=True)
        shutil.rmtree(self.folder, ignore_errors=True)


class Redis:
    """A throw-away Redis server without persistence."""

    def __init__(self, folder: Path) -> None:
        self.port, self.folder = free_port(), folder
        self.process: subprocess.Popen[bytes] | None = None
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.start()

    def start(self) -> None:
        self.process = subprocess.Popen(
            ["redis-server", "--bind", "127.0.0.1", "--port", str(self.port), "--save", "",
             "--appendonly", "no", "--dir", str(self.folder)],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        wait_for(lambda: port_open(self.port), 10, "redis start")

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=10)
