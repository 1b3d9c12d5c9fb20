"""The claims engine: plain Python, no Django import, so it runs anywhere.

`default_engine()` returns the engine pre-annotation and `detect_claims` use. Every
engine has a `name`, a `version`, a `label` ("name/version") and
`propose(text, min_score=None) -> list[Proposal]`.
"""

from __future__ import annotations

from functools import lru_cache

from annotations.claims.base import Engine, Proposal

__all__ = ["Engine", "Proposal", "default_engine"]


@lru_cache(maxsize=1)
def default_engine() -> Engine:
    """One engine per process: the model and tokenizer load once."""
    from annotations.claims.engine import ClaimsEngine

    return ClaimsEngine()
