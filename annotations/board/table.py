"""A cluster as the rows of its table. Pure Python, no Django."""

from __future__ import annotations

from dataclasses import dataclass, field

from annotations.board.clusters import CONTEXT, REFUTES, SUPPORTS, Claim, Cluster
from annotations.board.formats import interval, place
from annotations.claims.facts import Figure

VERBS = {SUPPORTS: "agrees with", REFUTES: "conflicts with", CONTEXT: "related to"}


@dataclass(frozen=True, slots=True)
class RowLink:
    """A link from a row to another row of the same table."""

    number: int  # the other row's
    pk: int  # the other claim's
    stance: str
    status: str
    origin: str
    reason: str

    @property
    def verb(self) -> str:
        return VERBS.get(self.stance, self.stance)


@dataclass(frozen=True, slots=True)
class LinkGroup:
    stance: str
    status: str
    origin: str
    links: list[RowLink]

    @property
    def verb(self) -> str:
        return VERBS.get(self.stance, self.stance)


@dataclass(slots=True)
class Row:
    number: int
    claim: Claim
    # The claim's document among the cluster's, in table order (the chart's x
    # when it has no time axis).
    document_number: int
    conflicts: list[RowLink] = field(default_factory=list)
    links: list[RowLink] = field(default_factory=list)

    @property
    def figure(self) -> Figure | None:
        return self.claim.figure

    @property
    def link_groups(self) -> list[LinkGroup]:
        """The links other than conflicts, by kind: "agrees with #2, #5 (suggested)"."""
        groups: dict[tuple[str, str, str], list[RowLink]] = {}
        for link in self.links:
            groups.setdefault((link.stance, link.status, link.origin), []).append(link)
        return [LinkGroup(*key, links) for key, links in groups.items()]

    @property
    def interval(self) -> str:
        return interval(self.figure) if self.figure else ""

    @property
    def who(self) -> str:
        return self.claim.facts.speaker_text

    @property
    def where(self) -> str:
        return place(self.figure) if self.figure else ""


def rows(cluster: Cluster) -> list[Row]:
    """One row per claim, in the cluster's order, each with its links to the
    others: conflicts apart (the table highlights them), the rest by row."""
    documents: dict[int, int] = {}
    out = []
    for number, claim in enumerate(cluster.claims, start=1):
        documents.setdefault(claim.document_id, len(documents) + 1)
        out.append(Row(number, claim, documents[claim.document_id]))
    by_pk = {row.claim.pk: row for row in out}
    for pair in cluster.pairs:
        for one, other in ((pair.a, pair.b), (pair.b, pair.a)):
            there = by_pk[other]
            link = RowLink(there.number, other, pair.stance, pair.status, pair.origin, pair.reason)
            (by_pk[one].conflicts if pair.conflict else by_pk[one].links).append(link)
    for row in out:
        row.conflicts.sort(key=lambda link: link.number)
        row.links.sort(key=lambda link: (link.stance != SUPPORTS, link.number))
    return out
