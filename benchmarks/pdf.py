"""Time the printed summary beside WeasyPrint on the same content, and score() per version."""

from __future__ import annotations

import mimetypes
import re
import statistics
import tempfile
import time
import tomllib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import partial
from pathlib import Path
from typing import Any

from babel.support import Translations

from screening.instrument import Instrument, load_registry, score, version_key
from screening.pdf import render_summary
from screening.summary import Summary, build_summary

from .weasy import summary_html

REPO = Path(__file__).resolve().parent.parent
INSTRUMENT = "vroegsignalering-complexe-scheiding"
CASES = REPO / "tests" / "cases"
STATIC = REPO / "screening" / "static"
NOTE = "Gesprek met moeder en kind; de coördinator is geïnformeerd. " * 20
BASE_URL = "http://bench.invalid/"
EMAIL, PASSWORD = "pdf-bench@example.nl", "benchmark wachtwoord lang genoeg"


def heaviest_answers(instrument: Instrument, case: int = 0) -> dict[str, str | int]:
    """Answer every item with its highest-scoring option, so every item shows and flags rise.

    Text answers name the case: each case's own words differ, as they do in real use.
    """
    answers: dict[str, str | int] = {}
    for item in instrument.items():
        if item.options:
            answers[item.id] = max(item.options, key=lambda option: option.score).code
        elif item.type == "number":
            answers[item.id] = item.min if item.min is not None else 1
        else:
            answers[item.id] = f"Tekst zoals een professional die invult (casus {case}). " * 3
    return answers


def example_summary(instrument: Instrument, draft: bool = True, case: int = 0) -> Summary:
    """Build a large, realistic summary: every item shown, notes on every section.

    The professional's own words (notes, reason, text answers, reference) name the case, so
    summaries of different cases share only what the instrument and the app print.
    """
    answers = heaviest_answers(instrument, case)
    note = f"Casus {case}. {NOTE}"
    return build_summary(
        instrument=instrument, answers=answers, result=score(instrument, answers),
        language="nl", gettext=Translations.load(str(REPO / "screening" / "translations"),
                                                 ["nl"]).gettext,
        organisation="Voorbeeldorganisatie", case_reference=f"BENCH-{case:03d}",
        filled_in_by="Bram Bakker", profession="Jeugdverpleegkundige",
        screened_at=datetime(2024, 3, 15, 10, 30, tzinfo=UTC), draft=draft,
        judgement="other", chosen_tier="complex", judgement_reason=note,
        notes={section.id: note for section in instrument.sections},
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


def result_page_html(instrument: Instrument) -> str:
    """Return the app's result page for the same answers, notes and judgement as the summary."""
    from flask import url_for

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
        with app.test_request_context():
            login, result = url_for("auth.login"), url_for("casework.result", screening_id=screening_id)
        client = app.test_client()
        page = client.get(login).get_data(as_text=True)
        token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page)
        assert token is not None
        client.post(login, data={"csrf_token": token.group(1), "email": EMAIL,
                                 "password": PASSWORD})
        response = client.get(result)
        assert response.status_code == 200, f"result page answered {response.status_code}"
        html = response.get_data(as_text=True)
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


@dataclass(frozen=True)
class Target:
    """One line of the table `make bench` ends with: a figure beside its goal."""

    name: str
    measured: str
    goal: str
    met: bool


def written_cases(version: str) -> list[dict[str, Any]]:
    """Return the answers of the written family cases of a version (tests/cases), if any."""
    major, minor = version.split(".")
    folder = CASES if version == "1.0" else CASES / f"v{major}_{minor}"
    return [tomllib.loads(path.read_text(encoding="utf-8"))["answers"]
            for path in sorted(folder.glob("*.toml"))]


def score_figures(instrument: Instrument, runs: int) -> list[Target]:
    """Print and return score() per answer set: the highest answers and each written case."""
    answers = heaviest_answers(instrument)
    score(instrument, answers)  # warm up: the most serious answers are worked out once
    highest = statistics.median(timings(lambda: score(instrument, answers), runs)) * 1e6
    label = f"score() {instrument.version}"
    targets = [Target(f"{label}, highest answers ({len(answers)})", f"{highest:.0f} us",
                      "<= 150 us", highest <= 150)]
    cases = written_cases(instrument.version)
    line = f"  {instrument.version}: highest answers {highest:.0f} us"
    if cases:
        each = sorted(statistics.median(timings(partial(score, instrument, case),
                                                max(runs // 10, 20))) * 1e6
                      for case in cases)
        middle = statistics.median(each)
        targets.append(Target(f"{label}, {len(cases)} written cases, median", f"{middle:.0f} us",
                              "<= 150 us", middle <= 150))
        line += (f"; {len(cases)} written cases (tests/cases): median {middle:.0f} us, "
                 f"fastest {each[0]:.0f} us, slowest {each[-1]:.0f} us")
    plain = statistics.median(timings(lambda: score(instrument, answers, outlook=False), runs))
    print(f"{line}; highest answers without could_become/decisive {plain * 1e6:.0f} us")
    return targets


def print_figures(runs: int, score_runs: int, weasy_runs: int = 5) -> list[Target]:
    """Print render timings beside WeasyPrint, and scoring timings; return the targets."""
    registry = load_registry(REPO / "questionnaires")
    published = [i for i in registry.all() if i.id == INSTRUMENT and i.status == "published"]
    instrument = max(published, key=lambda i: version_key(i.version))
    summary = example_summary(instrument)
    data = render_summary(summary)  # warm up: fonts are registered on first use
    pages = data.count(b"/Type /Page\n")
    # Each run prints another case: what is kept between prints is only what cases share.
    cases = iter([example_summary(instrument, case=number) for number in range(1, runs + 1)])
    render, render_cpu = medians(lambda: render_summary(next(cases)), runs)
    print(f"Summary PDF of instrument {instrument.version} ({pages} pages, "
          f"{len(data) / 1024:.0f} KiB: every question answered, a note on every section)")
    print(f"  ReportLab (render_summary), {runs} runs: median {render:.1f} ms "
          f"({render_cpu:.1f} ms of CPU)")
    targets: list[Target] = []
    try:
        from weasyprint import HTML
    except ImportError:
        print("  WeasyPrint is not installed (pip install -e '.[dev]'): no comparison")
    else:
        same = HTML(string=summary_html(summary))
        page = HTML(string=result_page_html(instrument), base_url=BASE_URL,
                    url_fetcher=static_fetcher)
        for name, document in (("the same summary as HTML", same),
                               ("the result page of the same answers", page)):
            document.write_pdf()  # warm up: fonts and styles are loaded on first use
            weasy, weasy_cpu = medians(document.write_pdf, weasy_runs)
            print(f"  WeasyPrint, {name}, {weasy_runs} runs: median {weasy:.0f} ms "
                  f"({weasy_cpu:.0f} ms of CPU): ReportLab is {weasy / render:.1f}x faster "
                  f"({weasy_cpu / render_cpu:.1f}x in CPU time)")
            if document is same:
                targets.append(Target("summary PDF vs WeasyPrint, same content (CPU)",
                                      f"{weasy_cpu / render_cpu:.1f}x", ">= 10x",
                                      weasy_cpu / render_cpu >= 10))
    print(f"score(), median of {score_runs} runs per answer set (wall clock), "
          "per published version:")
    for version in sorted(published, key=lambda i: version_key(i.version)):
        targets += score_figures(version, score_runs)
    return targets
