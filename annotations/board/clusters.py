"""Clusters of matched claims. Pure Python, no Django.

A cluster starts as a connected component of the claims joined by live evidence
links (not rejected; the matcher's or people's). A `related` link may join claims
about different facts ("North Korean troops in Russia" and "North Korean
casualties"), so each component is split by the topic of its claims' main figure
(the first): whose figure it is and what family of thing it counts. A claim with no
figure goes with its component's largest topic.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from annotations.board.formats import When, when
from annotations.claims.facts import Facts, Figure, Name, fold

# Evidence stances and statuses, as stored (annotations.models.Evidence).
SUPPORTS, REFUTES, CONTEXT = "supports", "refutes", "context"
ACCEPTED, SUGGESTED, REJECTED = "accepted", "suggested", "rejected"
HUMAN = "human"

Topic = tuple[str | None, str]  # (figure.holder, figure.family)


@dataclass(frozen=True, slots=True)
class Link:
    """One stored evidence link from a claim to another claim (a source span)."""

    claim: int
    source: int
    stance: str
    status: str
    origin: str
    reason: str


@dataclass(slots=True)
class Claim:
    """A claim span with what the board shows of it and of its document."""

    pk: int
    text: str
    start: int
    document_id: int
    document_title: str
    published: date | None
    facts: Facts
    when: When = field(init=False)

    def __post_init__(self) -> None:
        self.when = when(self.published, self.facts)

    @property
    def figure(self) -> Figure | None:
        return self.facts.figures[0] if self.facts.figures else None

    @property
    def topic(self) -> Topic | None:
        f = self.figure
        return (f.holder, f.family) if f else None

    def order(self) -> tuple[object, ...]:
        """Dated claims first, oldest first; then by document and place in it."""
        day = self.when.day
        return (day is None, day or date.min, self.document_id, self.start, self.pk)


@dataclass(frozen=True, slots=True)
class Pair:
    """Two claims and the link between them, both directions taken as one."""

    a: int
    b: int
    stance: str
    status: str
    origin: str
    reason: str

    @property
    def conflict(self) -> bool:
        return self.stance == REFUTES


@dataclass(slots=True)
class Cluster:
    title: str
    claims: list[Claim]
    pairs: list[Pair]
    topic: Topic | None

    @property
    def conflicts(self) -> list[Pair]:
        return [p for p in self.pairs if p.conflict]


def build(claims: Iterable[Claim], links: Iterable[Link]) -> list[Cluster]:
    """The clusters of these claims, the largest first (then the most conflicted).
    Links to claims not given (rejected, another project's) are left out."""
    by_pk = {c.pk: c for c in claims}
    live = [
        link
        for link in links
        if link.status != REJECTED
        and link.claim != link.source
        and link.claim in by_pk
        and link.source in by_pk
    ]
    out: list[Cluster] = []
    for members in components(by_pk, live):
        for topic, group in split(members):
            group.sort(key=Claim.order)
            out.append(Cluster(title(group, topic), group, [], topic))
    home = {c.pk: k for k, cluster in enumerate(out) for c in cluster.claims}
    for pair in pairs(live):
        if home[pair.a] == home[pair.b]:
            out[home[pair.a]].pairs.append(pair)
    out.sort(key=lambda c: (-len(c.claims), -len(c.conflicts), c.title, c.claims[0].pk))
    return out


def components(by_pk: dict[int, Claim], links: list[Link]) -> list[list[Claim]]:
    """Connected components of the linked claims (union-find), claims in pk order."""
    parent: dict[int, int] = {}

    def root(x: int) -> int:
        parent.setdefault(x, x)
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for link in links:
        a, b = root(link.claim), root(link.source)
        if a != b:
            parent[max(a, b)] = min(a, b)
    groups: dict[int, list[Claim]] = {}
    for pk in sorted(parent):
        groups.setdefault(root(pk), []).append(by_pk[pk])
    return list(groups.values())


def split(members: list[Claim]) -> list[tuple[Topic | None, list[Claim]]]:
    """A component by topic; claims without a figure join the largest topic."""
    counts = Counter(c.topic for c in members if c.topic is not None)
    if not counts:
        return [(None, list(members))]
    largest = counts.most_common(1)[0][0]
    groups: dict[Topic, list[Claim]] = {}
    for c in members:
        groups.setdefault(c.topic or largest, []).append(c)
    return list(groups.items())


# Which of two directions speaks for the pair: a decision over a suggestion, a
# person over the matcher.
def _weight(link: Link) -> tuple[int, int]:
    return (link.status == ACCEPTED, link.origin == HUMAN)


def pairs(links: list[Link]) -> list[Pair]:
    best: dict[tuple[int, int], Link] = {}
    for link in links:
        key = (min(link.claim, link.source), max(link.claim, link.source))
        if key not in best or _weight(link) > _weight(best[key]):
            best[key] = link
    return [
        Pair(a, b, link.stance, link.status, link.origin, link.reason)
        for (a, b), link in sorted(best.items())
    ]


def title(claims: list[Claim], topic: Topic | None) -> str:
    """ "North Korean troops in Russia": the holder as written, the unit, and the
    place most figures share; the most shared words for claims without figures."""
    figures = [f for f in (c.figure for c in claims) if f is not None]
    if topic is None or not figures:
        return shared_words(claims)
    holder = _most_common(f.holder_text for f in figures)
    unit = _most_common(f.unit.lower() for f in figures) or topic[1]
    words = f"{holder} {unit}" if holder else unit
    where = common_place(figures)
    words = f"{words} in {where}" if where else words
    return words[:1].upper() + words[1:]


def common_place(figures: list[Figure]) -> str:
    """The place more than half of the figures are in: the same place if they
    share one, else the place that holds theirs ("Kursk" is in "Russia")."""
    places = [f.scope for f in figures if f.scope is not None]
    half = len(figures) / 2
    exact = Counter(p.key for p in places)
    if exact and exact.most_common(1)[0][1] > half:
        key = exact.most_common(1)[0][0]
        return _most_common(p.text for p in places if p.key == key)
    held: Counter[str] = Counter()
    written: dict[str, list[str]] = {}
    for p in places:
        held[p.key] += 1
        written.setdefault(p.key, []).append(p.text)
        if p.container and p.container != p.key:
            held[p.container] += 1
            written.setdefault(p.container, []).append(p.container_text)
    if held and held.most_common(1)[0][1] > half:
        return _most_common(written[held.most_common(1)[0][0]])
    return ""


SHARED_WORDS = 4


def shared_words(claims: list[Claim]) -> str:
    """The words most of the claims share, as first written, a name whose words
    are all shared as one: "Kim Jong Un, Putin, Vladivostok"."""
    counts: Counter[str] = Counter()
    written: dict[str, str] = {}
    for c in claims:
        for term, word in c.facts.surface.items():
            counts[term] += 1
            written.setdefault(term, word)
    need = 2 if len(claims) > 1 else 1
    shared = {term for term, n in counts.items() if n >= need}
    items: list[tuple[int, str]] = []
    used: set[str] = set()
    for c in claims:
        for name in c.facts.names:
            terms = _name_terms(name)
            if len(terms) > 1 and terms <= shared and not terms & used:
                used |= terms
                items.append((min(counts[t] for t in terms), name.text))
    for term, n in counts.most_common():
        if term in shared and term not in used:
            items.append((n, written[term]))
    items.sort(key=lambda item: -item[0])  # stable: first seen first among equals
    return ", ".join(text for _, text in items[:SHARED_WORDS]) or "Related claims"


def _name_terms(name: Name) -> set[str]:
    """The terms a name gives the claim's words (as facts._terms makes them)."""
    if name.party:
        return {f"@{name.key}"}
    return {f"@{fold(word)}" for word in name.key.split()}


def _most_common(values: Iterable[str]) -> str:
    counts = Counter(v for v in values if v)
    return counts.most_common(1)[0][0] if counts else ""
