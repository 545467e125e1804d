"""Healthy under failure: a PostgreSQL restart and a Redis outage, against a real gunicorn.

The test starts its own PostgreSQL and Redis, because it stops them.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator

import pytest

from tests.conftest import dispose, make_app, upgrade
from tests.factories import PASSWORD, create_organisation, create_user
from tests.servers import Browser, Gunicorn, Postgres, Redis, postgres_bin, wait_for

pytestmark = [
    pytest.mark.instances,
    pytest.mark.skipif(not (os.environ.get("REDIS_URL") and postgres_bin()
                            and shutil.which("redis-server")),
                       reason="needs PostgreSQL and Redis (scripts/with-postgres scripts/with-redis)"),
]


@pytest.fixture(scope="module")
def servers(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Postgres, Redis, Gunicorn]]:
    """One app instance on servers of its own; the database test leaves PostgreSQL running."""
    tmp_path = tmp_path_factory.mktemp("outages")
    postgres = Postgres()
    redis_server = Redis(tmp_path)
    try:
        app = make_app(postgres.url, tmp_path)
        upgrade(app)
        create_user(app, create_organisation(app), "sam@example.nl")
        dispose(app)
        instance = Gunicorn({"DATABASE_URL": postgres.url, "SECRET_KEY": "outage-test",
                             "SCREENING_RATELIMIT_STORAGE_URI": redis_server.url,
                             "SCREENING_WORKERS": "1"}, tmp_path / "app.log")
    except BaseException:
        redis_server.stop()
        postgres.close()
        raise
    yield postgres, redis_server, instance
    instance.stop()
    redis_server.stop()
    postgres.close()


def log_in(browser: Browser, port: int, password: str = PASSWORD) -> int:
    return browser.submit(port, "/inloggen", {"email": "sam@example.nl", "password": password}).status


def test_a_database_restart_gives_503_then_service_resumes_by_itself(servers) -> None:
    postgres, _redis, app = servers
    browser = Browser()
    assert log_in(browser, app.port) == 302
    assert browser.get(app.port, "/screenings").status == 200

    postgres.stop()
    page = browser.get(app.port, "/screenings")
    assert page.status == 503
    assert "Tijdelijk niet beschikbaar" in page.body
    assert page.headers["Retry-After"].isdigit()
    assert browser.get(app.port, "/healthz").status == 503

    postgres.start()  # the app is not restarted
    wait_for(lambda: browser.get(app.port, "/healthz").status == 200, 20, "health check recovers")
    assert browser.get(app.port, "/screenings").status == 200  # the same session goes on


def test_with_redis_down_login_still_works_and_says_so_in_the_log(servers) -> None:
    _postgres, redis_server, app = servers
    redis_server.stop()
    browser = Browser()
    assert log_in(browser, app.port, "niet het wachtwoord") == 400  # a refused form, not an error
    assert log_in(browser, app.port) == 302
    assert browser.get(app.port, "/screenings").status == 200
    log = app.output()
    assert "rate-limit storage unreachable (ConnectionError): login attempts are NOT throttled" in log
    assert "Traceback" not in log
