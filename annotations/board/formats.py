"""Figures, intervals and dates as the board writes them. Pure Python, no Django."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from annotations.claims.facts import Facts, Figure

NO_VALUE = "—"


def number(x: float) -> str:
    """ "12,000", "82.8", "0.25": whole numbers with separators, small ones to one
    decimal or two (a rate of 0.25 a day is not 0)."""
    if x == int(x) or abs(x) >= 100:
        return f"{round(x):,}"
    if abs(x) >= 1:
        return f"{x:,.1f}".rstrip("0").rstrip(".")
    return f"{x:.2f}".rstrip("0").rstrip(".")


def interval(figure: Figure) -> str:
    """The figure's interval: "10,800–12,000", "≥ 12,000" (no upper bound),
    "≤ 6,000" (no lower bound), "8,000" (exact); rates per day say so."""
    low, high = figure.low, figure.high
    if low is None and high is None:
        text = NO_VALUE
    elif low is None:
        text = f"≤ {number(high)}"  # type: ignore[arg-type]
    elif high is None:
        text = f"≥ {number(low)}"
    elif number(low) == number(high):
        text = number(low)
    else:
        text = f"{number(low)}–{number(high)}"
    if figure.per_days and text != NO_VALUE:
        text += " a day"
    return text


def place(figure: Figure) -> str:
    """Where, with what it lies in when the text says so: "Kursk, Russia"."""
    scope = figure.scope
    if scope is None:
        return ""
    if scope.container_text and scope.container_text not in scope.text:
        return f"{scope.text}, {scope.container_text}"
    return scope.text


@dataclass(frozen=True, slots=True)
class When:
    """When a claim was made: the document's publication date, else the date its
    text gives. ``day`` places it on a time axis (None: it cannot be placed, e.g.
    "in early January" without a year)."""

    text: str
    day: date | None
    source: str  # "published", "text" or ""
    iso: str = ""


_FULL = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


def day_of(value: str | None) -> date | None:
    """A date an axis can place from the engine's value ("2024-10-23", "2024-10",
    "2024"; the first day of a month or year). Dates without a year ("--10-23"),
    decades and intervals give None."""
    m = _FULL.match(value or "")
    if not m:
        return None
    try:
        return date(int(m[1]), int(m[2] or 1), int(m[3] or 1))
    except ValueError:
        return None


def when(published: date | None, facts: Facts) -> When:
    if published is not None:
        return When(published.isoformat(), published, "published", published.isoformat())
    if facts.date or facts.date_text:
        day = day_of(facts.date)
        return When(facts.date_text or facts.date or "", day, "text", facts.date if day else "")
    return When(NO_VALUE, None, "")
