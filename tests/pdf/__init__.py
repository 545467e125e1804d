"""Tests of the printed screening summary (screening.summary and screening.pdf)."""
