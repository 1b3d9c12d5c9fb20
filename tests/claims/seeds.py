"""The seed articles, for tests written from them."""

from __future__ import annotations

from pathlib import Path

SEED_DIR = Path(__file__).resolve().parents[2] / "seeds"
SEEDS = sorted(p.name for p in SEED_DIR.glob("*.txt"))


def seed_text(name: str) -> str:
    return (SEED_DIR / name).read_text(encoding="utf-8")
