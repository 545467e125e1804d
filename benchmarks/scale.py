"""Flat cost at scale: seed 1k / 100k / 1M screenings and time the pages that must not grow.

`make bench-scale` (not in CI). For each database (SQLite; PostgreSQL when DATABASE_URL
points at one) and each size, a fresh database is migrated and seeded: one professional
owns 1,000 screenings (some shared with a colleague), the rest belong to others across
many organisations. Through the test client it times the list, a search, the last page
of the list and the coordinator's figures, the sizes taking turns request by request;
it prints medians and the largest/smallest ratios. `--keep FOLDER` keeps the seeded
databases for the next run (seeding 1M takes minutes).
"""

from __future__ import annotations

import argparse
import random
import statistics
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, insert, text
from sqlalchemy.engine import make_url

from screening import figure_counts
from screening.app import create_app
from screening.db import db, migrations
from screening.models import Organisation, OrganisationMunicipality, Screening, Share, User
from screening.passwords import hash_password

SIZES = (1_000, 100_000, 1_000_000)
OWNED = 1_000
SHARED_WITH_BENCH = 50
SHARE_EVERY = 100
PER_ORGANISATION = 10_000
PASSWORD = "benchmark wachtwoord lang genoeg"
OUTCOMES = ("ordinary", "watch", "complex", "insufficient")
SAFETY = ("none", "concern", "acute")  # the 0002 check does not know "unknown" yet
PARENTING = ("cooperative", "parallel", "conflicted", "unknown")
PAGES = {
    "list": "/screenings",
    "search": "/screenings?q=BENCH-04",
    "last page": "",  # reached by following "Volgende pagina" from the list, as a user does
}


