"""The claim matcher: an inverted index over a project's claims, then a comparison
of each candidate (compare.py). Pure Python with numpy, no Django.

Retrieval never scans every claim: each term keeps the slots of the claims that use
it, and a query sums idf weights over its terms' postings only (numpy bincount over
the postings, so a term shared by tens of thousands of claims costs microseconds).
The best `limit` candidates are then compared in full.

The index grows claim by claim (``add``) and forgets one (``remove``, a tombstone);
nothing is rebuilt when a document arrives. It also learns from the claims which
places lie inside which ("Russia's Kursk region"), so that "in Kursk" and "in
Russia" are seen as nested even in claims that do not say so.
"""

from __future__ import annotations

import math
import re
from array import array
from collections.abc import Callable, Hashable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from itertools import chain
from typing import Any

import numpy as np

from annotations.claims.compare import FIGURES, GENERIC_MEASURES, STORY, Link, compare
from annotations.claims.facts import BACKGROUND, Facts, describe
from annotations.claims.lexicon import CURRENCIES
from annotations.claims.segment import is_headline
from annotations.claims.when import Dateline, collection_dates

CANDIDATES = 40


@dataclass(frozen=True, slots=True)
class Match:
    """A claim found for another: its key and document, and how they relate."""

    key: Hashable
    document: Hashable
    relation: str
    score: float
    reason: str


