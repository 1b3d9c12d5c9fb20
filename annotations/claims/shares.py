"""Shares written in words, read as percentages, and what a percentage is a share of.

"one in four teachers", "about two in five voters", "two-thirds of trains" and "half
of the flights" state the same kind of figure as "24%"; the quantity extractor reads
them as separate numbers ("four teachers"), so they are re-read here. A percentage's
measure names what it is a share of ("24% of teachers", "turnout was 41.3 percent"),
so that shares of different things never meet. Pure Python, no Django.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from annotations.claims.facts import Token

_NUMBER_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "a": 1, "an": 1,
}  # fmt: skip
_NUMBER = r"(one|two|three|four|five|six|seven|eight|nine|ten|\d{1,3})"
_IN = re.compile(
    r"\b" + _NUMBER + r"((?:\s+[\w’'-]+){0,3}?)\s+in\s+(?:every\s+)?" + _NUMBER + r"\b",
    re.IGNORECASE,
)
_PARTS = {
    "half": 1 / 2, "a half": 1 / 2, "one half": 1 / 2,
    "a third": 1 / 3, "one third": 1 / 3, "one-third": 1 / 3,
    "two thirds": 2 / 3, "two-thirds": 2 / 3,
    "a quarter": 1 / 4, "one quarter": 1 / 4, "one-quarter": 1 / 4,
    "three quarters": 3 / 4, "three-quarters": 3 / 4,
    "a fifth": 1 / 5, "one fifth": 1 / 5, "one-fifth": 1 / 5,
}  # fmt: skip
_PART_WORDS = "|".join(sorted((re.escape(k) for k in _PARTS), key=len, reverse=True))
_OF = re.compile(r"\b(" + _PART_WORDS + r")(?=\s+of\b)", re.IGNORECASE)
_HEDGE = re.compile(
    r"(about|around|roughly|some|nearly|almost|more than|over|less than|fewer than|"
    r"at least|at most|only|just)\s+$",
    re.IGNORECASE,
)
# A share in words is a rounded figure: "two in five" stands for 35 % to 45 %.
ROUNDED = 0.1

# What a percentage measures when the sentence names it before the figure.
SUBJECTS = frozenset(
    "turnout unemployment inflation approval support participation attendance growth "
    "share occupancy vacancy".split()
)
# Shares of these are the same measure as the subject: "two in five voters took
# part" is turnout.
ALIASES = {
    "voters": "turnout", "electorate": "turnout",
    "workforce": "jobs", "staff": "jobs", "employees": "jobs", "workers": "jobs",
}  # fmt: skip
_ENDS_PHRASE = frozenset(
    "in at on for with from by who that which had have has were was are is will would "
    "and or".split()
)
_PLURALS = frozenset("children people men women police staff".split())
_SKIP = frozenset("the a an its their all those these of registered eligible".split())


def with_shares(text: str, quantities: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The quantities, with shares in words added as percentages and the numbers
    they are made of left out."""
    found = []
    for m in _IN.finditer(text):
        a, b = _value(m[1]), _value(m[3])
        if a is None or b is None or not 0 < a < b:
            continue
        counted = m[2].split()[-1] if m[2] else ""
        found.append(_share(text, m.start(), m.end(), 100.0 * a / b, counted, not counted))
    for m in _OF.finditer(text):
        found.append(_share(text, m.start(), m.end(), 100.0 * _PARTS[m[1].lower()], "", False))
    if not found:
        return quantities
    kept = [
        q
        for q in quantities
        if not any(q["start"] < s["end"] and s["start"] < q["end"] for s in found)
    ]
    return sorted(kept + found, key=lambda q: q["start"])


def _value(word: str) -> float | None:
    low = word.lower()
    if low.isdigit():
        return float(low)
    return _NUMBER_WORDS.get(low)


def _share(
    text: str, start: int, end: int, value: float, counted: str, noun_after: bool
) -> dict[str, Any]:
    hedge = _HEDGE.search(text[max(0, start - 16) : start])
    word = hedge[1].lower() if hedge else ""
    low, high, qualifier = value * (1 - ROUNDED), value * (1 + ROUNDED), "approx"
    if word in ("more than", "over", "at least"):
        low, high, qualifier = value, None, "at_least"
    elif word in ("less than", "fewer than", "at most"):
        low, high, qualifier = None, value, "at_most"
    elif word in ("nearly", "almost"):
        low, high, qualifier = value * (1 - ROUNDED), value, "at_most"
    if hedge:
        start -= len(hedge[0])
    return {
        "text": text[start:end],
        "start": start,
        "end": end,
        "value": value,
        "low": low,
        "high": high,
        "qualifier": qualifier,
        "unit": "per cent",
        "counted": counted,  # the word counted inside "one ballot in 16"
        "noun_after": noun_after,  # "one in four teachers", not "half of ..."
    }


def share_subject(q: dict[str, Any], before: list[Token], after: list[Token]) -> str:
    """What a percentage is a share of, as written: the noun after "of" ("24% of
    primary school teachers"), the counted word inside a share ("one ballot in 16"),
    or a known subject just before ("turnout was 41.3 percent"); "" when the text
    says none."""
    noun = ""
    counted = q.get("counted", "")
    rest = after
    if rest and rest[0].low == "of":
        rest = rest[1:]
    elif not q.get("noun_after"):
        rest = []
    words = []
    for tok in rest[:5]:
        if not words and (tok.low in _SKIP or tok.low.endswith(("'s", "’s"))):
            continue  # "of the households", "of Cagayan's households"
        if not tok.text[0].isalpha() or (not tok.low.isalpha() and "-" not in tok.low):
            break
        if (tok.text[0].isupper() and words) or tok.low in _ENDS_PHRASE:
            break
        words.append(tok.low)
        if (tok.low.endswith("s") and len(tok.low) > 3) or tok.low in _PLURALS:
            break  # the plural head: "primary school teachers", "children"
    if counted:
        noun = counted.lower()
    elif words:
        noun = words[-1]
    if not noun:
        for tok in reversed(before[-12:]):
            if tok.low in SUBJECTS:
                noun = tok.low
                break
    return ALIASES.get(noun, noun)
