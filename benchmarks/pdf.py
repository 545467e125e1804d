"""Time rendering the printed summary and scoring, on the real instrument."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from dataclasses import fields
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from screening.instrument import Instrument, load_instrument, score
from screening.pdf import render_summary
from screening.summary import Headings, Summary, build_summary

INSTRUMENT_PATH = (
    Path(__file__).resolve().parent.parent
    / "questionnaires" / "vroegsignalering-complexe-scheiding" / "1.0.toml"
)


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


def headings() -> Headings:
    """Build plain Dutch headings; the app builds these with gettext."""
    words = {
        field.name: field.name.replace("_", " ").capitalize()
        for field in fields(Headings)
        if field.name not in ("page", "version", "date_format", "completeness", "judgement_other",
                        "meldcode_steps", "safety_labels", "tier_labels", "parenting_labels")
    }
    return Headings(
        **words,
        page="pagina %(page)s van %(pages)s",
        version="versie %(version)s (%(hash)s)",
        date_format="%d-%m-%Y %H:%M",
        completeness="%(answered)s van %(shown)s beantwoord, %(unknown)s onbekend",
        judgement_other="Andere uitkomst: %(outcome)s",
        meldcode_steps=tuple(f"Stap {n} van de Meldcode." for n in range(1, 6)),
        safety_labels={}, tier_labels={}, parenting_labels={},
    )


def example_summary(instrument: Instrument, draft: bool = True) -> Summary:
    """Build a large, realistic summary: every item shown, notes on every section."""
    answers = heaviest_answers(instrument)
    note = "Gesprek met moeder en kind; de coördinator is geïnformeerd. " * 20
    return build_summary(
        instrument=instrument, answers=answers, result=score(instrument, answers),
        language="nl", headings=headings(), organisation="Voorbeeldorganisatie",
        case_reference="BENCH-001", profession="Jeugdverpleegkundige",
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


def p95(values: list[float]) -> float:
    """Return the 95th percentile (the maximum for fewer than two values)."""
    return statistics.quantiles(values, n=20)[18] if len(values) > 1 else max(values)


def print_figures(runs: int, score_runs: int) -> None:
    """Print render and score timings for the real instrument."""
    instrument = load_instrument(INSTRUMENT_PATH)
    summary = example_summary(instrument)
    data = render_summary(summary)  # warm up: fonts are registered on first use
    pages = data.count(b"/Type /Page\n")
    render = timings(lambda: render_summary(summary), runs)
    print(f"render_summary, {runs} runs ({pages} pages, {len(data) / 1024:.1f} KiB): "
          f"median {statistics.median(render) * 1000:.1f} ms, p95 {p95(render) * 1000:.1f} ms")
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
