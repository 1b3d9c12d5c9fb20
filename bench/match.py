"""Claim matcher speed: building the index for 100,000 claims, adding one document's
claims, and matching one new claim against all of them.

The claims are those the engine proposes in the synthetic news corpus (bench.corpus),
with the engine's attributes, as pre-annotation stores them. Detection is not timed:
the index is built from stored claims. Queries are claims of documents not in the
index, and each query's time includes reading the claim (describe) as well as
retrieval and comparison. Figures (var/bench.json):

- match_index_build_s_100k: build the index from 100,000 claims (target < 60 s)
- match_add_document_p95_ms: add one document's claims to it (target < 100 ms)
- match_query_p95_ms_100k: candidates and relations for one new claim (target < 50 ms)
- match_query_median_ms_100k, match_links_per_query: context for the above
"""

from __future__ import annotations

import statistics
import time
from typing import Any

from annotations.claims import default_engine
from annotations.claims.facts import describe
from annotations.claims.matching import ClaimIndex
from bench.corpus import articles

CLAIMS = 100_000
HELD_OUT_DOCS = 200  # documents kept out of the index: new arrivals
QUERIES = 500


def _p95(samples: list[float]) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def _claims(engine: Any) -> tuple[list[tuple], list[list[tuple]]]:
    """(claims for the index, held-out documents as lists of claims)."""
    indexed: list[tuple] = []
    held_out: list[list[tuple]] = []
    for number, article in enumerate(articles(100_000)):
        found = [
            ((number, p.start), number, article.text[p.start : p.end], p.attrs, p.start)
            for p in engine.propose(article.text)
        ]
        if len(held_out) < HELD_OUT_DOCS:
            held_out.append(found)
        elif len(indexed) < CLAIMS:
            indexed.extend(found[: CLAIMS - len(indexed)])
        else:
            break
    return indexed, held_out


def run() -> dict[str, float]:
    engine = default_engine()
    started = time.perf_counter()
    indexed, held_out = _claims(engine)
    print(
        f"  {len(indexed):,} claims detected in {time.perf_counter() - started:.0f} s (not timed)"
    )

    index = ClaimIndex()
    started = time.perf_counter()
    for key, document, text, attrs, offset in indexed:
        index.add(key, document, text, attrs, offset)
    build_s = time.perf_counter() - started
    print(f"  index built in {build_s:.1f} s ({len(index):,} claims)")

    queries = [claim for document in held_out for claim in document][:QUERIES]
    times, links = [], []
    for key, _document, text, attrs, offset in queries:
        t0 = time.perf_counter()
        facts = describe(text, attrs, offset)
        found = index.match(facts, key)
        times.append((time.perf_counter() - t0) * 1000)
        links.append(len(found))

    adds = []
    for document in held_out[:100]:
        t0 = time.perf_counter()
        for key, doc, text, attrs, offset in document:
            index.add(key, doc, text, attrs, offset)
        adds.append((time.perf_counter() - t0) * 1000)

    return {
        "match_index_build_s_100k": round(build_s, 2),
        "match_add_document_p95_ms": round(_p95(adds), 2),
        "match_query_p95_ms_100k": round(_p95(times), 2),
        "match_query_median_ms_100k": round(statistics.median(times), 2),
        "match_links_per_query": round(statistics.mean(links), 2),
    }
