"""Print timing figures for the app's hot paths; run with `python -m benchmarks`; never a test."""
