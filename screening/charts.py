"""Geometry of the small server-rendered SVG charts: plain numbers in, coordinates out.

No Flask here: a template draws the shapes. Charts scale with their container through
their viewBox, so they fit a phone and a wide screen without sideways scrolling.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

WIDTH, HEIGHT = 320, 120
BAR_HEIGHT = 150  # the stacked bars of the figures page: the chart and the bars drawn in it
LEFT, RIGHT, TOP, BOTTOM = 34, 12, 12, 30  # room for the axis labels


class _Frame:
    """The plotting area inside a chart's viewBox, with room for the axis labels."""

    width: int
    height: int

    @property
    def view_box(self) -> str:
        return f"0 0 {self.width} {self.height}"

    @property
    def baseline(self) -> float:
        return float(self.height - BOTTOM)

    @property
    def top(self) -> float:
        return float(TOP)

    @property
    def left(self) -> float:
        return float(LEFT)

    @property
    def right(self) -> float:
        return float(self.width - RIGHT)


@dataclass(frozen=True)
class Point:
    x: float
    y: float
    label: str
    value: int | None


@dataclass(frozen=True)
class LineChart(_Frame):
    """One domain across the screenings: points on a 0..max scale (None: not scored then)."""

    points: tuple[Point, ...]
    maximum: int
    width: int = WIDTH
    height: int = HEIGHT

    @property
    def segments(self) -> tuple[str, ...]:
        """Polyline point lists; a screening without this domain breaks the line."""
        runs: list[list[Point]] = [[]]
        for point in self.points:
            if point.value is None:
                runs.append([])
            else:
                runs[-1].append(point)
        return tuple(" ".join(f"{p.x:.1f},{p.y:.1f}" for p in run) for run in runs if len(run) > 1)

    @property
    def scored(self) -> tuple[Point, ...]:
        return tuple(p for p in self.points if p.value is not None)


def x_positions(count: int, width: int = WIDTH) -> list[float]:
    """Spread `count` positions evenly over the plot's width (one sits in the middle)."""
    span = width - LEFT - RIGHT
    if count <= 1:
        return [LEFT + span / 2]
    return [LEFT + span * i / (count - 1) for i in range(count)]


def line_chart(values: Sequence[int | None], maximum: int, labels: Sequence[str]) -> LineChart:
    """Place each screening's score of one domain on a shared 0..maximum scale."""
    top, bottom = TOP, HEIGHT - BOTTOM
    scale = max(maximum, 1)
    points = tuple(
        Point(x, bottom - (bottom - top) * min(value, scale) / scale if value is not None else bottom,
              label, value)
        for x, value, label in zip(x_positions(len(values)), values, labels, strict=True))
    return LineChart(points, maximum)


@dataclass(frozen=True)
class Mark:
    x: float
    label: str
    code: str
    lane_y: float


@dataclass(frozen=True)
class Timeline:
    """Outcome and safety of each screening on one time axis, one lane each."""

    outcome: tuple[Mark, ...]
    safety: tuple[Mark, ...]
    width: int = WIDTH
    height: int = 96

    @property
    def view_box(self) -> str:
        return f"0 0 {self.width} {self.height}"


OUTCOME_LANE, SAFETY_LANE = 22.0, 52.0


def timeline(outcomes: Sequence[str], safeties: Sequence[str], labels: Sequence[str]) -> Timeline:
    """Put each screening's outcome and safety code at its place on the time axis."""
    xs = x_positions(len(labels))

    def lane(codes: Sequence[str], y: float) -> tuple[Mark, ...]:
        return tuple(Mark(x, label, code, y) for x, code, label in zip(xs, codes, labels, strict=True))

    return Timeline(lane(outcomes, OUTCOME_LANE), lane(safeties, SAFETY_LANE))


@dataclass(frozen=True)
class Segment:
    code: str
    y: float
    height: float
    value: int


@dataclass(frozen=True)
class Bar:
    x: float
    width: float
    label: str
    total: int
    incomplete: bool
    segments: tuple[Segment, ...]


@dataclass(frozen=True)
class BarChart(_Frame):
    """Stacked bars, one per month; the last may be marked as still running."""

    bars: tuple[Bar, ...]
    maximum: int
    width: int = WIDTH
    height: int = BAR_HEIGHT


RUNNING = "running"


def stacked_bars(rows: dict[str, dict[str, int]], codes: Sequence[str],
                 labels: dict[str, str], incomplete: str | None = None,
                 incomplete_total: int = 0) -> BarChart:
    """Stack each row's numbers per code into one bar; rows in order, left to right.

    The `incomplete` row is one plain bar of `incomplete_total` (not split by code).
    """
    bottom, top = BAR_HEIGHT - BOTTOM, TOP
    if incomplete in rows:
        rows = {**rows, incomplete: {RUNNING: incomplete_total}}
        codes = (*codes, RUNNING)
    maximum = max((sum(row.get(c, 0) for c in codes) for row in rows.values()), default=0)
    scale = max(maximum, 1)
    slot = (WIDTH - LEFT - RIGHT) / max(len(rows), 1)
    bars = []
    for index, (key, row) in enumerate(rows.items()):
        y = float(bottom)
        segments = []
        for code in codes:
            value = row.get(code, 0)
            size = (bottom - top) * value / scale
            y -= size
            if value:
                segments.append(Segment(code, round(y, 1), round(size, 1), value))
        bars.append(Bar(round(LEFT + slot * index + slot * 0.15, 1), round(slot * 0.7, 1),
                        labels.get(key, key), sum(row.get(c, 0) for c in codes),
                        key == incomplete, tuple(segments)))
    return BarChart(tuple(bars), maximum)
