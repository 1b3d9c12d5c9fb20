"""Precision, recall and F1 of the engine on labeled sentences ({"text", "label"})."""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any


@dataclass(frozen=True)
class Metrics:
    tp: int
    fp: int
    fn: int
    tn: int

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def n(self) -> int:
        return self.tp + self.fp + self.fn + self.tn

    def as_dict(self) -> dict[str, float]:
        return {
            "n": self.n,
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "f1": round(self.f1, 4),
            "tp": self.tp,
            "fp": self.fp,
            "fn": self.fn,
            "tn": self.tn,
        }


def confusion(gold: Sequence[int], predicted: Sequence[int]) -> Metrics:
    tp = sum(1 for g, p in zip(gold, predicted, strict=True) if g and p)
    fp = sum(1 for g, p in zip(gold, predicted, strict=True) if not g and p)
    fn = sum(1 for g, p in zip(gold, predicted, strict=True) if g and not p)
    return Metrics(tp=tp, fp=fp, fn=fn, tn=len(gold) - tp - fp - fn)


def load_labeled(path: Path | str) -> list[dict[str, Any]]:
    """A JSON list or JSON lines of objects with "text" and "label" (0/1)."""
    path = Path(path)
    raw = path.read_text(encoding="utf-8")
    stripped = raw.lstrip()
    items = (
        json.loads(raw)
        if stripped.startswith("[")
        else [json.loads(line) for line in raw.splitlines() if line.strip()]
    )
    for number, item in enumerate(items, start=1):
        if not isinstance(item, dict) or "text" not in item or item.get("label") not in (0, 1):
            raise ValueError(f"{path}: item {number} needs a string text and a 0/1 label")
    return items


def sentence_scores(engine: Any, texts: Iterable[str]) -> list[float]:
    """The engine's score of each text taken as a whole document: the best of its
    claims, 0 when it finds no candidate at all (a headline, debris, a fragment)."""
    return [max((c.score for c in engine.candidates(t)), default=0.0) for t in texts]


def evaluate(engine: Any, items: Sequence[dict[str, Any]], threshold: float) -> Metrics:
    scores = sentence_scores(engine, [i["text"] for i in items])
    return confusion([i["label"] for i in items], [int(s >= threshold) for s in scores])
