"""When a claim's figure was reported: the document's own date (its dateline or
publication date) and the claim's date resolved against it. Pure Python, no Django.

News text dates things relative to the day it was written: "on Tuesday" in an
article of Wednesday 5 March is 4 March; "last year" in one of 2025 is 2024. The
document's date comes from its publication date when the caller knows it, else from
its first lines ("ISTANBUL, March 3 (Global Wire)", "Tuesday, March 4"). Datelines
often give no year; when some documents of a collection give a weekday with their
date, the year in which those weekdays fall (`common_year`) lets the others' weekdays
resolve too.

Values are ISO-like strings, as the date extractor writes them: "2025-03-04",
"--03-04" (no year), "2011"; an unresolved weekday stays "weekday:tuesday".
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date, timedelta
from typing import Any

from annotations.claims.dates import find_dates

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
HEADER_LINES = 6  # a dateline sits in the first lines: title, byline, date
# A year with no leap day, for arithmetic on dates whose year is unknown.
_ANY_YEAR = 2001
_EDGE_WORDS = r"(?:since|from|until|till|through)\b"
_PERIOD_EDGE = re.compile(_EDGE_WORDS, re.IGNORECASE)
_DAY = re.compile(r"^(?:(\d{4})|-)-(\d\d)-(\d\d)$")
_YEAR = re.compile(r"\b(1[89]\d\d|20\d\d)\b")
# a year that starts or ends a period ("fighting since 2023", "until 2028") does
# not place the claim in that year
_EDGE_YEAR = re.compile(r"\b" + _EDGE_WORDS + r"\s+(?:early |late |mid-)?$", re.IGNORECASE)
_WEEKDAY = re.compile(r"\b(" + "|".join(WEEKDAYS) + r")\b", re.IGNORECASE)
_NEXT = re.compile(r"\b(?:next|coming|following)\s+$", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Dateline:
    """A document's date: month and day, with its year and weekday when known."""

    month: int
    day: int
    year: int | None = None
    weekday: int | None = None  # 0 is Monday

    @property
    def value(self) -> str:
        if self.year:
            return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"
        return f"--{self.month:02d}-{self.day:02d}"

    def shifted(self, days: int) -> Dateline:
        day = min(self.day, 28) if self.month == 2 and not self.year else self.day
        base = date(self.year or _ANY_YEAR, self.month, day)
        moved = base + timedelta(days=days)
        weekday = None if self.weekday is None else (self.weekday + days) % 7
        year = moved.year if self.year else None
        return Dateline(moved.month, moved.day, year, weekday)


def from_date(day: date) -> Dateline:
    return Dateline(day.month, day.day, day.year, day.weekday())


def dateline(text: str) -> Dateline | None:
    """The date in a document's first lines, with the weekday written beside it."""
    lines = text.split("\n", HEADER_LINES)[:HEADER_LINES]
    for line in lines:
        for found in find_dates(line):
            m = _DAY.match(found.value or "")
            if not m:
                continue
            weekday = _WEEKDAY.search(line)
            return _valid(
                int(m[2]),
                int(m[3]),
                int(m[1]) if m[1] else None,
                WEEKDAYS.index(weekday[1].lower()) if weekday else None,
            )
    return None


def _valid(month: int, day: int, year: int | None, weekday: int | None) -> Dateline | None:
    try:
        date(year or 2000, month, day)  # 2000 is a leap year: 29 February passes
    except ValueError:
        return None
    if year and weekday is not None and date(year, month, day).weekday() != weekday:
        weekday = None  # the text contradicts itself: trust the date
    return Dateline(month, day, year, weekday)


def common_year(lines: Iterable[Dateline | None], latest: int) -> int | None:
    """The year, at most ``latest``, in which every yearless dateline's weekday falls
    on its date; None when none of them gives a weekday or no recent year fits."""
    pairs = [d for d in lines if d is not None and d.year is None and d.weekday is not None]
    if not pairs:
        return None
    for year in range(latest, latest - 28, -1):  # the calendar repeats within 28 years
        if all(_weekday(year, d) == d.weekday for d in pairs):
            return year
    return None


