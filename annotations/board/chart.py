"""The figures of a cluster over time, as the geometry of a small SVG chart: a point
at each figure's value, a bar over its interval, an arrow where the interval is
open, conflicts drawn as diamonds. The template draws it, so every text in it is
escaped there. Pure Python, no Django.

x is the claims' date when at least two have one (the undated are left out and
counted), else the order of their documents in the table. Rates and totals do not
share an axis: the more numerous kind is drawn, the other counted as left out.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date
from typing import TypeVar

from annotations.board.formats import number
from annotations.board.table import Row
from annotations.claims.facts import Figure

WIDTH, HEIGHT = 440, 210
LEFT, RIGHT, TOP, BOTTOM = 58, WIDTH - 14, 22, HEIGHT - 42  # the plot area
PAD = 14  # between the plot's sides and the first and last x
SPREAD = 15  # at most, between points that share an x
ARROW = 5
Y_TICKS = 4

K = TypeVar("K")


@dataclass(frozen=True, slots=True)
class Tick:
    at: float
    label: str
    title: str = ""  # on hover: the document a "D2" stands for


@dataclass(frozen=True, slots=True)
class Point:
    number: int
    x: float
    y: float
    top: float  # the bar's ends (the same as y when the figure is exact)
    bottom: float
    open_top: bool
    open_bottom: bool
    conflict: bool
    title: str

    @property
    def bar(self) -> bool:
        return self.top < self.bottom

    @property
    def arrow_up(self) -> str:
        return _polygon(
            (self.x - ARROW, self.top + ARROW),
            (self.x, self.top),
            (self.x + ARROW, self.top + ARROW),
        )

    @property
    def arrow_down(self) -> str:
        b = self.bottom
        return _polygon((self.x - ARROW, b - ARROW), (self.x, b), (self.x + ARROW, b - ARROW))

    @property
    def diamond(self) -> str:
        r = 6.5
        return _polygon(
            (self.x, self.y - r), (self.x + r, self.y), (self.x, self.y + r), (self.x - r, self.y)
        )


@dataclass(slots=True)
class Chart:
    label: str
    y_label: str
    x_label: str
    notes: list[str] = field(default_factory=list)  # what is not drawn, and why
    points: list[Point] = field(default_factory=list)
    y_ticks: list[Tick] = field(default_factory=list)
    x_ticks: list[Tick] = field(default_factory=list)
    width: int = WIDTH
    height: int = HEIGHT
    left: int = LEFT
    right: int = RIGHT
    top: int = TOP
    bottom: int = BOTTOM


def chart(title: str, rows: list[Row]) -> Chart | None:
    """The chart of a cluster's rows, or None when none has a figure."""
    with_figure = [r for r in rows if r.figure is not None]
    if not with_figure:
        return None
    rates = [r for r in with_figure if r.figure and r.figure.per_days]
    totals = [r for r in with_figure if r.figure and not r.figure.per_days]
    per_day = len(rates) > len(totals)
    drawn = rates if per_day else totals
    notes = []
    if per_day and totals:
        notes.append(f"{len(totals)} total{_s(totals)} not drawn")
    if not per_day and rates:
        notes.append(f"{len(rates)} rate{_s(rates)} a day not drawn")
    dated = [r for r in drawn if r.claim.when.day is not None]
    by_time = len(dated) >= 2
    if by_time:
        if len(dated) < len(drawn):
            notes.append(f"{len(drawn) - len(dated)} undated not drawn")
        drawn = dated
        xs, x_ticks, x_label = _time_axis(drawn)
    else:
        xs, x_ticks, x_label = _document_axis(drawn)
    top_value = max(_finite(r) for r in drawn)
    step, y_ticks = _y_ticks(top_value)
    scale = (BOTTOM - TOP) / (step * (len(y_ticks) - 1))

    def y(v: float) -> float:
        return round(min(BOTTOM, BOTTOM - v * scale), 1)  # a negative figure sits on the axis

    points = []
    for r in drawn:
        f = r.figure
        assert f is not None
        low, high = f.low, f.high
        points.append(
            Point(
                number=r.number,
                x=xs[r.number],
                y=y(f.value),
                top=TOP if high is None else y(high),
                bottom=BOTTOM if low is None else y(low),
                open_top=high is None,
                open_bottom=low is None,
                conflict=bool(r.conflicts),
                title=_point_title(r),
            )
        )
    return Chart(
        label=_summary(title, drawn, x_label, notes),
        y_label=_unit(drawn) + (" a day" if per_day else ""),
        x_label=x_label,
        notes=notes,
        points=points,
        y_ticks=y_ticks,
        x_ticks=x_ticks,
    )


def _finite(r: Row) -> float:
    f = r.figure
    assert f is not None
    return max(v for v in (f.value, f.low, f.high) if v is not None)


