"""Reads for pages and the API. Each returns everything its page needs in a fixed
number of queries."""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import Count, Q, QuerySet

from annotations.access import projects_for
from annotations.models import AuditEvent, Document, Job, Project, Span


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


def document_spans(document: Document) -> list[Span]:
    return list(
        Span.objects.filter(document=document)
        .select_related("verdict")
        .order_by("start", "-end", "id")
    )


def span_history(span: Span, limit: int = 50) -> list[AuditEvent]:
    """The span's audit trail, newest first: its own events and its verdict's."""
    return list(
        AuditEvent.objects.filter(object_type="span", object_id=str(span.pk)).order_by("-id")[
            :limit
        ]
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
    return (
        reviewable.filter(id__gt=after_id).first()
        or reviewable.filter(id__lt=after_id).first()
    )
