"""The claims engine: check-worthy factual claims in news text, as scored spans.

Pipeline for one text:
1. sentences with their roles (segment.py); only body sentences can be claims, so
   headlines, debris, bios and truncated snippets never are;
2. clauses, where a sentence joins a claim to something else (rules.clauses);
3. per clause: quantities, attribution, dates, and rule features;
4. the trained check-worthiness probability (scorer.py), combined with the rule
   features into the final score; the kind follows from what the clause states.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from annotations.claims import rules
from annotations.claims.attribution import Attribution, find_attribution
from annotations.claims.base import Proposal
from annotations.claims.dates import find_dates
from annotations.claims.quantities import extract_quantities
from annotations.claims.scorer import Scorer
from annotations.claims.segment import Sentence, split_sentences

ENGINE_NAME = "claims"
ENGINE_VERSION = "1.0"

# How rule features move the trained score, in log-odds. Set by reading news text
# (not fitted to the seeds): a stated quantity, a named source or a dated event makes
# a sentence checkable; opinion, prediction and questions make it not a claim.
WEIGHTS = {
    "model": 1.0,
    "quantity": 1.2,
    "attribution": 0.9,
    "date": 0.5,
    "event": 0.7,
    "comparison": 0.6,
    "quote": 0.3,
    "opinion": -2.2,
    "speculation": -2.0,
    "question": -4.0,
    "short": -1.5,
    "bias": 0.0,
}
MIN_WORDS = 5


@dataclass(frozen=True)
class Unit:
    """A sentence or clause considered as a claim, with what the rules found in it."""

    start: int
    end: int
    text: str
    quantities: list[Any]
    attribution: Attribution | None
    dates: list[Any]
    features: dict[str, bool]


def _logit(p: float) -> float:
    p = min(max(p, 1e-4), 1 - 1e-4)
    return math.log(p / (1 - p))


def _sigmoid(x: float) -> float:
    return 1.0 / (1.0 + math.exp(-x))


class ClaimsEngine:
    """Finds check-worthy claims. `propose` returns those at or above the threshold;
    `candidates` returns every body sentence or clause with its score."""

    name = ENGINE_NAME

    def __init__(self, scorer: Scorer | None = None) -> None:
        self.scorer = scorer or Scorer.load()
        self.version = f"{ENGINE_VERSION}+{self.scorer.version}"
        self.threshold = 0.5

    @property
    def label(self) -> str:
        return f"{self.name}/{self.version}"

    def propose(self, text: str, min_score: float | None = None) -> list[Proposal]:
        """Claims scoring at least min_score (default: the engine's threshold)."""
        floor = self.threshold if min_score is None else min_score
        return [p for p in self._scored(text, floor) if p.score >= floor]

    def candidates(self, text: str) -> list[Proposal]:
        """Every body sentence or clause, scored."""
        return self._scored(text, 0.0)

    def _scored(self, text: str, floor: float) -> list[Proposal]:
        drafts = self._drafts(text)
        if not drafts:
            return []
        probabilities = self.scorer.score([d.text for d in drafts])
        pending = [
            _Pending(draft, _base_logit(draft.features, probability))
            for draft, probability in zip(drafts, probabilities, strict=True)
        ]
        # a little below the floor: scores are rounded before propose() compares
        floor_logit = _logit(floor) - 1e-3 if floor > 0 else -math.inf
        pending = self._extract(text, pending, floor_logit)
        return [self._proposal(p.unit, p.base) for p in pending]

    def _extract(self, text: str, pending: list[_Pending], floor_logit: float) -> list[_Pending]:
        """Extraction is the costly part, and most clauses fall below the floor. Run
        one extractor at a time over all clauses (its regexes stay warm in the CPU
        caches), quantities first (they weigh most), and drop a clause as soon as what
        is still unknown could not lift it to the floor. The clauses kept are exactly
        those `_proposal` would score at or above it, fully extracted; with a floor of
        -inf, all of them."""
        w = WEIGHTS
        # bound: the log-odds if every extractor still to run finds something
        pending = [p for p in pending if p.base + _MAX_EXTRACTED_BONUS >= floor_logit]
        for p in pending:
            p.quantities = extract_quantities(text, p.draft.start, p.draft.end)
            if p.quantities:
                p.known = w["quantity"] - w["opinion"] / 2 * p.draft.features["opinion"]
        rest = w["attribution"] + w["date"]
        pending = [p for p in pending if p.base + p.known + rest >= floor_logit]
        for p in pending:
            p.attribution = self._attribution(text, p.draft)
            p.known += w["attribution"] * (p.attribution is not None)
        pending = [p for p in pending if p.base + p.known + w["date"] >= floor_logit]
        for p in pending:
            p.unit = Unit(
                start=p.draft.start,
                end=p.draft.end,
                text=p.draft.text,
                quantities=p.quantities,
                attribution=p.attribution,
                dates=find_dates(text, p.draft.start, p.draft.end),
                features=p.draft.features,
            )
        return pending

    @staticmethod
    def _attribution(text: str, draft: _Draft) -> Attribution | None:
        found = find_attribution(text, draft.start, draft.end)
        if found is None and draft.closer is not None:
            found = find_attribution(text, draft.closer.start, draft.closer.end)
        return found

    def units(self, text: str) -> list[Unit]:
        """The body sentences and clauses of a text, with their extracted facts."""
        pending = [_Pending(draft, 0.0) for draft in self._drafts(text)]
        return [p.unit for p in self._extract(text, pending, -math.inf)]

    def _drafts(self, text: str) -> list[_Draft]:
        sentences = split_sentences(text)
        closers = _quote_closers(sentences)
        drafts: list[_Draft] = []
        for index, sentence in enumerate(sentences):
            if not sentence.is_body:
                continue
            closer = closers.get(index)
            for start, end in rules.clauses(text, sentence.start, sentence.end):
                unit_text = text[start:end]
                features = _features(unit_text, in_quote=closer is not None)
                drafts.append(_Draft(start, end, unit_text, features, closer))
        return drafts

    def _proposal(self, unit: Unit, base: float) -> Proposal:
        """The scored proposal for a unit whose `_base_logit` is ``base``."""
        f = unit.features
        has = {
            "quantity": bool(unit.quantities),
            "attribution": unit.attribution is not None,
            "date": bool(unit.dates),
        }
        x = base
        for name in ("quantity", "attribution", "date"):
            x += WEIGHTS[name] * has[name]
        # A stated figure inside commentary is still a figure someone should check.
        if f["opinion"] and has["quantity"]:
            x -= WEIGHTS["opinion"] / 2
        score = round(_sigmoid(x), 4)
        attrs = {
            "quantities": [q.to_dict() for q in unit.quantities],
            "attribution": unit.attribution.to_dict() if unit.attribution else None,
            "dates": [d.to_dict() for d in unit.dates],
        }
        return Proposal(
            start=unit.start, end=unit.end, kind=_kind(f, has), score=score, attrs=attrs
        )


@dataclass(frozen=True)
class _Draft:
    """A clause before extraction: where it is, its rule features, and the sentence
    that closes the quotation it sits in, if any."""

    start: int
    end: int
    text: str
    features: dict[str, bool]
    closer: Sentence | None


@dataclass
class _Pending:
    """A clause on its way through extraction: its base log-odds, the log-odds
    its extracted facts have added so far, and what has been extracted."""

    draft: _Draft
    base: float
    known: float = 0.0
    quantities: list[Any] | None = None
    attribution: Attribution | None = None
    unit: Unit | None = None


_RULE_FEATURES = ("event", "comparison", "quote", "opinion", "speculation", "question", "short")
# The most that extraction can add to a clause's log-odds.
_MAX_EXTRACTED_BONUS = (
    WEIGHTS["quantity"] + WEIGHTS["attribution"] + WEIGHTS["date"] - WEIGHTS["opinion"] / 2
)


def _base_logit(features: dict[str, bool], probability: float) -> float:
    """Log-odds from the model and the rule features, before extracted facts."""
    x = WEIGHTS["bias"] + WEIGHTS["model"] * _logit(probability)
    for name in _RULE_FEATURES:
        x += WEIGHTS[name] * features[name]
    return x


def _features(text: str, *, in_quote: bool) -> dict[str, bool]:
    features = rules.analyse(text)
    features["quote"] = features["quote"] or in_quote
    features["short"] = len(text.split()) < MIN_WORDS
    return features


def _kind(f: dict[str, bool], has: dict[str, bool]) -> str:
    """One kind per claim, the most specific first: a direct quotation, a stated
    quantity, a comparison, a reported statement, else an event."""
    if f["quote"] and has["attribution"]:
        return "quote"
    if has["quantity"]:
        return "statistic"
    if f["comparison"]:
        return "comparison"
    if has["attribution"]:
        return "attribution"
    return "event"


def _quote_closers(sentences: Sequence[Sentence]) -> dict[int, Sentence]:
    """For sentences inside a quotation that spans several sentences, the sentence
    that closes it (where "…,” X said" names the speaker)."""
    out: dict[int, Sentence] = {}
    open_at: int | None = None
    for i, s in enumerate(sentences):
        if not s.is_body:
            open_at = None
            continue
        if open_at is None:
            if rules.opens_quote(s.text):
                open_at = i
            continue
        if open_at is not None and sentences[open_at].line != s.line:
            open_at = None
            continue
        if "”" in s.text or s.text.count('"') % 2 == 1:
            for j in range(open_at, i + 1):
                out[j] = s
            open_at = None
    return out
