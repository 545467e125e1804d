"""Run every benchmark and print its figures: `python -m benchmarks [RUNS] [--score-runs N]`."""

from __future__ import annotations

import argparse

from .pages import print_http_figures
from .pdf import print_figures


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
    print_figures(args.runs, args.score_runs)
    print_http_figures(args.rounds, args.seconds)


main()