def database(base_url: str | None, size: int, workdir: Path, reuse: bool) -> tuple[str, bool]:
    """The database for one size, and whether it still needs seeding.

    With `reuse`, a database seeded by an earlier run (same folder, same server) is kept.
    """
    if base_url is None:
        path = workdir / f"scale-{size}.db"
        if reuse and path.exists() and seeded_size(f"sqlite:///{path}") == seeded_rows(size):
            return f"sqlite:///{path}", False
        for leftover in workdir.glob(f"scale-{size}.db*"):
            leftover.unlink()
        return f"sqlite:///{path}", True
    url = make_url(base_url)
    name = f"scale_{size}"
    target = url.set(database=name).render_as_string(hide_password=False)
    engine = create_engine(url, isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        exists = connection.execute(text("SELECT 1 FROM pg_database WHERE datname = :n"),
                                    {"n": name}).scalar()
        if reuse and exists and seeded_size(target) == seeded_rows(size):
            engine.dispose()
            return target, False
        connection.execute(text(f"DROP DATABASE IF EXISTS {name}"))
        connection.execute(text(f"CREATE DATABASE {name}"))
    engine.dispose()
    return target, True


def seeded_rows(size: int) -> int:
    return max(size, OWNED + SHARED_WITH_BENCH)


def seeded_size(url: str) -> int | None:
    """How many screenings an earlier run seeded, or None when it did not finish."""
    engine = create_engine(url)
    try:
        with engine.connect() as connection:
            return int(connection.execute(text("SELECT count(*) FROM screenings")).scalar() or 0)
    except Exception:  # noqa: BLE001 - no table yet: not seeded
        return None
    finally:
        engine.dispose()


def seed(size: int) -> None:
    """Organisations of 10,000 screenings; the benchmark professional owns 1,000 in the first."""
    rng = random.Random(size)
    organisations = max(1, size // PER_ORGANISATION)
    password = hash_password(PASSWORD)
    for number in range(organisations):
        db.session.add(Organisation(name=f"Organisatie {number}", region="Twente",
                                    municipalities=[OrganisationMunicipality(name="Almelo"),
                                                    OrganisationMunicipality(name="Borne")]))
    db.session.flush()
    ids = [o.id for o in db.session.query(Organisation).order_by(Organisation.id)]
    users: list[tuple[int, int]] = []  # (user id, organisation id)
    for organisation_id in ids:
        for index in range(5):
            user = User(email=f"p{index}@org{organisation_id}.nl", name=f"P {index}",
                        role="professional", profession="school_social_worker",
                        organisation_id=organisation_id, password_hash=password)
            db.session.add(user)
            db.session.flush()
            users.append((user.id, organisation_id))
        if organisation_id == ids[0]:
            db.session.add(User(email="co@org.nl", name="Co", role="coordinator",
                                organisation_id=organisation_id, password_hash=password))
    db.session.commit()
    bench_user, bench_organisation = users[0]
    colleague = users[1][0]
    start = datetime(2025, 12, 1, tzinfo=UTC)
    rows: list[dict[str, Any]] = []
    engine = db.engine

    def flush() -> None:
        with engine.begin() as connection:
            connection.execute(insert(Screening), rows)
        rows.clear()

    # The benchmark professional owns exactly OWNED at every size, and a colleague shares
    # SHARED_WITH_BENCH of theirs with them (so the 1k database has 1,050 screenings).
    others = users[1:]
    for number in range(max(size, OWNED + SHARED_WITH_BENCH)):
        if number < OWNED:
            owner, organisation_id = bench_user, bench_organisation
        elif number < OWNED + SHARED_WITH_BENCH:
            owner, organisation_id = colleague, bench_organisation
        else:
            owner, organisation_id = others[rng.randrange(len(others))]
        moment = start + timedelta(minutes=rng.randrange(0, 500_000))
        final = rng.random() < 0.8
        rows.append({
            "owner_id": owner, "organisation_id": organisation_id,
            "case_reference": f"BENCH-{number % 9973:04d}", "municipality": "Almelo",
            "instrument_id": "vroegsignalering-complexe-scheiding", "instrument_version": "1.0",
            "instrument_hash": "0" * 64, "status": "final" if final else "draft",
            "answers": {}, "notes": {}, "tier": rng.choice(OUTCOMES),
            "safety": rng.choice(SAFETY), "parenting": rng.choice(PARENTING),
            "result": {} if final else None, "judgement": "agree" if final else None,
            "lock_version": 1, "created_at": moment, "updated_at": moment,
            "finalised_at": moment if final else None,
            "rescreen_on": (moment + timedelta(weeks=8)).date() if final else None,
            "screener_profession": "school_social_worker" if final else None,
        })
        if len(rows) >= 20_000:
            flush()
    if rows:
        flush()
    # The colleague's first screenings are shared with the benchmark professional (who sees
    # the same 1,050 at every size); elsewhere one in SHARE_EVERY is shared with a colleague.
    colleagues: dict[int, list[int]] = {}
    for user_id, organisation_id in users:
        colleagues.setdefault(organisation_id, []).append(user_id)
    with engine.begin() as connection:
        shares = [{"screening_id": s, "user_id": bench_user, "shared_by_id": colleague,
                   "created_at": start} for s in connection.execute(text(
                       "SELECT id FROM screenings WHERE owner_id = :u ORDER BY id LIMIT :n"),
                       {"u": colleague, "n": SHARED_WITH_BENCH}).scalars()]
        for screening_id, owner, organisation_id in connection.execute(text(
                "SELECT id, owner_id, organisation_id FROM screenings "
                "WHERE id % :every = 0 AND owner_id NOT IN (:bench, :colleague)"),
                {"every": SHARE_EVERY, "bench": bench_user, "colleague": colleague}):
            to = rng.choice([u for u in colleagues[organisation_id]
                             if u not in (owner, bench_user)])
            shares.append({"screening_id": screening_id, "user_id": to, "shared_by_id": owner,
                           "created_at": start})
        for first in range(0, len(shares), 20_000):
            connection.execute(insert(Share), shares[first:first + 20_000])
    figure_counts.rebuild(db.session)
    db.session.commit()
    with engine.begin() as connection:
        connection.execute(text("ANALYZE"))


def log_in(client: Any, email: str) -> None:
    import re

    page = client.get("/inloggen").get_data(as_text=True)
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)  # type: ignore[union-attr]
    response = client.post("/inloggen", data={"csrf_token": token, "email": email,
                                           "password": PASSWORD})
    assert response.status_code == 302, response.status_code


def timed_ms(client: Any, path: str) -> tuple[float, float]:
    """Wall and CPU milliseconds of one request (CPU of this process: with SQLite all the
    work, with PostgreSQL all but the server's)."""
    began, cpu = time.perf_counter(), time.process_time()
    response = client.get(path)
    elapsed = (time.perf_counter() - began) * 1000, (time.process_time() - cpu) * 1000
    assert response.status_code == 200, (path, response.status_code)
    return elapsed


def prepare(url: str, size: int, workdir: Path, fresh: bool) -> dict[str, Any]:
    """Migrate (and seed when fresh) one database; log the professional and coordinator in."""
    app = create_app({"DATABASE_URL": url, "SECRET_KEY": "benchmark"},
                     instance_path=str(workdir / f"instance-{size}"))
    with app.app_context():
        migrations.upgrade()  # a kept database gets new indexes too
        began = time.perf_counter()
        if fresh:
            seed(size)
        else:
            with db.engine.begin() as connection:
                connection.execute(text("ANALYZE"))
        seeded = time.perf_counter() - began
        email = db.session.execute(text(
            "SELECT email FROM users WHERE role = 'professional' ORDER BY id LIMIT 1")).scalar()
    professional, coordinator = app.test_client(), app.test_client()
    log_in(professional, str(email))
    log_in(coordinator, "co@org.nl")
    how = f"seeded in {seeded:.0f} s" if fresh else "kept from an earlier run"
    print(f"  {size:>9,} screenings ({how})", flush=True)
    return {"app": app, "professional": professional, "coordinator": coordinator,
            "last page": last_page(professional)}


def last_page(client: Any) -> str:
    """The list's last page, by its links (a cursor since keyset paging)."""
    import html
    import re

    path, seen = "/screenings", 0
    while seen < 200:
        page = client.get(path).get_data(as_text=True)
        link = re.search(r'href="([^"]+)">Volgende pagina', page)
        if not link:
            return path
        path, seen = html.unescape(link.group(1)), seen + 1
    raise AssertionError("the list has no last page")


def measure(prepared: dict[int, dict[str, Any]], runs: int) -> dict[int, dict[str, float]]:
    """Median ms per size and page; the sizes take turns request by request.

    The machine is shared: taking turns puts the 1k and the 1M database under the same
    load, so the ratio between them holds better than two runs minutes apart would.
    """
    pages = [(name, "professional", path) for name, path in PAGES.items() if path]
    pages.insert(2, ("last page", "professional", ""))
    pages.append(("figures", "coordinator", "/beheer/"))
    figures: dict[int, dict[str, float]] = {size: {} for size in prepared}
    for name, who, path in pages:
        times: dict[int, list[tuple[float, float]]] = {size: [] for size in prepared}
        for clients in prepared.values():
            timed_ms(clients[who], path or clients[name])  # warm
        for _ in range(runs):
            for size, clients in prepared.items():
                times[size].append(timed_ms(clients[who], path or clients[name]))
        for size in prepared:
            figures[size][name] = statistics.median(wall for wall, _ in times[size])
            figures[size][f"{name} cpu"] = statistics.median(cpu for _, cpu in times[size])
    for size, clients in prepared.items():
        print(f"  {size:>9,} screenings: " + ", ".join(
            f"{name} {value:.0f} ms" for name, value in figures[size].items()), flush=True)
        with clients["app"].app_context():
            db.engine.dispose()
    return figures


def main(argv: list[str] | None = None) -> None:
    import os

    parser = argparse.ArgumentParser(prog="python -m benchmarks.scale", description=__doc__)
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--sizes", type=int, nargs="*", default=list(SIZES))
    parser.add_argument("--keep", type=Path, metavar="FOLDER",
                        help="keep the seeded databases (SQLite files in FOLDER; PostgreSQL "
                             "databases scale_<size> on its server) and reuse them next time")
    args = parser.parse_args(argv)
    databases: list[tuple[str, str | None]] = [("SQLite", None)]
    if os.environ.get("DATABASE_URL", "").startswith("postgresql"):
        databases.append(("PostgreSQL", os.environ["DATABASE_URL"]))
    results: dict[str, dict[int, dict[str, float]]] = {}
    with tempfile.TemporaryDirectory() as directory:
        workdir = Path(directory)
        if args.keep:
            args.keep.mkdir(parents=True, exist_ok=True)
        for label, base in databases:
            print(f"{label}:", flush=True)
            prepared = {}
            for size in args.sizes:
                url, fresh = database(base, size, args.keep or workdir, args.keep is not None)
                prepared[size] = prepare(url, size, workdir, fresh)
            results[label] = measure(prepared, args.runs)
    smallest, largest = min(args.sizes), max(args.sizes)
    for title, suffix in (("median ms", ""), ("median CPU ms of this process "
                                              "(PostgreSQL: without the server's)", " cpu")):
        print(f"\n{title}, and {largest:,}/{smallest:,} ratio:")
        print("| page | " + " | ".join(f"{size:,} {label}" for label in results
                                      for size in args.sizes)
              + " | " + " | ".join(f"ratio {label}" for label in results) + " |")
        for page in (*PAGES, "figures"):
            name = page + suffix
            cells = [f"{results[label][size][name]:.1f}" for label in results
                     for size in args.sizes]
            ratios = [f"{results[label][largest][name] / results[label][smallest][name]:.2f}"
                      for label in results]
            print(f"| {page} | " + " | ".join(cells) + " | " + " | ".join(ratios) + " |")


if __name__ == "__main__":
    main()
