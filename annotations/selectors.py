"""Reads for pages and the API. Each returns everything its page needs in a fixed
number of queries."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import Count, Exists, Max, OuterRef, Q, QuerySet

from annotations.access import projects_for
from annotations.models import Document, Evidence, Job, Project, Span, Verdict


def project_list(user: AbstractBaseUser | AnonymousUser) -> QuerySet[Project]:
    return projects_for(user).annotate(document_count=Count("documents", distinct=True))


def document_list(project: Project) -> QuerySet[Document]:
    def count(status: str) -> Count:
        return Count("spans", filter=Q(spans__status=status))

    return (
        Document.objects.filter(project=project)
        .defer("text", "metadata")
        .annotate(
            span_count=Count("spans"),
            suggested_count=count(Span.Status.SUGGESTED),
            accepted_count=count(Span.Status.ACCEPTED),
            rejected_count=count(Span.Status.REJECTED),
            reviewed_count=Count(
                "spans", filter=Q(spans__status__in=[Span.Status.ACCEPTED, Span.Status.REJECTED])
            ),
        )
        .order_by("id")
    )


def status_counts(project: Project) -> list[tuple[str, str, int]]:
    """(status, label, number of documents) for every status, in workflow order."""
    rows = Document.objects.filter(project=project).values_list("status").annotate(n=Count("id"))
    counts = dict(rows)
    return [(value, label, counts.get(value, 0)) for value, label in Document.Status.choices]


def recent_jobs(project: Project, limit: int = 5) -> list[Job]:
    return list(Job.objects.filter(project=project).order_by("-id")[:limit])


SPAN_LIST_FIELDS = ("document_id", "start", "end", "text", "kind", "status", "score")
SPAN_LIST_FIELDS += ("verdict__label", "verdict__span_id")


def in_conflict(project_id: int) -> Exists:
    """Annotation: the span has a refuting link nobody rejected (the matcher's or a
    person's, to a claim of its project or to an outside source). An EXISTS in the
    spans' own query, so marking conflicts costs the page no query of its own."""
    return Exists(
        Evidence.objects.filter(claim=OuterRef("pk"), stance=Evidence.Stance.REFUTES)
        .exclude(status=Evidence.Status.REJECTED)
        .filter(Q(source_span__isnull=True) | Q(source_span__document__project_id=project_id))
    )


def document_spans(document: Document) -> list[Span]:
    return list(
        Span.objects.filter(document=document)
        .select_related("verdict")
        # Only what the text and the list draw: building 1,000 full rows (engine
        # facts, timestamps) cost more than the rest of the page.
        .only(*SPAN_LIST_FIELDS)
        .annotate(in_conflict=in_conflict(document.project_id))
        .order_by("start", "-end", "id")
    )


# Documents a reviewer can still work on, in the order the queue offers them.
REVIEWABLE = [Document.Status.IN_REVIEW, Document.Status.PREANNOTATED]


def next_document(project: Project, after_id: int | None = None) -> Document | None:
    """The next document to review: the first reviewable one after `after_id` by id,
    wrapping round to the start; None when none is left (the current one excluded)."""
    reviewable = (
        Document.objects.filter(project=project, status__in=REVIEWABLE)
        .only("id", "title", "project_id", "status")
        .order_by("id")
    )
    if after_id is None:
        return reviewable.first()
    return reviewable.filter(id__gt=after_id).first() or reviewable.filter(id__lt=after_id).first()


# The project dashboard. Everything below costs one query or none, whatever the
# number of documents and spans.


@dataclass(frozen=True)
class Share:
    key: str
    label: str
    count: int
    # Rounded, for the text equivalent; the bar itself is drawn from the counts.
    percent: int


@dataclass(frozen=True)
class Breakdown:
    """Parts of a whole, in the order a stacked bar draws them (done first)."""

    total: int
    shares: list[Share]


def breakdown(rows: Iterable[tuple[str, str, int]]) -> Breakdown:
    rows = list(rows)
    total = sum(n for _, _, n in rows)
    return Breakdown(
        total=total,
        shares=[
            Share(key, label, n, round(100 * n / total) if total else 0) for key, label, n in rows
        ],
    )


@dataclass(frozen=True)
class DocumentProgress:
    total: int
    reviewed: int
    # In review or pre-annotated: what the "next document" button still offers.
    reviewable: int
    # New or queued: not pre-annotated yet, so not offered for review.
    waiting: int
    bar: Breakdown


def document_progress(counts: list[tuple[str, str, int]]) -> DocumentProgress:
    """Totals and bar for the output of `status_counts` (no query)."""
    by_status = {status: n for status, _, n in counts}
    return DocumentProgress(
        total=sum(by_status.values()),
        reviewed=by_status.get(Document.Status.REVIEWED, 0),
        reviewable=sum(by_status.get(s, 0) for s in REVIEWABLE),
        waiting=by_status.get(Document.Status.NEW, 0) + by_status.get(Document.Status.QUEUED, 0),
        bar=breakdown(reversed(counts)),
    )


@dataclass(frozen=True)
class KindRow:
    kind: str
    # One per status, in ClaimCounts.statuses order.
    counts: list[int]
    total: int
    # False for a kind found on spans but no longer in the project's claim kinds.
    configured: bool


@dataclass(frozen=True)
class ClaimCounts:
    statuses: list[tuple[str, str]]
    rows: list[KindRow]
    totals: list[int]
    total: int
    # Accepted or rejected.
    reviewed: int
    bar: Breakdown


# Reviewed claims first, so the bar fills from the left.
_CLAIM_BAR_ORDER = [Span.Status.ACCEPTED, Span.Status.REJECTED, Span.Status.SUGGESTED]


def claim_counts(project: Project) -> ClaimCounts:
    """Spans by kind and status: the project's kinds in its order, then any other kind
    found on its spans, alphabetically."""
    rows = (
        Span.objects.filter(document__project=project)
        .values_list("kind", "status")
        .annotate(n=Count("id"))
        .order_by()
    )
    counts: dict[tuple[str, str], int] = {(kind, status): n for kind, status, n in rows}
    configured = [str(k) for k in project.claim_kinds]
    found = sorted({kind for kind, _ in counts} - set(configured))
    statuses = list(Span.Status.choices)
    kind_rows = []
    for kind in configured + found:
        per_status = [counts.get((kind, status), 0) for status, _ in statuses]
        kind_rows.append(KindRow(kind, per_status, sum(per_status), kind in configured))
    totals = [sum(row.counts[i] for row in kind_rows) for i in range(len(statuses))]
    by_status = dict(zip([s for s, _ in statuses], totals, strict=True))
    labels = dict(statuses)
    return ClaimCounts(
        statuses=statuses,
        rows=kind_rows,
        totals=totals,
        total=sum(totals),
        reviewed=by_status[Span.Status.ACCEPTED] + by_status[Span.Status.REJECTED],
        bar=breakdown((s, labels[s], by_status[s]) for s in _CLAIM_BAR_ORDER),
    )


def verdict_counts(project: Project) -> list[tuple[str, int]]:
    """(label, number of verdicts): the project's scale in its order, then any other
    label found, alphabetically."""
    rows = (
        Verdict.objects.filter(span__document__project=project)
        .values_list("label")
        .annotate(n=Count("id"))
        .order_by()
    )
    counts = dict(rows)
    scale = [str(label) for label in project.verdict_scale]
    others = sorted(set(counts) - set(scale))
    return [(label, counts.get(label, 0)) for label in scale + others]


@dataclass(frozen=True)
class Queue:
    documents: list[Document]
    total: int

    @property
    def more(self) -> int:
        return self.total - len(self.documents)


def my_queue(project: Project, user: AbstractBaseUser | AnonymousUser, limit: int = 10) -> Queue:
    """Documents still to review on which `user` changed a span, most recently touched
    first, with the span counts of `document_list`. Two queries."""
    if not user.is_authenticated:
        return Queue(documents=[], total=0)
    touched = Exists(Span.objects.filter(document=OuterRef("pk"), updated_by=user))
    mine = Document.objects.filter(project=project, status__in=REVIEWABLE).filter(touched)
    documents = (
        document_list(project)
        .filter(status__in=REVIEWABLE)
        .filter(touched)
        .annotate(last_touched=Max("spans__updated_at", filter=Q(spans__updated_by=user)))
        .order_by("-last_touched", "id")[:limit]
    )
    return Queue(documents=list(documents), total=mine.count())