def _weekday(year: int, d: Dateline) -> int | None:
    try:
        return date(year, d.month, d.day).weekday()
    except ValueError:
        return None


def pinned(line: Dateline | None, year: int | None) -> Dateline | None:
    """The dateline with the collection's year (and so its weekday) filled in."""
    if line is None or line.year or year is None:
        return line
    weekday = _weekday(year, line)
    if weekday is None:
        return line
    return replace(line, year=year, weekday=weekday)


def collection_dates(texts: list[str], latest: int | None = None) -> list[Dateline | None]:
    """Each text's dateline, yearless ones given the collection's common year."""
    lines = [dateline(text) for text in texts]
    year = common_year(lines, latest or date.today().year)
    return [pinned(line, year) for line in lines]


def claim_date(
    dates: list[dict[str, Any]], text: str, reference: Dateline | None, offset: int = 0
) -> tuple[str | None, str, str | None]:
    """(value, as written, era) of a claim's date. ``era`` is set when the claim
    places itself in a past year ("in 2011", "in November 1994", "the 2011
    disaster", "last year"): a different event from the current story's, whatever
    its figures say. Dates in an aside about something else are left out (see
    `_aside`); ``offset`` is where the text starts in the dates' document."""
    dates = [
        d
        for d in dates
        if not _aside(text, d.get("start", offset) - offset, d.get("end", offset) - offset)
    ]
    value, written = _value(dates, reference)
    return value, written, _era(dates, text, value, reference)


# "the company, which opened in 1994, employs ...": when a thing began, not the claim
_FOUNDED = re.compile(
    r"\b(?:opened|founded|built|established|listed|launched|created|formed|inaugurated|born)"
    r"\s+(?:in\s+)?$",
    re.IGNORECASE,
)
_SINCE_CLAUSE = re.compile(r"\bsince\b[^,;]*$", re.IGNORECASE)
_FIGURE = re.compile(r"\d")
_YEARISH = re.compile(r"\byear$|\b(?:1[89]|20)\d\d$", re.IGNORECASE)
_WHEN_AFTER = re.compile(r"[^,;.]*,\s*when\b", re.IGNORECASE)


def _aside(text: str, start: int, end: int) -> bool:
    """Whether a date in the claim dates something else than the claim: a noun it
    qualifies after the figure ("in last year's Budget"), a founding ("which
    opened in 1994"), or the start of a comparison ("its biggest fall since the
    company listed in 2017"), unless a clause then says what happened at that time
    ("since 2019, when cholera killed 128 people")."""
    if start < 0 or end > len(text):
        return False
    before = text[:start]
    if text[end : end + 2] in ("'s", "\u2019s") and _YEARISH.search(text[start:end]):
        # "last year's floods killed 30" is dated; "will cost $1.2 billion, as
        # provided for in last year's Budget" is not: the figure came first
        return _FIGURE.search(before) is not None
    if _FOUNDED.search(before):
        return True
    return bool(_SINCE_CLAUSE.search(before)) and not _WHEN_AFTER.match(text, end)


def event_date(dates: list[dict[str, Any]], reference: Dateline | None) -> tuple[str | None, str]:
    """When something the claim names happens: its first date, resolved, edges of
    periods included ("postpone the vote until June")."""
    return _value(dates, reference, edges=True)


def _value(
    dates: list[dict[str, Any]], reference: Dateline | None, edges: bool = False
) -> tuple[str | None, str]:
    # "since January", "until 2028": where a period starts or ends, not when its
    # figure was told
    if not edges:
        dates = [d for d in dates if not _PERIOD_EDGE.match(d.get("text", ""))]
    for d in dates:
        value = d.get("value")
        if not value:
            continue
        if value.startswith("--") and reference and reference.year:
            value = f"{reference.year}{value[1:]}"
        return value, d.get("text", "")
    for d in dates:
        written = d.get("text", "")
        low = written.lower()
        day = _WEEKDAY.search(low)
        if day:
            ahead = bool(_NEXT.search(low[: day.start()]))
            return _weekday_value(day[1], ahead, reference), written
        if "yesterday" in low and reference:
            return reference.shifted(-1).value, written
        if "tomorrow" in low and reference:
            return reference.shifted(1).value, written
        if low.endswith(("today", "tonight", "this morning", "this afternoon", "this evening")):
            return (reference.value if reference else None), written
        if low.endswith("last year") and reference and reference.year:
            return str(reference.year - 1), written
    return None, ""


