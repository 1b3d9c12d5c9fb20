"""Matching a document's claims against its project: suggested evidence links.

Each process keeps the claim index of the projects it matched recently (the engine's
ClaimIndex, see annotations/claims/matching.py) and brings it up to date before each
run by reading only the spans changed since its last read. A new document therefore
costs its own claims' queries, never a re-match of the project; a process that
starts cold reads the project's claims once.

A run stores, for each of the document's claims, its best matches as Evidence in
both directions (the new claim cites the old one and the old one the new), origin
`matcher`, status `suggested`, stance from the relation. A pair already linked in
either state is left alone, so runs are idempotent and a rejected suggestion is
never made again.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone

from annotations.claims.compare import AGREE, CONFLICT, RELATED
from annotations.claims.matching import ClaimIndex, Match, story_context
from annotations.claims.when import Dateline, dateline, from_date
from annotations.models import AuditEvent, Document, Evidence, Span
from annotations.services.audit import audit_event

MATCHER = "matcher/1"
PER_CLAIM = 8  # suggestions stored per claim and run, the best first
PROJECTS_CACHED = 4
# Spans changed this long before the last read are read again: a transaction that
# committed late with an earlier timestamp is still seen.
RESYNC_MARGIN = timedelta(minutes=5)

STANCE = {
    AGREE: Evidence.Stance.SUPPORTS,
    CONFLICT: Evidence.Stance.REFUTES,
    RELATED: Evidence.Stance.CONTEXT,
}
RELATION = {stance: relation for relation, stance in STANCE.items()}


@dataclass
class _Cached:
    index: ClaimIndex = field(default_factory=ClaimIndex)
    versions: dict[int, int] = field(default_factory=dict)
    read_at: datetime | None = None


_cache: OrderedDict[int, _Cached] = OrderedDict()
_lock = threading.Lock()


@dataclass
class MatchOutcome:
    claims: int = 0
    links: int = 0
    documents: list[int] = field(default_factory=list)

    def summary(self) -> dict[str, int]:
        return {"claims": self.claims, "links": self.links, "documents": len(self.documents)}


def forget_indexes() -> None:
    """Drop every cached index (tests; a process that must re-read everything)."""
    with _lock:
        _cache.clear()


def project_index(project_id: int) -> ClaimIndex:
    """The project's claim index, brought up to date with the database."""
    with _lock:
        cached = _cache.pop(project_id, None) or _Cached()
        _cache[project_id] = cached
        while len(_cache) > PROJECTS_CACHED:
            _cache.popitem(last=False)
    with _lock:  # one reader per process at a time; reads are incremental and short
        _sync(project_id, cached)
    return cached.index


def _sync(project_id: int, cached: _Cached) -> None:
    now = timezone.now()
    spans = Span.objects.filter(document__project_id=project_id)
    if cached.read_at is not None:
        spans = spans.filter(updated_at__gte=cached.read_at - RESYNC_MARGIN)
    rows = spans.values_list(
        "pk", "document_id", "text", "attrs", "start", "end", "status", "version"
    ).order_by("document_id", "start")
    index = cached.index
    changed = []
    for row in rows.iterator(chunk_size=2000):
        pk, status, version = row[0], row[6], row[7]
        if status == Span.Status.REJECTED:
            index.remove(pk)
            cached.versions.pop(pk, None)
        elif cached.versions.get(pk) != version or pk not in index:
            changed.append(row)
    # The paragraph and headings around each claim tell its story (see ClaimIndex.story): read
    # each changed document's text once, a few hundred at a time.
    for first in range(0, len(changed), 2000):
        chunk = changed[first : first + 2000]
        documents = {
            pk: (text, _document_date(text, published))
            for pk, text, published in Document.objects.filter(
                pk__in={row[1] for row in chunk}
            ).values_list("pk", "text", "published_at")
        }
        for pk, document_id, text, attrs, start, end, _status, version in chunk:
            document_text, published = documents.get(document_id, ("", None))
            context = story_context(document_text, start, end)
            index.add(pk, document_id, text, attrs or None, start, context, published)
            cached.versions[pk] = version
    cached.read_at = now


def _document_date(text: str, published: datetime | None) -> Dateline | None:
    """The day "on Tuesday" is counted from: the publication date, else the dateline."""
    if published is not None:
        return from_date(timezone.localtime(published).date())
    return dateline(text)


def match_documents(document_ids: Sequence[int]) -> MatchOutcome:
    """Suggest evidence links for the claims of these documents (see module doc)."""
    outcome = MatchOutcome()
    by_project: dict[int, list[int]] = {}
    for pk, project_id in Document.objects.filter(pk__in=document_ids).values_list(
        "pk", "project_id"
    ):
        by_project.setdefault(project_id, []).append(pk)
    for project_id, ids in by_project.items():
        _match_project(project_id, sorted(ids), outcome)
    return outcome


def _match_project(project_id: int, document_ids: list[int], outcome: MatchOutcome) -> None:
    index = project_index(project_id)
    claims = list(
        Span.objects.filter(document_id__in=document_ids)
        .exclude(status=Span.Status.REJECTED)
        .values_list("pk", "document_id")
    )
    found: dict[tuple[int, int], Match] = {}
    for pk, _document_id in claims:
        if pk not in index:
            continue
        for match in index.match(index.facts(pk), pk)[:PER_CLAIM]:
            other = int(match.key)  # type: ignore[call-overload]
            found.setdefault((pk, other), match)
            found.setdefault((other, pk), match)
    outcome.claims += len(claims)
    with transaction.atomic():
        links = _store(project_id, found, index, set(document_ids))
        events = [
            audit_event(
                actor=None,
                action="evidence.suggest",
                obj=Document(pk=document_id, project_id=project_id),
                project_id=project_id,
                after={"matcher": MATCHER, "links": links.get(document_id, 0)},
            )
            for document_id in document_ids
        ]
        AuditEvent.objects.bulk_create(events)
    outcome.links += sum(links.values())
    outcome.documents += document_ids


def _store(
    project_id: int, found: dict[tuple[int, int], Match], index: ClaimIndex, matched: set[int]
) -> dict[int, int]:
    """Create the suggestions not linked yet; how many touch each matched document."""
    if not found:
        return {}
    involved = {pk for pair in found for pk in pair}
    live = dict(
        Span.objects.filter(pk__in=involved, document__project_id=project_id)
        .exclude(status=Span.Status.REJECTED)
        .values_list("pk", "document_id")
    )
    for pk in involved - live.keys():
        index.remove(pk)  # deleted or rejected since the index last read it
    linked = set(
        Evidence.objects.filter(claim_id__in=live, source_span_id__in=live).values_list(
            "claim_id", "source_span_id"
        )
    )
    new = [
        Evidence(
            claim_id=claim,
            source_span_id=source,
            stance=STANCE[match.relation],
            origin=Evidence.Origin.MATCHER,
            status=Evidence.Status.SUGGESTED,
            score=match.score,
            reason=match.reason,
        )
        for (claim, source), match in found.items()
        if claim in live and source in live and (claim, source) not in linked
    ]
    Evidence.objects.bulk_create(new, ignore_conflicts=True, batch_size=500)
    counts: dict[int, int] = {}
    for evidence in new:
        document_id = live[evidence.claim_id]
        if document_id not in matched:
            document_id = live[evidence.source_span_id]
        counts[document_id] = counts.get(document_id, 0) + 1
    return counts
