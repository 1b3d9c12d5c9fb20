"""Dates and time references mentioned in news text.

``find_dates(text)`` returns the date expressions of a sentence with code-point
offsets into the full text and, where the text alone resolves it, an ISO-like value:

    "on October 23"          --10-23        (month and day, no year)
    "Oct. 23, 2024"          2024-10-23
    "23 October 2024"        2024-10-23
    "2024-10-23"             2024-10-23
    "in January 2024"        2024-01
    "in early January"       --01           (the modifier stays in the text)
    "in August"              --08
    "in 2024", "since 1950"  2024, 1950
    "in the 1990s"           199X           (EDTF decade)
    "from 2014 to 2022"      2014/2022      (ISO interval)
    "on Tuesday", "last week", "in recent days", "earlier this month",
    "two years ago", "yesterday"             None (relative to an unknown publication date)

The span includes a leading temporal preposition ("on", "in", "since", "by", "until",
"from", "during", "before", "after", "as of") because "since 1950" and "in 1950" say
different things. Months must be capitalised; "May" alone needs a preposition or a
modifier ("in May", "early May") so that the modal verb is not taken for a month. A
bare four-digit number is a year only after a preposition or modifier ("in 2024"),
so that "2000 troops" is not a date. Pure Python, no Django.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from annotations.claims.patterns import aligned_lower, trie

__all__ = ["DateMention", "find_dates"]


@dataclass(frozen=True, slots=True)
class DateMention:
    """One date expression; ``start``/``end`` are code-point offsets into the full text."""

    text: str
    start: int
    end: int
    value: str | None

    def to_dict(self) -> dict[str, object]:
        """The JSON shape of the issue: text, start, end, value."""
        return {"text": self.text, "start": self.start, "end": self.end, "value": self.value}


_MONTH_NUM = {
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7,
    "august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9,
    "sept": 9, "oct": 10, "nov": 11, "dec": 12,
}  # fmt: skip

_SP = r"[ \t\u00a0]+"
_MONTH = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|"
    r"December|(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\.?(?=[ \t\u00a0,]))"
)
_PREP = (
    r"(?P<prep>(?i:as[ \t\u00a0]+of|as[ \t\u00a0]+early[ \t\u00a0]+as|as[ \t\u00a0]+late"
    r"[ \t\u00a0]+as|on|in|since|by|until|till|from|during|before|after|through|"
    r"throughout|starting|beginning|between|around|circa)" + _SP + r")"
)
_MOD = (
    r"(?P<mod>(?i:(?:the[ \t\u00a0]+)?(?:early|mid|late|end[ \t\u00a0]+of|beginning"
    r"[ \t\u00a0]+of|start[ \t\u00a0]+of|middle[ \t\u00a0]+of|first[ \t\u00a0]+half"
    r"[ \t\u00a0]+of|second[ \t\u00a0]+half[ \t\u00a0]+of|spring[ \t\u00a0]+of|summer"
    r"[ \t\u00a0]+of|autumn[ \t\u00a0]+of|fall[ \t\u00a0]+of|winter[ \t\u00a0]+of))"
    r"(?:-|" + _SP + r"))"
)
_DAY = r"(?P<{n}>[0-3]?\d)(?:st|nd|rd|th)?(?![\d:])"
_YEAR = r"(?P<{n}>1\d{{3}}|20\d{{2}}|21\d{{2}})(?!\d|,\d)"
_NUMWORD = (
    r"(?:a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|a[ \t]+few|"
    r"several|\d{1,3})"
)
_UNIT = r"(?:days?|weeks?|months?|years?|decades?|hours?)"

_PREP_NC = _PREP.replace("(?P<prep>", "(?:")
_MOD_NC = _MOD.replace("(?P<mod>", "(?:")
# Written with §-placeholders (filled in below) so each alternative reads on one line.
_DATE_TEMPLATE = (
    r"\b(?:"
    # relative expressions first (they carry their own prepositions)
    r"(?P<rel>(?i:"
    r"(?:(?:earlier|later|late|early)§SP)?(?:this|last|next|past|previous|coming|that)§SP"
    r"(?:week(?:end)?|month|year|decade|century|spring|summer|autumn|fall|winter|"
    r"morning|night|evening|afternoon)"
    r"|(?:in|over|during|for|within|throughout)§SP(?:the§SP)?"
    r"(?:recent|past|last|previous|coming|next)§SP(?:§NUM§SP)?§UNIT"
    r"|(?:§NUM)§SP§UNIT§SPago"
    r"|(?:earlier|later)§SP(?:in§SPthe§SP)?(?:day|week|month|year)"
    r"|yesterday|today|tomorrow|tonight|overnight"
    r")\b)"
    # weekdays
    r"|(?P<wd>(?:(?i:on|last|next|this|since|by|until|early|late)§SP)?"
    r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)(?:'s|’s)?"
    r"(?:§SP(?i:morning|afternoon|evening|night))?)\b"
    # ISO dates
    r"|(?P<iso>(?P<iy>\d{4})-(?P<im>[01]\d)-(?P<id>[0-3]\d))(?![\d-])"
    # numeric 10/23/2024 or 23.10.2024
    r"|(?P<num>(?P<n1>[0-3]?\d)[/.](?P<n2>[0-3]?\d)[/.](?P<n3>\d{4}|\d{2}))(?![\d/.]\d)"
    # calendar dates, optionally after a preposition and a modifier
    r"|(?P<cal>§PREP?§MOD?(?:"
    r"(?P<m1>§MONTH)§SP§DAY1(?:,?§SP§YEAR1)?"  # Month Day(, Year)
    r"|(?:the§SP)?§DAY2§SP(?:of§SP)?(?P<m2>§MONTH)(?:,?§SP§YEAR2)?"  # Day Month (Year)
    r"|(?P<m3>§MONTH),?§SP§YEAR3"  # Month Year
    r"|(?:the§SP)?(?:(?i:early|mid|late)[- \t\u00a0]+)?(?P<dec>1\d{2}|20\d|21\d)0[’']?s"
    r"|(?P<m4>§MONTH)(?![ \t\u00a0]+\d)"  # Month alone
    r")(?!\w))"
    # a year needs a preposition or a modifier: "in 2024", "since 1950", "mid-2024"
    r"|(?P<yr>(?:§PNC(?:§MNC)?|§MNC|(?i:(?:spring|summer|autumn|fall|winter|year)§SP))§YEAR4"
    r"(?:(?:[ \t\u00a0]*[-–][ \t\u00a0]*|§SP(?i:to|and)§SP)§YEAR5)?)(?!\w|[-/.]\d)"
    r")"
)
_FILL = {
    "§PREP": _PREP,
    "§MOD": _MOD,
    "§PNC": _PREP_NC,
    "§MNC": _MOD_NC,
    "§MONTH": _MONTH,
    "§NUM": _NUMWORD,
    "§UNIT": _UNIT,
    **{f"§DAY{i}": _DAY.format(n=f"d{i}") for i in (1, 2)},
    **{f"§YEAR{i}": _YEAR.format(n=f"y{i}") for i in (1, 2, 3, 4, 5)},
    "§SP": _SP,
}
for _key, _sub in _FILL.items():
    _DATE_TEMPLATE = _DATE_TEMPLATE.replace(_key, _sub)
_DATE_RE = re.compile(_DATE_TEMPLATE)

_ANCHOR_WORDS = [
    *_MONTH_NUM, "monday", "tuesday", "wednesday", "thursday", "friday", "saturday",
    "sunday", "day", "days", "week", "weeks", "weekend", "month", "months", "year", "years",
    "decade", "decades", "century", "centuries", "hour", "hours", "morning", "night",
    "evening", "afternoon", "spring", "summer", "autumn", "fall", "winter", "yesterday",
    "today", "tomorrow", "tonight", "overnight",
]  # fmt: skip
_CAPITALISED = frozenset(
    [*_MONTH_NUM, "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
)


# Scanned over the lower-cased text; the full pattern then runs only around anchors.
# A number anchors a date only where no word does: a year ("2024"), or digits that
# an ISO, numeric or decade date continues ("2024-", "10/", "23.", "1990s", "1990’s").
# "23 October" and "3 days ago" are found from their words.
_ANCHOR = re.compile(
    r"\b(?:(?P<d>\d+(?=[-/.’'s])|\d{4}(?!\d))|(?P<w>" + trie(_ANCHOR_WORDS) + r")\b)"
)
_BEFORE = 48  # a preposition and a modifier fit: "as early as the end of "
_WORD = re.compile(r"\b\w")
_match_start = re.Match.start
# Where a match of ``_DATE_RE`` can start (a superset: case-insensitive, and only the
# first words checked); the full pattern is tried only there. Digits must be followed
# by "-" (ISO), "/" or "." (numeric), "s" or an apostrophe (decade), an ordinal
# suffix, or a blank and a unit ("3 days ago"), "of" or a month ("23 October"). The
# most common words get what must follow them; the others need only a word boundary.
_FIRST_WORDS = [
    *_MONTH_NUM, "monday", "tuesday", "wednesday", "thursday", "friday", "saturday",
    "sunday", "earlier", "later", "late", "early", "this", "last", "next", "past",
    "previous", "coming", "in", "over", "during", "for", "within", "throughout", "one",
    "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven",
    "twelve", "several", "yesterday", "today", "tomorrow", "tonight", "overnight", "on",
    "since", "by", "until", "as", "till", "from", "before", "after", "through",
    "starting", "beginning", "between", "around", "circa", "mid", "end", "start",
    "middle", "first", "second", "spring", "summer", "autumn", "fall", "winter",
]  # fmt: skip
_SP_CLASS = r"[ \t\u00a0]+"
_CAN_START = re.compile(
    r"\d+[-/.’'snrtSNRT]"
    r"|\d{1,3}(?!\d)" + _SP_CLASS + r"(?i:day|week|month|year|decade|hour|of\b|jan|feb|mar|"
    r"apr|may|jun|jul|aug|sep|oct|nov|dec)"
    r"|(?i:the" + _SP_CLASS + r"(?:\d|early|mid|late|end|beginning|start|middle|first|"
    r"second|spring|summer|autumn|fall|winter)"
    r"|an?" + _SP_CLASS + r"(?:day|week|month|year|decade|hour|few)"
    r"|that" + _SP_CLASS + r"(?:week|month|year|decade|century|spring|summer|autumn|fall|"
    r"winter|morning|night|evening|afternoon)"
    r"|year" + _SP_CLASS + r"[12]"
    r"|" + trie(_FIRST_WORDS) + r"\b)"
).match


def _md(month: str, day: str | None, year: str | None) -> str | None:
    m = _MONTH_NUM[month.rstrip(".").lower()]
    if day is None:
        return f"{year}-{m:02d}" if year else f"--{m:02d}"
    d = int(day)
    if not 1 <= d <= 31:
        return None
    return f"{year}-{m:02d}-{d:02d}" if year else f"--{m:02d}-{d:02d}"


def _value(m: re.Match[str]) -> tuple[bool, str | None]:
    """(keep, value) for a match of ``_DATE_RE``."""
    g = m.group
    if g("rel") is not None or g("wd") is not None:
        return True, None
    if g("iso") is not None:
        mo, d = int(g("im")), int(g("id"))
        ok = 1 <= mo <= 12 and 1 <= d <= 31
        return ok, f"{g('iy')}-{mo:02d}-{d:02d}" if ok else None
    if g("num") is not None:
        a, b, y = int(g("n1")), int(g("n2")), g("n3")
        if len(y) == 2:
            y = ("20" if int(y) < 50 else "19") + y
        if a > 12 and 1 <= b <= 12 and a <= 31:
            return True, f"{y}-{b:02d}-{a:02d}"
        if b > 12 and 1 <= a <= 12 and b <= 31:
            return True, f"{y}-{a:02d}-{b:02d}"
        ok = 1 <= a <= 12 and 1 <= b <= 12
        return ok, None  # 05/06/2024: day-month order unknown
    if g("cal") is not None:
        if g("m1"):
            value = _md(g("m1"), g("d1"), g("y1"))
            return value is not None, value
        if g("m2"):
            value = _md(g("m2"), g("d2"), g("y2"))
            return value is not None, value
        if g("m3"):
            return True, _md(g("m3"), None, g("y3"))
        if g("dec"):
            return True, f"{g('dec')}X"
        month = g("m4")
        if month in ("May", "March") and not (g("prep") or g("mod")):
            return False, None
        abbreviated = month.endswith(".") or (len(month) <= 4 and month not in ("June", "July"))
        if abbreviated and not (g("prep") or g("mod")):
            return False, None  # a bare "Mar" or "Dec" is too often something else
        return True, _md(month, None, None)
    # a year after a preposition or modifier
    y4, y5 = g("y4"), g("y5")
    if y5 is not None:
        if int(y5) <= int(y4):
            return True, y4
        return True, f"{y4}/{y5}"
    return True, y4


def find_dates(text: str, start: int = 0, end: int | None = None) -> list[DateMention]:
    """The date expressions in ``text[start:end]``, in order, with absolute offsets.

    ``value`` is ISO-like where the text resolves it ("2024-10-23", "--10-23" without a
    year, "2024-01", "2024", "199X") and None for relative references ("last week").
    ``text[d.start:d.end] == d.text`` always holds.
    """
    if end is None:
        end = len(text)
    seg = text[start:end]
    low = aligned_lower(seg)
    out: list[DateMention] = []
    consumed = 0
    match = _DATE_RE.match
    can_start = _CAN_START
    tried: dict[int, re.Match[str] | None] = {}  # match() at a position, per call
    word_starts = _WORD.finditer
    for a in _ANCHOR.finditer(low):
        at = a.start()
        if at < consumed:
            continue
        word = a.group("w")
        if word is not None and word in _CAPITALISED and not seg[at].isupper():
            continue  # "may", "march", "sun": months and weekdays are capitalised
        # the expression may start up to four words before its anchor ("as of early …")
        lo = max(consumed, at - _BEFORE)
        # the last few word starts before the anchor; \b looks behind lo, so a word
        # the window cuts does not count
        starts = list(map(_match_start, word_starts(seg, lo, at)))[-5:]
        starts.append(at)
        for st in starts:
            if st in tried:
                m = tried[st]
            else:
                m = tried[st] = match(seg, st) if can_start(seg, st) else None
            if m is None or m.end() <= at:
                continue
            s, e = m.span()
            glued = s and (seg[s - 1].isalnum() or seg[s - 1] in "-/.")
            if glued and not (m.group("cal") and seg[s - 1] == "-"):
                continue
            keep, value = _value(m)
            if not keep:
                continue
            out.append(DateMention(seg[s:e], s + start, e + start, value))
            consumed = e
            break
    return out
