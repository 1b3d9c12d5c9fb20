from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Protocol


@dataclass(frozen=True)
class Proposal:
    """A suggested claim span: code-point offsets into the text, end exclusive."""

    start: int
    end: int
    kind: str
    score: float
    attrs: dict[str, Any] = field(default_factory=dict)


class Engine(Protocol):
    name: str
    version: str

    threshold: float

    def propose(self, text: str, min_score: float | None = None) -> list[Proposal]: ...

    @property
    def label(self) -> str: ...
