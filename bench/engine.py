"""The claims engine alone, in this one process: 5 KB news articles per second, and
how the cost grows with document size (a 5 MB document against a 5 KB one).

The articles have the seeds' mix of narrative and figure-bearing sentences (see
bench/corpus.py); the figure-packed stress corpus, with six times the quantities per
KB, is measured too and reported as engine_dense_docs_per_s_per_core."""

from __future__ import annotations

import gc
import statistics
import time

from annotations.claims import default_engine
from bench.corpus import articles

DOCS = 1_000
DENSE_DOCS = 500
ROUNDS = 3
BIG_BYTES = 5 * 1024 * 1024


def _docs_per_s(engine, texts: list[str]) -> float:
    gc.collect()
    started = time.perf_counter()
    for text in texts:
        engine.propose(text)
    return len(texts) / (time.perf_counter() - started)


def run() -> dict[str, float]:
    engine = default_engine()
    texts = [a.text for a in articles(DOCS)]
    engine.propose(texts[0])  # load the model and the tokenizer off the clock
    rounds = [_docs_per_s(engine, texts) for _ in range(ROUNDS)]
    per_s = statistics.median(rounds)
    mean_kb = sum(len(t.encode()) for t in texts) / len(texts) / 1024
    print(f"  engine {engine.label}; {DOCS:,} articles of {mean_kb:.1f} KB on average")
    print("  rounds: " + ", ".join(f"{r:,.0f} docs/s" for r in rounds))
    dense = [a.text for a in articles(DENSE_DOCS, dense=True)]
    dense_per_s = statistics.median(_docs_per_s(engine, dense) for _ in range(ROUNDS))
    print(f"  dense stress corpus ({DENSE_DOCS:,} articles): {dense_per_s:,.0f} docs/s")

    # Linear cost: one 5 MB document made of whole articles, against one article.
    big, size = [], 0
    for text in texts * (BIG_BYTES // (len(texts) * 4000) + 2):
        if size >= BIG_BYTES:
            break
        big.append(text)
        size += len(text.encode()) + 2
    big_text = "\n\n".join(big)
    gc.collect()
    started = time.perf_counter()
    claims = engine.propose(big_text)
    big_seconds = time.perf_counter() - started
    small_seconds = 1 / per_s
    ratio = big_seconds / small_seconds
    print(
        f"  5 MB document ({len(big_text.encode()) / 1e6:.1f} MB): {big_seconds:.2f} s, "
        f"{len(claims):,} claims; {ratio:,.0f} x one {mean_kb:.1f} KB article "
        f"(size ratio {len(big_text.encode()) / (mean_kb * 1024):,.0f})"
    )
    return {
        "engine_docs_per_s_per_core": round(per_s, 1),
        "engine_dense_docs_per_s_per_core": round(dense_per_s, 1),
        "engine_5mb_seconds": round(big_seconds, 2),
        "engine_5mb_over_5kb_ratio": round(ratio, 1),
    }
