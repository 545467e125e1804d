"""Fixtures for end-to-end tests: the real app served on loopback, driven by Debian's chromium."""

from __future__ import annotations

import re
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from playwright.sync_api import Browser, BrowserContext, Page, Playwright, sync_playwright
from werkzeug.serving import make_server

from tests.conftest import dispose, make_app, upgrade
from tests.e2e.ui import ARTIFACTS, LiveServer, QuietHandler
from tests.factories import create_organisation, create_user

CHROMIUM = "/usr/bin/chromium"
DELIBERATE_REFUSAL = re.compile(
    r"^Failed to load resource: the server responded with a status of (400|409)\b")
# No network but loopback: keep chromium from reaching out, and keep it small.
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic",
]
TIMEOUT_MS = 10_000


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Iterator[None]:
    report = yield
    # The page fixture looks at this to keep a screenshot of a failure.
    setattr(item, f"report_{report.when}", report)
    return report


# Package scope, not session: Playwright's sync API keeps an asyncio loop running in
# the main thread while it is started, which breaks Flask's async teardown in the
# tests that run after these (see off_the_loop).
@pytest.fixture(scope="package")
def playwright() -> Iterator[Playwright]:
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: install Debian's chromium (make test does this)")
    with sync_playwright() as driver:
        yield driver


@pytest.fixture(scope="package")
def browser(playwright: Playwright) -> Iterator[Browser]:
    browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
    yield browser
    browser.close()


def off_the_loop(work: Callable[[], object]) -> None:
    """Run app-context work in a thread of its own.

    Playwright's sync API keeps an asyncio loop running in the main thread, and Flask
    runs flask-sqlalchemy-lite's async teardown through asgiref, which refuses to run
    in a thread with a running loop.
    """
    with ThreadPoolExecutor(max_workers=1) as pool:
        pool.submit(work).result()


def prepare(app: Flask) -> None:
    upgrade(app)
    create_user(app, create_organisation(app), LiveServer.email)


@pytest.fixture
def live_server(database_url: str, tmp_path: Path) -> Iterator[LiveServer]:
    """Serve a fresh app (CSRF on) with one organisation and one professional."""
    app = make_app(database_url, tmp_path)
    off_the_loop(lambda: prepare(app))
    server = make_server("127.0.0.1", 0, app, threaded=True, request_handler=QuietHandler)
    thread = threading.Thread(
        target=server.serve_forever, kwargs={"poll_interval": 0.05}, name="live-server", daemon=True)
    thread.start()
    try:
        yield LiveServer(url=f"http://127.0.0.1:{server.server_port}", app=app)
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
        off_the_loop(lambda: dispose(app))


@pytest.fixture
def new_context(browser: Browser, live_server: LiveServer) -> Iterator[Callable[..., BrowserContext]]:
    """Open browser contexts on the live server (a fresh browser profile each); close them after."""
    opened: list[BrowserContext] = []

    def open_context(**options: Any) -> BrowserContext:
        context = browser.new_context(base_url=live_server.url, **options)
        context.set_default_timeout(TIMEOUT_MS)
        opened.append(context)
        return context

    yield open_context
    for context in opened:
        context.close()


@pytest.fixture
def context(new_context: Callable[..., BrowserContext]) -> BrowserContext:
    return new_context()


@pytest.fixture
def page(context: BrowserContext, request: pytest.FixtureRequest) -> Iterator[Page]:
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    # Console errors include blocked resources and Content-Security-Policy violations. A refused
    # form answers 400/409 on purpose (the page shows its message): chromium logs that load too.
    page.on("console", lambda message: errors.append(message.text)
            if message.type == "error" and not DELIBERATE_REFUSAL.search(message.text) else None)
    yield page
    report = getattr(request.node, "report_call", None)
    if report is not None and report.failed and not page.is_closed():
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        name = re.sub(r"[^\w.-]+", "_", request.node.name)
        page.screenshot(path=str(ARTIFACTS / f"failed-{name}.png"), full_page=True)
    assert not errors, f"errors in the browser console: {errors}"
