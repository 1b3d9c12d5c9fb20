"""Claims and links for the board's pure tests, built from plain sentences."""

from __future__ import annotations

from datetime import date
from typing import Any

from annotations.board.clusters import Claim, Link
from annotations.claims.facts import describe


def claim(
    pk: int,
    text: str,
    *,
    document: int = 1,
    title: str = "A report",
    published: date | None = None,
    speaker: str = "",
    dated: tuple[str | None, str] | None = None,
) -> Claim:
    """A claim over `text`; `speaker` and `dated` ((value, text)) as the engine's
    attrs would give them. Quantities are read from the text."""
    attrs: dict[str, Any] = {}
    if speaker:
        at = text.find(speaker)
        start, end = (at, at + len(speaker)) if at >= 0 else (len(text), len(text))
        attrs["attribution"] = {"speaker": speaker, "cue": "said", "start": start, "end": end}
    if dated:
        attrs["dates"] = [{"value": dated[0], "text": dated[1], "start": 0, "end": 0}]
    return Claim(
        pk=pk,
        text=text,
        start=0,
        document_id=document,
        document_title=title,
        published=published,
        facts=describe(text, attrs or None, 0),
    )


def link(a: int, b: int, stance: str = "supports", status: str = "suggested", **more) -> Link:
    return Link(
        a,
        b,
        stance,
        status,
        more.get("origin", "matcher"),
        more.get("reason", f"{a} and {b}"),
    )


def both(a: int, b: int, stance: str = "supports", **more) -> list[Link]:
    """The matcher stores each suggestion in both directions."""
    return [link(a, b, stance, **more), link(b, a, stance, **more)]


TROOPS_RUSSIA = "About 8,000 North Korean troops are in Russia."
TROOPS_KURSK = "An estimated 11,000 North Korean troops are in Russia's Kursk region."
TROOPS_TOTAL = "The report said 12,000 North Korean troops were sent to Russia."
CASUALTIES = "At least 3,000 North Korean soldiers were killed or wounded in Kursk."
CASUALTIES_2 = "The count said 1,200 North Korean soldiers were killed or wounded in Kursk."
NO_FIGURE = "Officials in Seoul confirmed the deployment of North Korean troops to Russia."
