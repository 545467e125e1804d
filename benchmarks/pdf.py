"""Time the printed summary, WeasyPrint on the result page of the same answers, and scoring."""

from __future__ import annotations

import mimetypes
import re
import statistics
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from babel.support import Translations

from screening.instrument import Instrument, load_registry, score
from screening.pdf import render_summary
from screening.summary import Summary, build_summary

REPO = Path(__file__).resolve().parent.parent
INSTRUMENT_PATH = REPO / "questionnaires" / "vroegsignalering-complexe-scheiding" / "1.0.toml"
STATIC = REPO / "screening" / "static"
NOTE = "Gesprek met moeder en kind; de coördinator is geïnformeerd. " * 20
BASE_URL = "http://bench.invalid/"
EMAIL, PASSWORD = "pdf-bench@example.nl", "benchmark wachtwoord lang genoeg"


def heaviest_answers(instrument: Instrument) -> dict[str, str | int]:
    """Answer every item with its highest-scoring option, so every item shows and flags rise."""
    answers: dict[str, str | int] = {}
    for item in instrument.items():
        if item.options:
            answers[item.id] = max(item.options, key=lambda option: option.score).code
        elif item.type == "number":
            answers[item.id] = item.min if item.min is not None else 1
        else:
            answers[item.id] = "Tekst zoals een professional die invult. " * 3
    return answers


def open_answers(instrument: Instrument) -> dict[str, str | int]:
    """Answer every item 'unknown' (or leave it out): the most open questions to weigh."""
    return {item.id: "unknown" for item in instrument.items()
            if item.type == "number" or item.option("unknown") is not None}


def example_summary(instrument: Instrument, draft: bool = True) -> Summary:
    """Build a large, realistic summary: every item shown, notes on every section."""
    answers = heaviest_answers(instrument)
    return build_summary(
        instrument=instrument, answers=answers, result=score(instrument, answers),
        language="nl", gettext=Translations.load(str(REPO / "screening" / "translations"),
                                                 ["nl"]).gettext,
        organisation="Voorbeeldorganisatie", case_reference="BENCH-001",
        filled_in_by="Bram Bakker", profession="Jeugdverpleegkundige",
        screened_at=datetime(2024, 3, 15, 10, 30, tzinfo=UTC), draft=draft,
        judgement="other", chosen_tier="complex", judgement_reason=NOTE,
        notes={section.id: NOTE for section in instrument.sections},
    )


def timings(action: Callable[[], Any], runs: int) -> list[float]:
    """Return the seconds each of `runs` calls of action took."""
    seconds = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        seconds.append(time.perf_counter() - start)
    return seconds


def medians(action: Callable[[], Any], runs: int) -> tuple[float, float]:
    """Return the median wall-clock and CPU milliseconds of `runs` calls of action.

    On a shared machine the wall clock includes waiting for a core; the CPU time does not.
    """
    wall, cpu = [], []
    for _ in range(runs):
        start, start_cpu = time.perf_counter(), time.process_time()
        action()
        wall.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
    return statistics.median(wall) * 1000, statistics.median(cpu) * 1000


def p95(values: list[float]) -> float:
    """Return the 95th percentile (the maximum for fewer than two values)."""
    return statistics.quantiles(values, n=20)[18] if len(values) > 1 else max(values)


def result_page_html(instrument: Instrument) -> str:
    """Return the app's result page for the same answers, notes and judgement as the summary."""
    from screening import screenings
    from screening.app import create_app
    from screening.db import db, migrations
    from screening.models import Organisation, OrganisationMunicipality, User
    from screening.passwords import hash_password

    with tempfile.TemporaryDirectory() as folder:
        app = create_app({"SECRET_KEY": "benchmark", "DATABASE_URL": f"sqlite:///{folder}/b.db"},
                         instance_path=str(Path(folder) / "instance"))
        with app.app_context():
            migrations.upgrade()
            user = User(email=EMAIL, name="Bench", role="professional", profession="other",
                        password_hash=hash_password(PASSWORD), organisation=Organisation(
                            name="Team", municipalities=[OrganisationMunicipality(name="Almelo")]))
            db.session.add(user)
            db.session.flush()
            screening = screenings.start(db.session, user, instrument, case_reference="BENCH-001",
                                         municipality="Almelo", start_answers={"setting": "intake"})
            screening.answers = heaviest_answers(instrument)
            screening.notes = {section.id: NOTE for section in instrument.sections}
            screening.judgement, screening.chosen_tier = "other", "complex"
            screening.judgement_reason = NOTE
            db.session.commit()
            screening_id = screening.id
        client = app.test_client()
        page = client.get("/login").get_data(as_text=True)
        token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page)
        assert token is not None
        client.post("/login", data={"csrf_token": token.group(1), "email": EMAIL,
                                    "password": PASSWORD})
        html = client.get(f"/screenings/{screening_id}/uitkomst").get_data(as_text=True)
        with app.app_context():
            for engine in db.engines.values():
                engine.dispose()
    return html