def _era(
    dates: list[dict[str, Any]], text: str, value: str | None, reference: Dateline | None
) -> str | None:
    """The past year a claim places itself in, if any. Without the document's year,
    a date to the day ("on October 23, 2024") is taken for current news and a year
    or a month of a year ("in 2011", "in November 1994") for the past."""
    if any(d.get("text", "").lower().endswith("last year") for d in dates):
        return str(reference.year - 1) if reference and reference.year else "last year"
    parts = _parts(value) if value else None
    year = parts[0] if parts else None
    if year is None:
        found = next((m for m in _YEAR.finditer(text) if not _edge_year(text, m)), None)
        year = int(found[1]) if found else None
        parts = (year, None, None)
    if year is None:
        return None
    if reference and reference.year:
        return str(year) if year < reference.year else None
    if year >= date.today().year:
        return None  # "by 2028": a target, not a past event
    return str(year) if parts[2] is None else None


def _edge_year(text: str, m: re.Match[str]) -> bool:
    """A year that starts or ends a period ("fighting since 2023", "until 2028") or
    dates an aside, unless a clause says what happened then."""
    if _WHEN_AFTER.match(text, m.end()):
        return False
    return bool(_EDGE_YEAR.search(text[: m.start()])) or _aside(text, m.start(), m.end())


def _weekday_value(name: str, ahead: bool, reference: Dateline | None) -> str:
    """ "on Tuesday" as a date: the last such day up to the reference (news reports
    the past), or the next one after it for "next Tuesday"."""
    wanted = WEEKDAYS.index(name)
    if reference is None or reference.weekday is None:
        return f"weekday:{name}"
    back = (reference.weekday - wanted) % 7
    if ahead:
        return reference.shifted((wanted - reference.weekday) % 7 or 7).value
    return reference.shifted(-back).value


def differ(x: str | None, y: str | None) -> bool:
    """Whether two date values name different days (or months, or years), compared
    on the parts both give; weekdays only against weekdays."""
    if not x or not y:
        return False
    if x.startswith("weekday:") or y.startswith("weekday:"):
        return x.startswith("weekday:") and y.startswith("weekday:") and x != y
    px, py = _parts(x), _parts(y)
    if px is None or py is None:
        return False
    return any(u is not None and v is not None and u != v for u, v in zip(px, py, strict=True))


_PARTS = re.compile(r"^(\d{4}|-)(?:-(\d\d))?(?:-(\d\d))?$")


def _parts(value: str) -> tuple[int | None, int | None, int | None] | None:
    m = _PARTS.match(value)
    if not m:
        return None
    year = int(m[1]) if m[1] != "-" else None
    return year, int(m[2]) if m[2] else None, int(m[3]) if m[3] else None


FAR_DAYS = 45  # readings of one event's count are days or weeks apart, not seasons


def far_apart(x: str | None, y: str | None) -> bool:
    """Whether two date values lie more than a month and a half apart ("in July"
    against "on Sunday" in November): two events, not two readings of one."""
    px, py = (_parts(v) if v else None for v in (x, y))
    if px is None or py is None or px[1] is None or py[1] is None:
        return False
    if px[0] is not None and py[0] is not None and px[0] != py[0]:
        return False  # another year: the claim's era decides
    months = py[1] - px[1]
    if px[2] is not None and py[2] is not None:
        return abs(months * 30.4 + py[2] - px[2]) > FAR_DAYS
    return abs(months) >= 2


def names_a_day(value: str | None) -> bool:
    """A value precise to the day (resolved weekdays included)."""
    parts = _parts(value) if value else None
    return parts is not None and parts[2] is not None
