"""Word-wise moves of span boundaries, and snapping a selection to whole words.

A word is a run of letters and digits (with inner apostrophes, hyphens, dots and
commas kept inside, so "12,000", "U.S." and "don't" move as one). Offsets are code
points into the document text, end exclusive, like Span.start and Span.end.
"""

from __future__ import annotations

import re

from annotations.services.errors import ValidationError

_WORD = re.compile(r"\w+(?:['’.,\-]\w+)*")


def _words(text: str) -> list[tuple[int, int]]:
    return [m.span() for m in _WORD.finditer(text)]


def _word_around(text: str, index: int) -> tuple[int, int] | None:
    """The word containing text[index], if any."""
    # Only the neighbourhood matters; a word is never longer than this.
    left = max(0, index - 200)
    for start, end in _words(text[left : index + 200]):
        if left + start <= index < left + end:
            return left + start, left + end
    return None


def snap(text: str, start: int, end: int) -> tuple[int, int]:
    """Grow a selection to the whole words it touches and drop outer white space."""
    if not 0 <= start < end <= len(text):
        raise ValidationError(f"selection {start}:{end} is outside the document")
    first = _word_around(text, start)
    if first:
        start = min(start, first[0])
    last = _word_around(text, end - 1)
    if last:
        end = max(end, last[1])
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if start >= end or _WORD.search(text[start:end]) is None:
        raise ValidationError("the selection holds no words")
    return start, end


def move(text: str, start: int, end: int, edge: str) -> tuple[int, int]:
    """New (start, end) after moving one edge by one word.

    edge is one of widen-start, narrow-start, widen-end, narrow-end.
    """
    if edge == "widen-start":
        before = [w for w in _words(text[max(0, start - 400) : start])]
        if not before:
            raise ValidationError("the span already starts at the beginning of the text")
        return max(0, start - 400) + before[-1][0], end
    if edge == "widen-end":
        after = _WORD.search(text, end)
        if after is None:
            raise ValidationError("the span already ends at the end of the text")
        return start, after.end()
    inside = _words(text[start:end])
    if len(inside) < 2:
        raise ValidationError("the span is one word long; it cannot be narrowed further")
    if edge == "narrow-start":
        return start + inside[1][0], end
    if edge == "narrow-end":
        return start, start + inside[-2][1]
    raise ValidationError(f"unknown boundary move {edge!r}")