def static_fetcher(url: str) -> Any:
    """Serve the app's own stylesheet to WeasyPrint; nothing is fetched from elsewhere."""
    path = url.removeprefix(BASE_URL).split("?")[0]
    file = STATIC / path.removeprefix("static/")
    found = path.startswith("static/") and file.is_file()
    body = file.read_bytes() if found else b""
    mime_type = (mimetypes.guess_type(file.name)[0] if found else None) or "text/plain"
    try:  # WeasyPrint 66 and later want a response object, earlier versions a dict
        from weasyprint.urls import URLFetcherResponse
    except ImportError:
        return {"string": body, "mime_type": mime_type}
    return URLFetcherResponse(url, body, headers={"Content-Type": mime_type})


def print_figures(runs: int, score_runs: int, weasy_runs: int = 5) -> None:
    """Print render timings beside WeasyPrint on the result page, and scoring timings."""
    instrument = load_registry(REPO / "questionnaires").get(
        "vroegsignalering-complexe-scheiding", "1.0")
    summary = example_summary(instrument)
    data = render_summary(summary)  # warm up: fonts are registered on first use
    pages = data.count(b"/Type /Page\n")
    render, render_cpu = medians(lambda: render_summary(summary), runs)
    print(f"render_summary, {runs} runs ({pages} pages, {len(data) / 1024:.1f} KiB): "
          f"median {render:.1f} ms ({render_cpu:.1f} ms of CPU)")
    try:
        from weasyprint import HTML
    except ImportError:
        print("WeasyPrint is not installed (pip install -e '.[dev]'): no comparison")
    else:
        html = result_page_html(instrument)
        page = HTML(string=html, base_url=BASE_URL, url_fetcher=static_fetcher)
        page.write_pdf()  # warm up: fonts and styles are loaded on first use
        weasy, weasy_cpu = medians(page.write_pdf, weasy_runs)
        print(f"WeasyPrint on the result page of the same answers, {weasy_runs} runs: "
              f"median {weasy:.1f} ms ({weasy_cpu:.1f} ms of CPU); render_summary is "
              f"{weasy / render:.1f}x faster ({weasy_cpu / render_cpu:.1f}x in CPU time)")
    answers = heaviest_answers(instrument)
    scoring = timings(lambda: score(instrument, answers), score_runs)
    print(f"score, {score_runs} runs (real instrument, {len(answers)} answers): "
          f"median {statistics.median(scoring) * 1000:.3f} ms, p95 {p95(scoring) * 1000:.3f} ms")
    plain = timings(lambda: score(instrument, answers, outlook=False), score_runs)
    print(f"score without could_become/decisive, {score_runs} runs: "
          f"median {statistics.median(plain) * 1000:.3f} ms, p95 {p95(plain) * 1000:.3f} ms")
    unknown = open_answers(instrument)
    score(instrument, unknown)  # warm up: the most serious answers are worked out once
    runs_open = max(score_runs // 10, 1)
    full = timings(lambda: score(instrument, unknown), runs_open)
    bare = timings(lambda: score(instrument, unknown, outlook=False), runs_open)
    print(f"could_become + decisive, {runs_open} runs (every question open, "
          f"{len(score(instrument, unknown).decisive)} decisive): median "
          f"{(statistics.median(full) - statistics.median(bare)) * 1000:.3f} ms on top of "
          f"{statistics.median(bare) * 1000:.3f} ms; p95 of the whole score "
          f"{p95(full) * 1000:.3f} ms")
