"""Run every benchmark and print its figures: `python -m benchmarks [RUNS] [--score-runs N]`."""

from __future__ import annotations

import argparse

from .pages import PAGES, print_http_figures
from .pdf import Target, print_figures

PAGE_GOAL = 0.25  # issue 16: every page at least a quarter of the bare Flask ceiling


def print_targets(targets: list[Target]) -> None:
    """Print every figure issue 16 sets a goal for, beside its goal, in one table."""
    print("\n| target | measured | goal | met |")
    print("|---|---|---|---|")
    for target in targets:
        print(f"| {target.name} | {target.measured} | {target.goal} | "
              f"{'yes' if target.met else 'NO'} |")


def main(argv: list[str] | None = None) -> None:
    """Parse the run counts and print the figures."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__)
    parser.add_argument("runs", nargs="?", type=int, default=50,
                        help="how often to render the PDF summary (default 50)")
    parser.add_argument("--score-runs", type=int, default=2000,
                        help="how often to score the answers (default 2000)")
    parser.add_argument("--rounds", type=int, default=3,
                        help="interleaved rounds of the HTTP comparison (default 3)")
    parser.add_argument("--seconds", type=int, default=5,
                        help="seconds of load per target and round (default 5)")
    args = parser.parse_args(argv)
    if min(args.runs, args.score_runs, args.rounds, args.seconds) < 1:
        parser.error("run counts must be at least 1")
    targets = print_figures(args.runs, args.score_runs)
    for database, figures in print_http_figures(args.rounds, args.seconds).items():
        bare = figures["bare"]
        for page in PAGES:
            ratio = figures[page].requests_per_second / bare.requests_per_second
            cpu_ratio = bare.cpu_ms / figures[page].cpu_ms if figures[page].cpu_ms else 0.0
            targets.append(Target(f"{page}, {database}, share of bare Flask",
                                  f"{ratio:.3f} (by CPU per request {cpu_ratio:.3f})",
                                  f">= {PAGE_GOAL}", ratio >= PAGE_GOAL))
    print_targets(targets)


main()
