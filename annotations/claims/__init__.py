"""The claims engine: plain Python, no Django import, so it runs anywhere.

`default_engine()` returns the engine pre-annotation uses. Every engine has a
`name`, a `version` and `propose(text) -> list[Proposal]`.
"""

from __future__ import annotations

from annotations.claims.base import Engine, Proposal
from annotations.claims.simple import SimpleEngine

__all__ = ["Engine", "Proposal", "SimpleEngine", "default_engine"]


def default_engine() -> Engine:
    return SimpleEngine()