class ClaimIndex:
    """Claims by key; `match` finds and compares the candidates for one claim."""

    def __init__(self) -> None:
        self._keys: list[Hashable] = []
        self._documents: list[Hashable] = []
        self._facts: list[Facts | None] = []
        self._slots: dict[Hashable, int] = {}
        self._postings: dict[str, array] = {}
        self._norms = array("f")  # 1/sqrt(terms) per slot, 0 once removed
        self._inside: dict[str, set[str]] = {}
        self._live = 0

    def __len__(self) -> int:
        return self._live

    def __contains__(self, key: Hashable) -> bool:
        return key in self._slots

    def keys(self) -> Iterator[Hashable]:
        return iter(self._slots)

    def facts(self, key: Hashable) -> Facts:
        found = self._facts[self._slots[key]]
        assert found is not None
        return found

    def _document_of(self, key: Hashable) -> Hashable:
        slot = self._slots.get(key) if key is not None else None
        return self._documents[slot] if slot is not None else None

    def document(self, key: Hashable) -> Hashable:
        return self._documents[self._slots[key]]

    def add(
        self,
        key: Hashable,
        document: Hashable,
        text: str,
        attrs: dict[str, Any] | None = None,
        offset: int = 0,
        context: str = "",
        published: Dateline | None = None,
    ) -> Facts:
        """Index a claim (again, if the key is known: its text may have changed);
        ``context`` is its paragraph with its headings (see `story_context`),
        ``published`` its document's date (see when.py)."""
        return self.add_facts(key, document, describe(text, attrs, offset, context, published))

    def add_facts(self, key: Hashable, document: Hashable, facts: Facts) -> Facts:
        if key in self._slots:
            self.remove(key)
        slot = len(self._keys)
        self._keys.append(key)
        self._documents.append(document)
        self._facts.append(facts)
        self._slots[key] = slot
        # words of names are posted for their idf (see `story`), never retrieved by
        for term in chain(_retrieval_terms(facts), (f"^{w}" for w in facts.name_words)):
            postings = self._postings.get(term)
            if postings is None:
                postings = self._postings[term] = array("i")
            postings.append(slot)
        size = len(facts.terms) + len(facts.topic - facts.name_words) + 2 * len(facts.figures)
        self._norms.append(1.0 / math.sqrt(size) if size else 0.0)
        for part, whole in facts.within:
            self._inside.setdefault(part, set()).add(whole)
        self._live += 1
        return facts

    def remove(self, key: Hashable) -> None:
        """Forget a claim; its postings stay until `compact` but never match."""
        slot = self._slots.pop(key, None)
        if slot is None:
            return
        self._norms[slot] = 0.0
        self._facts[slot] = None
        self._live -= 1

    def compact(self) -> None:
        """Rebuild the postings without removed claims (after many removals)."""
        kept = [
            (k, d, f)
            for k, d, f in zip(self._keys, self._documents, self._facts, strict=True)
            if f is not None
        ]
        inside = self._inside
        self.__init__()  # type: ignore[misc]
        for key, document, facts in kept:
            self.add_facts(key, document, facts)
        self._inside = inside

    def inside(self, part: str, whole: str) -> bool:
        """Whether the claims said `part` lies in `whole` (directly or one step up)."""
        parents = self._inside.get(part, ())
        return whole in parents or any(whole in self._inside.get(p, ()) for p in parents)

    def idf(self, term: str) -> float:
        postings = self._postings.get(term)
        n = max(self._live, 1)
        # removed claims stay in the postings until `compact`: never count more than n
        df = min(len(postings), n) if postings is not None else 0
        return math.log(1.0 + (n - df + 0.5) / (df + 0.5))

    def candidates(
        self, facts: Facts, limit: int = CANDIDATES, exclude: Hashable = None
    ) -> list[int]:
        """Slots of the claims sharing the most weighted terms with `facts`."""
        lists, weights = [], []
        for term in _retrieval_terms(facts):
            postings = self._postings.get(term)
            if postings is None:
                continue
            lists.append(np.frombuffer(postings, dtype=np.int32))
            weights.append(np.full(len(postings), self.idf(term), dtype=np.float32))
        if not lists:
            return []
        slots = np.concatenate(lists)
        scores = np.bincount(slots, weights=np.concatenate(weights), minlength=len(self._keys))
        scores *= np.frombuffer(self._norms, dtype=np.float32)
        own = self._slots.get(exclude) if exclude is not None else None
        if own is not None:
            scores[own] = 0.0
        hits = np.flatnonzero(scores)
        if len(hits) > limit:
            hits = hits[np.argpartition(scores[hits], -limit)[-limit:]]
        return [int(s) for s in hits[np.argsort(-scores[hits])]]

    def likeness(self, a: Facts, b: Facts) -> float:
        """Cosine of the two claims' idf-weighted term sets."""
        shared = a.terms & b.terms
        if not shared:
            return 0.0
        dot = sum(self.idf(t) ** 2 for t in shared)
        norm_a = math.sqrt(sum(self.idf(t) ** 2 for t in a.terms))
        norm_b = math.sqrt(sum(self.idf(t) ** 2 for t in b.terms))
        return dot / (norm_a * norm_b) if norm_a and norm_b else 0.0

    def story(self, a: Facts, b: Facts) -> float:
        """Cosine of the two claims' topic names (of their paragraphs and headings), idf-weighted:
        how surely they come from the same story."""
        shared = a.topic & b.topic
        if not shared:
            return 0.0
        weight = {t: self.idf(f"^{t}") ** 2 for t in a.topic | b.topic}
        dot = sum(weight[t] for t in shared)
        norm_a = math.sqrt(sum(weight[t] for t in a.topic))
        norm_b = math.sqrt(sum(weight[t] for t in b.topic))
        return dot / (norm_a * norm_b) if norm_a and norm_b else 0.0

    def containment(self, a: Facts, b: Facts) -> float:
        """How much of the shorter claim's weighted terms the other one holds, the
        words of who says it left out: a denial restates what it denies in fewer
        words."""
        said_a, said_b = a.terms - a.source_terms, b.terms - b.source_terms
        shared = said_a & said_b
        if not shared:
            return 0.0
        dot = sum(self.idf(t) for t in shared)
        smaller = min(sum(self.idf(t) for t in said_a), sum(self.idf(t) for t in said_b))
        return dot / smaller if smaller else 0.0

    def relate(self, a: Facts, b: Facts, story: float = 0.0) -> Link | None:
        """How two claims relate; ``story`` is the least story likeness to assume."""
        likeness = self.likeness(a, b)
        contained = self.containment(a, b) if a.denies != b.denies else 0.0
        story = max(story, self.story(a, b))
        return compare(a, b, likeness, self.inside, story, contained)

    def match(self, facts: Facts, key: Hashable = None, limit: int = CANDIDATES) -> list[Match]:
        """The claims that relate to `facts` (a claim in the index under `key`, or
        a new one), best first."""
        out, linked, unlinked = [], [], []
        for slot in self.candidates(facts, limit, exclude=key):
            other = self._facts[slot]
            if other is None:
                continue
            if other.text == facts.text and self._documents[slot] == self._document_of(key):
                continue  # a sentence repeated in its own document is not evidence
            link = self.relate(facts, other)
            if link is None:
                unlinked.append(slot)
                continue
            linked.append(slot)
            out.append(self._found(slot, link))
        for slot in self._told_alongside(facts, linked, unlinked):
            link = self.relate(facts, self._facts[slot], story=STORY)  # type: ignore[arg-type]
            if link is not None:
                out.append(self._found(slot, link))
        out.sort(key=lambda m: -m.score)
        return out

    def _found(self, slot: int, link: Link) -> Match:
        return Match(
            self._keys[slot], self._documents[slot], link.relation, link.score, link.reason
        )

    def _told_alongside(self, facts: Facts, linked: list[int], unlinked: list[int]) -> list[int]:
        """Candidates that count what the claim counts and are told in the story of
        one of its figure links: one fact's mentions are often worded too differently
        to tie each pair on its own ("893 detainees released in total" / "his side
        had freed 194 prisoners"), but each is tied to a third."""
        measures = {f.measure for f in facts.figures if _counted(f.measure)}
        if not measures:
            return []
        peers = [
            s
            for s in linked
            if measures & {f.measure for f in self._facts[s].figures}  # type: ignore[union-attr]
        ]
        out = []
        for slot in unlinked:
            other = self._facts[slot]
            assert other is not None
            if not measures & {f.measure for f in other.figures}:
                continue
            if not (facts.topic & other.topic or facts.topic & other.background):
                continue  # nothing at all of the claim's story: another story's count
            for peer in peers:
                told = self._facts[peer]
                assert told is not None
                if self.story(told, other) >= STORY or self.likeness(told, other) >= FIGURES:
                    out.append(slot)
                    break
        return out