def _y_ticks(top_value: float) -> tuple[float, list[Tick]]:
    """0 up to the first tick above the largest figure (with room for an arrow),
    in steps of 1, 2, 2.5 or 5 times a power of ten."""
    top_value = max(top_value * 1.08, 1e-9)
    raw = top_value / Y_TICKS
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw)
    count = math.ceil(top_value / step - 1e-9)
    height = BOTTOM - TOP
    return step, [
        Tick(round(BOTTOM - k * height / count, 1), number(k * step)) for k in range(count + 1)
    ]


def _spread(groups: dict[K, list[Row]], centre: dict[K, float], room: float) -> dict[int, float]:
    """x of each row: its group's centre, rows of one group side by side, within
    ``room`` (the space a group may take)."""
    xs = {}
    for key, members in groups.items():
        step = min(SPREAD, room / max(1, len(members) - 1))
        for k, r in enumerate(members):
            offset = (k - (len(members) - 1) / 2) * step
            xs[r.number] = round(min(RIGHT, max(LEFT, centre[key] + offset)), 1)
    return xs


def _time_axis(rows: list[Row]) -> tuple[dict[int, float], list[Tick], str]:
    days: dict[date, list[Row]] = {}
    for r in rows:
        day = r.claim.when.day
        assert day is not None
        days.setdefault(day, []).append(r)
    first, last = min(days), max(days)
    length = (last - first).days

    def x(day: date) -> float:
        if not length:
            return (LEFT + RIGHT) / 2
        return LEFT + PAD + (day - first).days / length * (RIGHT - LEFT - 2 * PAD)

    centre = {day: x(day) for day in days}
    ticks = [Tick(round(x(d), 1), _date(d)) for d in sorted({first, last})]
    if length > 60:
        middle = first + (last - first) / 2
        ticks.insert(1, Tick(round(x(middle), 1), _date(middle)))
    return _spread(days, centre, (RIGHT - LEFT) / 4), ticks, "date"


def _document_axis(rows: list[Row]) -> tuple[dict[int, float], list[Tick], str]:
    documents: dict[int, list[Row]] = {}
    for r in rows:
        documents.setdefault(r.document_number, []).append(r)
    order = sorted(documents)
    slot = (RIGHT - LEFT) / len(order)
    centre = {d: LEFT + slot * (k + 0.5) for k, d in enumerate(order)}
    every = math.ceil(len(order) / 10)  # at most 10 labels
    ticks = [
        Tick(round(centre[d], 1), f"D{d}", documents[d][0].claim.document_title)
        for k, d in enumerate(order)
        if k % every == 0
    ]
    return _spread(documents, centre, slot * 0.8), ticks, "documents in table order (no dates)"


def _date(d: date) -> str:
    return f"{d.day} {d:%b %Y}"


def _unit(rows: list[Row]) -> str:
    units: dict[str, int] = {}
    for r in rows:
        if r.figure and r.figure.unit:
            units[r.figure.unit.lower()] = units.get(r.figure.unit.lower(), 0) + 1
    return max(units, key=lambda u: units[u]) if units else ""


def _point_title(r: Row) -> str:
    f = r.figure
    assert f is not None
    parts = [f"#{r.number}: {f.text} {f.unit}".rstrip() + f" ({r.interval})"]
    parts.append(r.who or "no speaker named")
    if r.claim.when.text and r.claim.when.source:
        parts.append(r.claim.when.text)
    parts.append(f"D{r.document_number} {r.claim.document_title}")
    if r.conflicts:
        parts.append("conflicts with " + ", ".join(f"#{c.number}" for c in r.conflicts))
    return " — ".join(parts)


def _summary(title: str, rows: list[Row], x_label: str, notes: list[str]) -> str:
    figures = sorted((r.figure for r in rows if r.figure), key=lambda f: f.value)
    n = len(figures)
    lowest, highest = _written(figures[0]), _written(figures[-1])
    span = lowest if n == 1 else f"from {lowest} to {highest}"
    text = f"{title}: {n} figure{'s' if n != 1 else ''} {span}"
    conflicts = sum(1 for r in rows if r.conflicts)
    if conflicts:
        text += f", {conflicts} in conflict"
    text += f"; x axis: {x_label}"
    return "; ".join([text, *notes])


def _written(f: Figure) -> str:
    """A total as written ("over 12,000"); a rate as drawn, per day ("92 a day")."""
    if f.per_days:
        return f"{number(f.value)} a day"
    text = f.text
    return text[:1].lower() + text[1:] if text[1:2].islower() else text


def _s(items: list[Row]) -> str:
    return "" if len(items) == 1 else "s"


def _polygon(*corners: tuple[float, float]) -> str:
    return " ".join(f"{round(x, 1)},{round(y, 1)}" for x, y in corners)
