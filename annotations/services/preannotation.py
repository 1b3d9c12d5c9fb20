"""Pre-annotation: the engine's proposals written as suggested spans, idempotently.

Re-running the same engine version creates nothing new. A new version replaces only
the spans that are still suggested and untouched by a person; a span anyone has
accepted, rejected, edited, judged or linked as evidence is never changed or removed,
and its offsets are not proposed again.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils import timezone

from annotations.claims import Engine, default_engine
from annotations.models import Document, Evidence, Job, Project, Span
from annotations.services.audit import audit_event

log = logging.getLogger(__name__)

_PREANNOTATABLE = [Document.Status.NEW, Document.Status.QUEUED]


@dataclass(frozen=True)
class PreannotateOutcome:
    created: int
    removed: int


def _touched_by_person(span: Span, cited: set[int]) -> bool:
    return (
        span.origin == Span.Origin.HUMAN
        or span.status != Span.Status.SUGGESTED
        # version outlives updated_by, which is nulled when the editor's account is deleted
        or span.version > 1
        or span.updated_by_id is not None
        # deleting it would cascade to evidence a person linked
        or span.pk in cited
    )


def _cited_by_person(document_id: int) -> set[int]:
    """Ids of the document's spans that are a claim or a source in human evidence."""
    human = Evidence.objects.filter(origin=Evidence.Origin.HUMAN)
    claims = human.filter(claim__document_id=document_id).values_list("claim_id", flat=True)
    sources = human.filter(source_span__document_id=document_id).values_list(
        "source_span_id", flat=True
    )
    return set(claims) | set(sources)


def preannotate_document(document_id: int, engine: Engine | None = None) -> PreannotateOutcome:
    """Write one document's proposals. Raises Document.DoesNotExist if it is gone."""
    engine = engine or default_engine()
    label = engine.label
    with transaction.atomic():
        document = Document.objects.select_for_update().only("id", "text", "status", "project_id")
        document = document.get(pk=document_id)
        existing = list(document.spans.all())
        cited = _cited_by_person(document.pk)
        touched = [s for s in existing if _touched_by_person(s, cited)]
        untouched = [s for s in existing if not _touched_by_person(s, cited)]
        stale = [s.pk for s in untouched if s.engine != label]
        current = {(s.model_start, s.model_end, s.kind) for s in untouched if s.engine == label}
        blocked = {(s.start, s.end) for s in touched} | {
            (s.model_start, s.model_end) for s in touched if s.model_start is not None
        }
        new_spans = []
        for p in engine.propose(document.text):
            if (p.start, p.end, p.kind) in current or (p.start, p.end) in blocked:
                continue
            current.add((p.start, p.end, p.kind))
            new_spans.append(
                Span(
                    document_id=document.pk,
                    start=p.start,
                    end=p.end,
                    text=document.text[p.start : p.end],
                    kind=p.kind,
                    origin=Span.Origin.MODEL,
                    engine=label,
                    status=Span.Status.SUGGESTED,
                    score=p.score,
                    attrs=p.attrs,
                    model_start=p.start,
                    model_end=p.end,
                )
            )
        if stale:
            Span.objects.filter(pk__in=stale).delete()
        Span.objects.bulk_create(new_spans)
        if document.status in _PREANNOTATABLE:
            Document.objects.filter(pk=document.pk).update(
                status=Document.Status.PREANNOTATED, updated_at=timezone.now()
            )
        if new_spans or stale:
            audit_event(
                actor=None,
                action="document.preannotate",
                obj=document,
                project_id=document.project_id,
                after={"engine": label, "created": len(new_spans), "removed": len(stale)},
            ).save()
    return PreannotateOutcome(created=len(new_spans), removed=len(stale))


def batches(ids: Sequence[int], size: int) -> list[list[int]]:
    return [list(ids[i : i + size]) for i in range(0, len(ids), size)]


def start_preannotation(
    *,
    project: Project,
    document_ids: Sequence[int],
    actor: AbstractBaseUser | None = None,
) -> Job:
    """Mark documents queued, record a Job, and enqueue its tasks once the caller commits."""
    from annotations.tasks import enqueue_preannotation

    with transaction.atomic():
        Document.objects.filter(pk__in=document_ids).exclude(
            status__in=[Document.Status.IN_REVIEW, Document.Status.REVIEWED]
        ).update(status=Document.Status.QUEUED)
        nothing = not document_ids
        job = Job.objects.create(
            project=project,
            kind=Job.Kind.PREANNOTATE,
            total=len(document_ids),
            code_version=default_engine().label,
            created_by=actor if actor and actor.is_authenticated else None,
            # With nothing to do the job is done now; no task would ever finish it.
            state=Job.State.DONE if nothing else Job.State.PENDING,
            finished_at=timezone.now() if nothing else None,
        )
        if nothing:
            return job
        ids = list(document_ids)
        size = settings.PREANNOTATE_BATCH_SIZE
        transaction.on_commit(lambda: enqueue_preannotation(job.pk, batches(ids, size)))
    return job


def job_started(job_id: int) -> None:
    Job.objects.filter(pk=job_id, state=Job.State.PENDING).update(
        state=Job.State.RUNNING, started_at=timezone.now()
    )


def job_progress(job_id: int, *, done: int, failed: int, errors: list[str]) -> None:
    """Add a batch's counts; the batch that completes the job marks it done."""
    with transaction.atomic():
        job = Job.objects.select_for_update().filter(pk=job_id).first()
        if job is None:
            log.warning("job %s is gone; progress dropped", job_id)
            return
        job.done += done
        job.failed += failed
        if errors:
            job.errors = (job.errors + errors)[-200:]
        fields = ["done", "failed", "errors"]
        if job.done + job.failed >= job.total:
            job.state = Job.State.FAILED if job.done == 0 and job.failed else Job.State.DONE
            job.finished_at = timezone.now()
            fields += ["state", "finished_at"]
        job.save(update_fields=fields)


def job_note_error(job_id: int, message: str) -> None:
    with transaction.atomic():
        job = Job.objects.select_for_update().filter(pk=job_id).first()
        if job is not None:
            job.errors = [*job.errors, message][-200:]
            job.save(update_fields=["errors"])
