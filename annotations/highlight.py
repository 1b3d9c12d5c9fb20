"""Cut a text into segments at span boundaries, so overlapping and nested spans can
be drawn as flat runs of <mark> without building HTML in Python."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from itertools import pairwise
from typing import Protocol


class HasOffsets(Protocol):
    pk: int
    start: int
    end: int


@dataclass(frozen=True)
class Segment:
    text: str
    start: int
    spans: tuple[HasOffsets, ...]  # covering spans, outermost first

    @property
    def innermost(self) -> HasOffsets | None:
        return self.spans[-1] if self.spans else None

    @property
    def depth(self) -> int:
        return len(self.spans)


def segments(text: str, spans: Sequence[HasOffsets]) -> list[Segment]:
    """Segments covering the whole text in order; each lists the spans that cover it."""
    cuts = {0, len(text)}
    for span in spans:
        cuts.add(max(0, min(span.start, len(text))))
        cuts.add(max(0, min(span.end, len(text))))
    bounds = sorted(cuts)
    # Outermost first: earlier start, then longer.
    ordered = sorted(spans, key=lambda s: (s.start, -s.end, s.pk))
    out: list[Segment] = []
    active: list[HasOffsets] = []
    pending = 0
    for left, right in pairwise(bounds):
        while pending < len(ordered) and ordered[pending].start <= left:
            active.append(ordered[pending])
            pending += 1
        active = [s for s in active if s.end > left]
        out.append(Segment(text=text[left:right], start=left, spans=tuple(active)))
    return out
