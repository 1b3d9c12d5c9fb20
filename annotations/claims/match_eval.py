"""How well the matcher draws the links a careful reader would, on a labeled set.

A set is a folder of plain-text articles and a `pairs.jsonl` of gold links:
{"a": {"file", "quote"}, "b": {"file", "quote"}, "relation"}, the quote an exact
substring naming a claim. Each quote is read as the detected claim that covers most
of it; a quote no claim covers is a claim the engine missed, and its links count as
not found. Figures:

- recall: gold links whose two claims the matcher linked;
- relation accuracy: among those, the share with the gold relation;
- acceptance rate: the matcher's links that are gold links (any relation), the share
  a reviewer would accept; the rest are suggestions a reviewer would reject.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Hashable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from annotations.claims.matching import ClaimIndex, index_texts, match_all


@dataclass
class MatchReport:
    gold: int = 0
    found: int = 0
    right_relation: int = 0
    predicted: int = 0
    predicted_gold: int = 0
    undetected_quotes: int = 0
    confusion: Counter[tuple[str, str]] = field(default_factory=Counter)
    misses: list[dict[str, Any]] = field(default_factory=list)
    wrong: list[dict[str, Any]] = field(default_factory=list)
    extra: list[dict[str, Any]] = field(default_factory=list)

    @property
    def recall(self) -> float:
        return self.found / self.gold if self.gold else 0.0

    @property
    def relation_accuracy(self) -> float:
        return self.right_relation / self.found if self.found else 0.0

    @property
    def acceptance_rate(self) -> float:
        return self.predicted_gold / self.predicted if self.predicted else 0.0

    def figures(self) -> dict[str, float]:
        return {
            "gold_links": self.gold,
            "recall": round(self.recall, 3),
            "relation_accuracy": round(self.relation_accuracy, 3),
            "suggested_links": self.predicted,
            "acceptance_rate": round(self.acceptance_rate, 3),
            "gold_quotes_not_detected": self.undetected_quotes,
        }


def evaluate_set(folder: Path | str, engine: Any) -> MatchReport:
    folder = Path(folder)
    texts = {p.name: p.read_text(encoding="utf-8") for p in sorted(folder.glob("*.txt"))}
    index = ClaimIndex()
    names = list(texts)
    found = index_texts(index, [texts[n] for n in names], engine.propose)
    claims = {name: [(p.start, p.end) for p in ps] for name, ps in zip(names, found, strict=True)}
    # claims are indexed under (text's number, start); gold quotes name the file
    predicted = {}
    for pair in match_all(index):
        named = replace(pair, a=(names[pair.a[0]], pair.a[1]), b=(names[pair.b[0]], pair.b[1]))
        predicted[frozenset((named.a, named.b))] = named

    report = MatchReport(predicted=len(predicted))
    gold_pairs: set[frozenset[Hashable]] = set()
    for line in (folder / "pairs.jsonl").read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        item = json.loads(line)
        report.gold += 1
        a = _claim_of(item["a"], texts, claims)
        b = _claim_of(item["b"], texts, claims)
        report.undetected_quotes += (a is None) + (b is None)
        if a is None or b is None or a == b:
            report.misses.append({**item, "why": "claim not detected" if a != b else "one claim"})
            continue
        pair = frozenset((a, b))
        gold_pairs.add(pair)
        link = predicted.get(pair)
        if link is None:
            report.misses.append({**item, "why": "not linked"})
            continue
        report.found += 1
        report.confusion[(item["relation"], link.relation)] += 1
        if link.relation == item["relation"]:
            report.right_relation += 1
        else:
            report.wrong.append({**item, "predicted": link.relation, "reason": link.reason})
    for pair, link in predicted.items():
        if pair in gold_pairs:
            report.predicted_gold += 1
        else:
            report.extra.append(
                {
                    "a": _quote(link.a, texts, claims),
                    "b": _quote(link.b, texts, claims),
                    "relation": link.relation,
                    "reason": link.reason,
                }
            )
    return report


def _claim_of(
    side: dict[str, str], texts: dict[str, str], claims: dict[str, list[tuple[int, int]]]
) -> tuple[str, int] | None:
    """The detected claim covering most of the quote (at least half of it)."""
    name, quote = side["file"], side["quote"]
    at = texts[name].find(quote)
    if at < 0:
        raise ValueError(f"{name}: quote not found: {quote!r}")
    end = at + len(quote)
    best, covered = None, 0
    for start, stop in claims[name]:
        overlap = min(stop, end) - max(start, at)
        if overlap > covered:
            best, covered = (name, start), overlap
    return best if covered * 2 >= len(quote) else None


def _quote(key: Hashable, texts: dict[str, str], claims: dict[str, list[tuple[int, int]]]) -> str:
    name, start = key  # type: ignore[misc]
    end = next(stop for begin, stop in claims[name] if begin == start)
    return f"{name}: {texts[name][start:end]}"