_MEASURED = frozenset("area depth distance length mass power speed volume".split())


def _counted(measure: str) -> bool:
    """A count of a kind of thing (killed, prisoners, drones), not a sum, a share or
    a measurement, which every story has many of."""
    kind = measure.split("|")[0]
    return kind not in GENERIC_MEASURES and kind not in CURRENCIES and kind not in _MEASURED


def _retrieval_terms(facts: Facts) -> Iterable[str]:
    """The claim's terms, its topic names ("^name") and what its figures measure
    ("=killed", "=troops|north korea"): these find the figures of one story even
    when two claims share few words."""
    yield from facts.terms
    for name in facts.topic - facts.name_words:
        yield f"^{name}"
    for measure in {(f.measure, f.holder) for f in facts.figures}:
        yield f"={measure[0]}"
        if measure[1]:
            yield f"={measure[0]}|{measure[1]}"


def paragraph(text: str, start: int, end: int) -> str:
    """The line (paragraph) of ``text`` holding ``text[start:end]``."""
    first = text.rfind("\n", 0, start) + 1
    last = text.find("\n", end)
    return text[first : last if last >= 0 else len(text)]


_ANOTHER_STORY = re.compile(
    r"\s*(?:separately|elsewhere|in (?:a )?separate\b|in other news|meanwhile,? in)\b",
    re.IGNORECASE,
)


def index_texts(
    index: ClaimIndex, texts: Sequence[str], propose: Callable[[str], list[Any]]
) -> list[list[Any]]:
    """Find the claims of plain texts read together (no database) and index them:
    each claim under (text's number, start), with its story context and its
    document's date (datelines given the collection's common year). Returns each
    text's claims, as ``propose`` gave them."""
    datelines = collection_dates(list(texts))
    found = []
    for number, text in enumerate(texts):
        claims = propose(text)
        for c in claims:
            context = story_context(text, c.start, c.end)
            index.add(
                (number, c.start),
                number,
                text[c.start : c.end],
                c.attrs,
                c.start,
                context,
                datelines[number],
            )
        found.append(claims)
    return found


HEADING_REACH = 40  # lines looked back for the heading of a claim's section
LEDE_MORE = 1  # paragraphs after a section's first whose names are background


def story_context(text: str, start: int, end: int) -> str:
    """What tells which story a claim belongs to: its paragraph, the heading and
    first paragraph of its section ("TURKEY QUAKE" in a news roundup) and the
    document's title; the section's second paragraph, marked BACKGROUND, only ties
    the claim to its story and does not weigh in the story's likeness. Scraped
    paragraphs are often one sentence, and outlets name different things in them;
    the headings name the story."""
    first = text.rfind("\n", 0, start) + 1
    parts = [paragraph(text, start, end)]
    if _ANOTHER_STORY.match(parts[0]):
        return parts[0]  # "Separately, Italy's coast guard ...": not the section's story
    pos, looked, above = first - 1, 0, []
    while pos > 0 and looked < HEADING_REACH:
        line_start = text.rfind("\n", 0, pos) + 1
        line = text[line_start:pos].strip()
        if line and is_headline(line):
            parts.append(line)
            break
        if line:
            above.append(line)
        pos, looked = line_start - 1, looked + 1
    if above:
        parts.append(above[-1])  # the section's first paragraph says what it is about
    # the next ones often name who it is about ("AMSTERDAM - A Dutch hospital group
    # ..." / "Rijnvallei Zorggroep, which runs ..."): background, not the topic
    parts.extend(BACKGROUND + line for line in above[-1 - LEDE_MORE : -1])
    title_end = text.find("\n")
    title = text[: title_end if title_end >= 0 else len(text)].strip()
    if title and title not in parts and first > 0:
        parts.append(title)
    return "\n".join(parts)


@dataclass(frozen=True, slots=True)
class Pair:
    """One unordered pair of related claims (a before b in the order given)."""

    a: Hashable
    b: Hashable
    relation: str
    score: float
    reason: str


def match_all(index: ClaimIndex, keys: Iterable[Hashable] | None = None) -> list[Pair]:
    """Every related pair among the claims of `keys` (default: the whole index) and
    the rest of the index, each pair once, read in the index's order (a claim's
    candidates are not symmetric, so a pair may be found from either side)."""
    order = {k: i for i, k in enumerate(index.keys())}
    found: dict[tuple[Hashable, Hashable], Pair] = {}
    seen: set[tuple[Hashable, Hashable]] = set()
    for key in list(keys) if keys is not None else list(index.keys()):
        facts = index.facts(key)
        for m in index.match(facts, key):
            a, b = sorted((key, m.key), key=order.__getitem__)
            if (a, b) in seen:
                continue
            seen.add((a, b))
            # found from its first claim, the match already is the pair's relation
            link = m if key == a else index.relate(index.facts(a), index.facts(b))
            if link is not None:
                found[(a, b)] = Pair(a, b, link.relation, link.score, link.reason)
    return sorted(found.values(), key=lambda p: (order[p.a], order[p.b]))
