"""Pre-annotation: the engine's proposals written as suggested spans, idempotently.

Re-running the same engine version creates nothing new. A new version replaces only
the spans that are still suggested and untouched by a person; a span anyone has
accepted, rejected, edited, judged or linked as evidence is never changed or removed,
and its offsets are not proposed again.

Work moves in batches (a task takes PREANNOTATE_BATCH_SIZE document ids): one query
claims the batch's queued documents, one reads their spans with the human-evidence
flags, and the spans, statuses and audit events are written in bulk, in one
transaction with the job's counts. A job counts each document once: its JobItem goes
from pending to done, skipped or failed in that transaction, so a batch that runs
twice (redelivered after a worker died, or re-sent by the sweep) adds nothing.
"""

from __future__ import annotations

import json
import logging
import math
import time
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any, NamedTuple

from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.db import DataError, IntegrityError, connection, transaction
from django.db.models import Exists, F, OuterRef, Q
from django.utils import timezone
from psycopg import sql as pgsql

from annotations.claims import Engine, Proposal, default_engine
from annotations.models import AuditEvent, Document, Evidence, Job, JobItem, Project, Span
from annotations.services.audit import audit_event

log = logging.getLogger(__name__)

_PREANNOTATABLE = [Document.Status.NEW, Document.Status.QUEUED]
_IN_REVIEW = [Document.Status.IN_REVIEW, Document.Status.REVIEWED]
# Keeps IN (…) lists under SQLite's and PostgreSQL's bound-parameter limits.
_ID_CHUNK = 1_000
_SPAN_CHUNK = 1_000
MAX_JOB_ERRORS = 200
# The sweep re-sends a document at most this many times for one job, then fails it:
# a document that kills its worker every time must not be retried forever.
MAX_RESENDS = 3
SWEEP_LIMIT = 10_000  # documents re-sent per sweep; the next sweep takes the rest
# A database refusing one document's rows (or its attrs not being JSON) must fail that
# document, not its batch. OperationalError is not here: it is transient, and the
# task retries the whole batch.
_REFUSED = (IntegrityError, DataError, TypeError, ValueError)


@dataclass(frozen=True)
class PreannotateOutcome:
    created: int
    removed: int


@dataclass
class BatchOutcome:
    """What one batch did. `skipped`: no longer queued (taken into review, or already
    pre-annotated by another task). `busy`: being pre-annotated by another worker
    right now. `deferred`: left queued and re-sent, the task ran out of time."""

    done: list[int] = field(default_factory=list)
    failed: list[int] = field(default_factory=list)
    skipped: list[int] = field(default_factory=list)
    busy: list[int] = field(default_factory=list)
    deferred: list[int] = field(default_factory=list)
    spans_created: int = 0
    spans_removed: int = 0
    errors: list[str] = field(default_factory=list)

    def summary(self) -> dict[str, int]:
        return {
            "done": len(self.done),
            "failed": len(self.failed),
            "skipped": len(self.skipped),
            "busy": len(self.busy),
            "deferred": len(self.deferred),
            "spans_created": self.spans_created,
            "spans_removed": self.spans_removed,
        }


class _NewSpan(NamedTuple):
    """A proposal to write: plain values, so thousands cost no model instances."""

    start: int
    end: int
    kind: str
    score: float | None
    attrs_json: str


@dataclass
class _Plan:
    """One document's writes, worked out before anything is written."""

    document: Document
    had_spans: bool
    label: str = ""
    stale: list[int] = field(default_factory=list)
    new: list[_NewSpan] = field(default_factory=list)
    error: BaseException | None = None


_engine_cache: tuple[Callable[[], Engine], Engine] | None = None


def current_engine() -> Engine:
    """The default engine, built once per process (building one may load a model)."""
    global _engine_cache
    if _engine_cache is None or _engine_cache[0] is not default_engine:
        _engine_cache = (default_engine, default_engine())
    return _engine_cache[1]


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


_SPAN_FIELDS = [
    *("id", "document_id", "start", "end", "kind", "origin", "engine", "status"),
    *("version", "updated_by", "model_start", "model_end"),
]


def _existing_spans(document_ids: Sequence[int]) -> tuple[dict[int, list[Span]], set[int]]:
    """The documents' spans, by document, and the ids of those cited in human evidence
    (as claim or as source): one query."""
    if not document_ids:
        return {}, set()
    human = Evidence.objects.filter(origin=Evidence.Origin.HUMAN)
    spans = (
        Span.objects.filter(document_id__in=document_ids)
        .only(*_SPAN_FIELDS)
        .annotate(
            as_claim=Exists(human.filter(claim=OuterRef("pk"))),
            as_source=Exists(human.filter(source_span=OuterRef("pk"))),
        )
    )
    by_document: dict[int, list[Span]] = defaultdict(list)
    cited: set[int] = set()
    for span in spans:
        by_document[span.document_id].append(span)
        if span.as_claim or span.as_source:
            cited.add(span.pk)
    return by_document, cited


def _check(proposal: Proposal, text: str) -> None:
    """An engine bug must fail its document with a clear message, not reach the database."""
    if not (0 <= proposal.start < proposal.end <= len(text)):
        raise ValueError(
            f"engine proposed span [{proposal.start}, {proposal.end}) outside the text "
            f"({len(text)} characters)"
        )
    if not proposal.kind or len(proposal.kind) > Span._meta.get_field("kind").max_length:
        raise ValueError(f"engine proposed an empty or overlong kind {proposal.kind!r}")
    if proposal.score is not None and not math.isfinite(proposal.score):
        raise ValueError(f"engine proposed a score that is not a finite number: {proposal.score}")


def _plan(document: Document, existing: list[Span], cited: set[int], engine: Engine) -> _Plan:
    label = engine.label
    touched = [s for s in existing if _touched_by_person(s, cited)]
    untouched = [s for s in existing if not _touched_by_person(s, cited)]
    plan = _Plan(document=document, had_spans=bool(existing), label=label)
    plan.stale = [s.pk for s in untouched if s.engine != label]
    current = {(s.model_start, s.model_end, s.kind) for s in untouched if s.engine == label}
    blocked = {(s.start, s.end) for s in touched} | {
        (s.model_start, s.model_end) for s in touched if s.model_start is not None
    }
    text = document.text
    for p in engine.propose(text):
        _check(p, text)
        if (p.start, p.end, p.kind) in current or (p.start, p.end) in blocked:
            continue
        current.add((p.start, p.end, p.kind))
        score = None if p.score is None else float(p.score)
        # Serialised here, so attrs that are not JSON fail this document, not the batch.
        attrs = json.dumps(p.attrs, default=_plain, ensure_ascii=False)
        plan.new.append(_NewSpan(p.start, p.end, p.kind, score, attrs))
    return plan


def _plain(value: Any) -> Any:
    """JSON for the scalars numeric libraries return (numpy's float32, int64, …)."""
    if hasattr(value, "item"):
        return value.item()
    raise TypeError(f"Object of type {type(value).__name__} is not JSON serializable")


def _span(plan: _Plan, new: _NewSpan, now: datetime) -> Span:
    return Span(
        document_id=plan.document.pk,
        start=new.start,
        end=new.end,
        text=plan.document.text[new.start : new.end],
        kind=new.kind,
        origin=Span.Origin.MODEL,
        engine=plan.label,
        status=Span.Status.SUGGESTED,
        score=new.score,
        attrs=json.loads(new.attrs_json),
        model_start=new.start,
        model_end=new.end,
        version=1,
        created_at=now,
        updated_at=now,
    )


# The columns _copy_spans fills, in order; the others are nullable and stay NULL.
_COPY_FIELDS = [
    *("document", "start", "end", "text", "kind", "origin", "engine", "status", "score"),
    *("attrs", "model_start", "model_end", "version", "created_at", "updated_at"),
]


def _copy_spans(plans: list[_Plan], now: datetime) -> None:
    """New spans through COPY on PostgreSQL: the same rows and the same constraints as
    bulk_create, at a fraction of the cost (no SQL text to build and parse for
    thousands of rows). It is the bulk of what pre-annotation writes."""
    table = Span._meta.db_table
    columns = [Span._meta.get_field(name).column for name in _COPY_FIELDS]
    statement = pgsql.SQL("COPY {} ({}) FROM STDIN").format(
        pgsql.Identifier(table), pgsql.SQL(", ").join(map(pgsql.Identifier, columns))
    )
    model, suggested = Span.Origin.MODEL.value, Span.Status.SUGGESTED.value
    started = time.monotonic()
    rows = 0
    with (
        connection.cursor() as cursor,
        connection.wrap_database_errors,
        cursor.cursor.copy(statement) as copy,
    ):
        for plan in plans:
            document_id, text, label = plan.document.pk, plan.document.text, plan.label
            for new in plan.new:
                piece = text[new.start : new.end]
                copy.write_row(
                    (document_id, new.start, new.end, piece, new.kind, model, label, suggested,
                     new.score, new.attrs_json, new.start, new.end, 1, now, now)
                )  # fmt: skip
                rows += 1
    if connection.queries_logged:  # so query counts and the debug toolbar see it
        connection.queries_log.append(
            {"sql": f"COPY {table} … ({rows} rows)", "time": f"{time.monotonic() - started:.3f}"}
        )


def _write_plans(plans: list[_Plan], now: datetime) -> None:
    stale = [pk for plan in plans for pk in plan.stale]
    if stale:
        # Through the ORM, so suggested evidence and verdict-less rows cascade as declared.
        # The conditions are checked again in the DELETE itself: a reviewer may have
        # accepted or edited one of these since we read them (their edit locks only the
        # span row), and PostgreSQL re-evaluates them on rows changed meanwhile.
        Span.objects.filter(
            pk__in=stale,
            origin=Span.Origin.MODEL,
            status=Span.Status.SUGGESTED,
            version=1,
            updated_by__isnull=True,
        ).exclude(evidence__origin=Evidence.Origin.HUMAN).exclude(
            cited_by__origin=Evidence.Origin.HUMAN
        ).delete()
    if any(plan.new for plan in plans):
        if connection.vendor == "postgresql":
            _copy_spans(plans, now)
        else:
            Span.objects.bulk_create(
                [_span(plan, new, now) for plan in plans for new in plan.new],
                batch_size=_SPAN_CHUNK,
            )
    Document.objects.filter(
        pk__in=[plan.document.pk for plan in plans], status__in=_PREANNOTATABLE
    ).update(status=Document.Status.PREANNOTATED, queued_at=None, updated_at=now)
    events = [
        audit_event(
            actor=None,
            action="document.preannotate",
            obj=plan.document,
            project_id=plan.document.project_id,
            after={"engine": plan.label, "created": len(plan.new), "removed": len(plan.stale)},
        )
        for plan in plans
        if plan.new or plan.stale
    ]
    if events:
        AuditEvent.objects.bulk_create(events)


def _write(plans: list[_Plan], now: datetime) -> None:
    """Write every plan without an error in bulk. If the database refuses the bulk
    write, write them one savepoint each, and fail only the refused documents."""
    ok = [plan for plan in plans if plan.error is None]
    if not ok:
        return
    try:
        with transaction.atomic():
            _write_plans(ok, now)
        return
    except _REFUSED:
        log.warning("bulk write of %s documents refused; writing them one by one", len(ok))
    for plan in ok:
        try:
            with transaction.atomic():
                _write_plans([plan], now)
        except _REFUSED as exc:
            plan.error = exc


def _deleted(document_id: int) -> str:
    return f"document {document_id} was deleted before pre-annotation"


def _error_text(document_id: int, exc: BaseException) -> str:
    return f"document {document_id}: {type(exc).__name__}: {exc}"


def _restore_failed(plans: list[_Plan], now: datetime) -> None:
    """A document whose pre-annotation failed leaves the queue (or the sweep would send
    it forever): back to new, or to preannotated if an earlier run left it spans."""
    for had_spans, status in ((False, Document.Status.NEW), (True, Document.Status.PREANNOTATED)):
        ids = [p.document.pk for p in plans if p.error is not None and p.had_spans == had_spans]
        if ids:
            Document.objects.filter(pk__in=ids, status=Document.Status.QUEUED).update(
                status=status, queued_at=None, updated_at=now
            )


def preannotate_document(document_id: int, engine: Engine | None = None) -> PreannotateOutcome:
    """Write one document's proposals, whatever its status, and settle its job items.

    Raises Document.DoesNotExist if it is gone, and whatever the engine raised.
    """
    engine = engine or current_engine()
    now = timezone.now()
    with transaction.atomic():
        document = (
            Document.objects.select_for_update()
            .only("id", "text", "status", "project_id")
            .get(pk=document_id)
        )
        existing, cited = _existing_spans([document.pk])
        plan = _plan(document, existing.get(document.pk, []), cited, engine)
        _write_plans([plan], now)
        _settle({document.pk: JobItem.State.DONE}, {})
    return PreannotateOutcome(created=len(plan.new), removed=len(plan.stale))


def _plain_plans() -> None:
    """No parallel workers and no JIT for this transaction's small queries. Without
    statistics (a table just bulk-loaded, not yet analysed) the planner overestimates
    them, and starting two parallel workers plus compiling the plan cost 25 ms a batch,
    ten times the query itself."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL max_parallel_workers_per_gather = 0; SET LOCAL jit = off")


def preannotate_batch(
    document_ids: Sequence[int], engine: Engine, *, job_id: int | None = None
) -> BatchOutcome:
    """Pre-annotate the batch's documents that are still queued, in one transaction.

    A document is claimed with SELECT … FOR UPDATE SKIP LOCKED and written only if it
    is still queued: two workers never write the same document, and one that is no
    longer queued (done by an earlier delivery of this batch, or taken into review) is
    skipped. An engine
    error, or a refused write, fails only its document.
    """
    outcome = BatchOutcome()
    ids = list(dict.fromkeys(document_ids))
    now = timezone.now()
    with transaction.atomic():
        _plain_plans()
        # Locked by primary key alone, the status checked here under the lock: a
        # `status = 'queued'` in SQL tempts the planner, when statistics are stale after
        # a bulk import, into scanning every queued document for each batch.
        locked = list(
            Document.objects.select_for_update(skip_locked=True)
            .filter(pk__in=ids)
            .only("id", "text", "status", "project_id")
            .order_by("pk")
        )
        documents = [d for d in locked if d.status == Document.Status.QUEUED]
        outcome.skipped = [d.pk for d in locked if d.status != Document.Status.QUEUED]
        seen = {d.pk for d in locked}
        errors: dict[int, str] = {}
        if len(seen) < len(ids):
            present = set(
                Document.objects.filter(pk__in=[i for i in ids if i not in seen]).values_list(
                    "pk", flat=True
                )
            )
            for document_id in (i for i in ids if i not in seen):
                if document_id in present:
                    outcome.busy.append(document_id)  # locked: its worker settles it
                else:
                    log.info("document %s was deleted before pre-annotation; dropped", document_id)
                    outcome.failed.append(document_id)
                    errors[document_id] = _deleted(document_id)
        claimed = {d.pk for d in documents}

        existing, cited = _existing_spans(sorted(claimed))
        plans: list[_Plan] = []
        for position, document in enumerate(documents):
            plan = _Plan(document=document, had_spans=bool(existing.get(document.pk)))
            try:
                plan = _plan(document, existing.get(document.pk, []), cited, engine)
            except SoftTimeLimitExceeded as exc:
                # Write what is finished; this document failed, the rest go out again.
                plan.error = exc
                plans.append(plan)
                outcome.deferred = [d.pk for d in documents[position + 1 :]]
                break
            except Exception as exc:
                plan.error = exc  # logged below, with the refused writes
            plans.append(plan)

        _write(plans, now)
        _restore_failed(plans, now)
        for plan in plans:
            document_id = plan.document.pk
            if plan.error is None:
                outcome.done.append(document_id)
                outcome.spans_created += len(plan.new)
                outcome.spans_removed += len(plan.stale)
            else:
                if isinstance(plan.error, SoftTimeLimitExceeded):
                    errors[document_id] = (
                        f"document {document_id}: took longer than the task's time limit"
                    )
                else:
                    errors[document_id] = _error_text(document_id, plan.error)
                log.error("pre-annotation failed: %s", errors[document_id], exc_info=plan.error)
                outcome.failed.append(document_id)
        outcome.errors = [errors[i] for i in outcome.failed]

        states = {i: JobItem.State.DONE for i in outcome.done}
        states.update({i: JobItem.State.SKIPPED for i in outcome.skipped})
        states.update({i: JobItem.State.FAILED for i in outcome.failed})
        _settle(states, errors)
        if outcome.done:
            done = list(outcome.done)
            transaction.on_commit(lambda: _enqueue_matching(done))
        if outcome.deferred and job_id is not None:
            deferred = list(outcome.deferred)
            transaction.on_commit(lambda: _enqueue(job_id, [deferred]))
    return outcome


@dataclass
class _Tally:
    done: int = 0
    failed: int = 0
    errors: list[str] = field(default_factory=list)


def _settle(states: dict[int, str], errors: dict[int, str]) -> None:
    """Settle every pending job item of these documents, in whichever job: add each to
    its job's counts once, and finish the jobs that are complete.

    Locks the items (FOR UPDATE, which re-checks `pending` after a concurrent settle
    commits), then the jobs, both in id order: two settles never deadlock or count twice.
    """
    if not states:
        return
    items: list[tuple[int, int, int]] = []
    for chunk in _chunks(list(states), _ID_CHUNK):
        items += (
            JobItem.objects.select_for_update()
            .filter(document_id__in=chunk, state=JobItem.State.PENDING)
            .order_by("pk")
            .values_list("pk", "job_id", "document_id")
        )
    if not items:
        return
    by_state: dict[str, list[int]] = defaultdict(list)
    tallies: dict[int, _Tally] = defaultdict(_Tally)
    for item_id, job_id, document_id in items:
        state = states[document_id]
        by_state[state].append(item_id)
        tally = tallies[job_id]
        if state == JobItem.State.FAILED:
            tally.failed += 1
            if document_id in errors:
                tally.errors.append(errors[document_id])
        else:
            tally.done += 1
    for state, item_ids in by_state.items():
        for chunk in _chunks(item_ids, _ID_CHUNK):
            JobItem.objects.filter(pk__in=chunk).update(state=state)
    now = timezone.now()
    for job in Job.objects.select_for_update().filter(pk__in=list(tallies)).order_by("pk"):
        tally = tallies[job.pk]
        job.done += tally.done
        job.failed += tally.failed
        job.progressed_at = now
        fields = ["done", "failed", "progressed_at"]
        if tally.errors:
            job.errors = (job.errors + tally.errors)[-MAX_JOB_ERRORS:]
            fields.append("errors")
        if job.state == Job.State.PENDING:  # settled by the sweep before any task ran
            job.state, job.started_at = Job.State.RUNNING, job.started_at or now
            fields += ["state", "started_at"]
        if not job.is_finished and job.done + job.failed >= job.total:
            job.state = Job.State.FAILED if job.done == 0 and job.failed else Job.State.DONE
            job.finished_at = now
            fields += ["state", "finished_at"]
        job.save(update_fields=list(dict.fromkeys(fields)))


def _chunks(ids: Sequence[int], size: int) -> Iterable[Sequence[int]]:
    for i in range(0, len(ids), size):
        yield ids[i : i + size]


def batches(ids: Sequence[int], size: int) -> list[list[int]]:
    return [list(chunk) for chunk in _chunks(ids, size)]


def _enqueue_matching(document_ids: list[int]) -> None:
    from annotations.tasks import enqueue_matching

    enqueue_matching(document_ids)


def _enqueue(job_id: int, id_batches: list[list[int]]) -> None:
    from annotations.tasks import enqueue_preannotation

    enqueue_preannotation(job_id, id_batches)


def start_preannotation(
    *,
    project: Project,
    document_ids: Sequence[int],
    actor: AbstractBaseUser | None = None,
) -> Job:
    """Queue the project's documents among these that are not in review, record a Job
    with one item per document, and enqueue its batches once the caller commits."""
    ids = list(dict.fromkeys(document_ids))
    now = timezone.now()
    with transaction.atomic():
        queued: list[int] = []
        for chunk in _chunks(ids, _ID_CHUNK):
            # Locked first, so a document taken into review meanwhile is not re-queued.
            mine = list(
                Document.objects.select_for_update()
                .filter(project=project, pk__in=chunk)
                .exclude(status__in=_IN_REVIEW)
                .order_by("pk")
                .values_list("pk", flat=True)
            )
            Document.objects.filter(pk__in=mine).update(
                status=Document.Status.QUEUED, queued_at=now
            )
            queued += mine
        nothing = not queued
        job = Job.objects.create(
            project=project,
            kind=Job.Kind.PREANNOTATE,
            total=len(queued),
            code_version=current_engine().label,
            created_by=actor if actor and actor.is_authenticated else None,
            # With nothing to do the job is done now; no task would ever finish it.
            state=Job.State.DONE if nothing else Job.State.PENDING,
            finished_at=now if nothing else None,
        )
        if nothing:
            return job
        JobItem.objects.bulk_create(
            [JobItem(job=job, document_id=i) for i in queued], batch_size=_ID_CHUNK
        )
        size = settings.PREANNOTATE_BATCH_SIZE
        transaction.on_commit(lambda: _enqueue(job.pk, batches(queued, size)))
    return job


def rerun_preannotation(
    *, project: Project, everything: bool = False, actor: AbstractBaseUser | None = None
) -> Job | None:
    """Queue the project's documents that still need the engine: new and queued ones
    (their message may be lost), or with `everything` every document not in review
    (after an engine upgrade). None when there is nothing to do."""
    documents = Document.objects.filter(project=project)
    if everything:
        documents = documents.exclude(status__in=_IN_REVIEW)
    else:
        documents = documents.filter(status__in=_PREANNOTATABLE)
    ids = list(documents.order_by("pk").values_list("pk", flat=True))
    if not ids:
        return None
    return start_preannotation(project=project, document_ids=ids, actor=actor)


@dataclass
class SweepOutcome:
    resent: int = 0
    given_up: int = 0
    settled: int = 0  # pending items whose document had left the queue some other way
    new_jobs: list[int] = field(default_factory=list)


def sweep_queued_documents(*, age: float | None = None) -> SweepOutcome:
    """Re-send documents whose task message was lost (broker down, worker killed).

    A document is lost when it has been queued longer than `age` seconds
    (PREANNOTATE_SWEEP_AGE) and no job it belongs to has shown progress for as long:
    the documents of a job that is advancing are waiting in a busy queue. It goes out
    again under its pending job, or under a new job if it has none; a document sent
    again before goes in a task of its own. Re-sends made while every job is idle are
    counted, and after MAX_RESENDS of them the document fails instead. Pending items
    whose document left the queue without settling them (deleted, taken into review)
    are settled, so no job waits forever.
    """
    age = settings.PREANNOTATE_SWEEP_AGE if age is None else age
    now = timezone.now()
    cutoff = now - timedelta(seconds=age)
    outcome = SweepOutcome()
    with transaction.atomic():
        outcome.settled = _settle_orphans()
        live = JobItem.objects.filter(
            state=JobItem.State.PENDING, job__progressed_at__gte=cutoff
        ).values("document_id")
        lost = list(
            # SKIP LOCKED: a locked document is being pre-annotated right now, not lost.
            Document.objects.select_for_update(skip_locked=True)
            .filter(status=Document.Status.QUEUED)
            .filter(Q(queued_at__lt=cutoff) | Q(queued_at__isnull=True))
            .exclude(pk__in=live)
            .order_by("pk")
            .values_list("pk", "project_id")[:SWEEP_LIMIT]
        )
        if not lost:
            return outcome
        latest: dict[int, tuple[int, int, int]] = {}  # document -> (job, item, resent)
        for chunk in _chunks([pk for pk, _ in lost], _ID_CHUNK):
            for item_id, job_id, document_id, resent in JobItem.objects.filter(
                document_id__in=chunk, state=JobItem.State.PENDING
            ).values_list("pk", "job_id", "document_id", "resent"):
                if document_id not in latest or job_id > latest[document_id][0]:
                    latest[document_id] = (job_id, item_id, resent)

        # Giving up needs stronger evidence than re-sending: no job anywhere has moved
        # for the sweep age. While another job advances, these may only be waiting
        # behind it, so a re-send then is not counted.
        idle = not Job.objects.filter(kind=Job.Kind.PREANNOTATE, progressed_at__gte=cutoff).exists()
        given_up = [d for d, (_, _, n) in latest.items() if idle and n >= MAX_RESENDS]
        if given_up:
            _give_up(given_up, now)
            outcome.given_up = len(given_up)
        resend: dict[int, list[int]] = defaultdict(list)
        orphans: dict[int, list[int]] = defaultdict(list)
        for document_id, project_id in lost:
            if document_id not in latest:
                orphans[project_id].append(document_id)
            elif document_id not in given_up:
                resend[latest[document_id][0]].append(document_id)

        document_ids = [d for ids in resend.values() for d in ids]
        if idle:
            counted = [latest[d][1] for d in document_ids]
            for chunk in _chunks(counted, _ID_CHUNK):
                JobItem.objects.filter(pk__in=chunk).update(resent=F("resent") + 1)
        for chunk in _chunks(document_ids, _ID_CHUNK):
            Document.objects.filter(pk__in=chunk).update(queued_at=now)
        size = settings.PREANNOTATE_BATCH_SIZE
        for job_id, ids in sorted(resend.items()):
            log.warning("re-sending %s queued document(s) of job %s", len(ids), job_id)
            # A document sent before goes alone: if it is what kills the worker, the
            # rest of its first batch must not die with it again.
            first = [d for d in ids if latest[d][2] == 0]
            again = [[d] for d in ids if latest[d][2] > 0]
            out = batches(first, size) + again
            transaction.on_commit(lambda j=job_id, b=out: _enqueue(j, b))
        outcome.resent = len(document_ids)

        projects = Project.objects.in_bulk(list(orphans))
        for project_id, ids in sorted(orphans.items()):
            job = start_preannotation(project=projects[project_id], document_ids=ids)
            log.warning("re-sending %s queued document(s) under new job %s", len(ids), job.pk)
            outcome.new_jobs.append(job.pk)
            outcome.resent += len(ids)
    return outcome


def _give_up(document_ids: list[int], now: datetime) -> None:
    with_spans = set(
        Span.objects.filter(document_id__in=document_ids).values_list("document_id", flat=True)
    )
    for had_spans, status in ((False, Document.Status.NEW), (True, Document.Status.PREANNOTATED)):
        ids = [d for d in document_ids if (d in with_spans) == had_spans]
        Document.objects.filter(pk__in=ids, status=Document.Status.QUEUED).update(
            status=status, queued_at=None, updated_at=now
        )
    errors = {
        d: f"document {d}: re-sent {MAX_RESENDS} times and never pre-annotated; given up "
        "(does it crash the worker?)"
        for d in document_ids
    }
    for document_id in document_ids:
        log.error("%s", errors[document_id])
    _settle(dict.fromkeys(document_ids, JobItem.State.FAILED), errors)


def _settle_orphans() -> int:
    """Settle pending items whose document is no longer queued: deleted (failed) or
    moved on some other way (skipped)."""
    orphaned = list(
        JobItem.objects.filter(state=JobItem.State.PENDING)
        .exclude(
            document_id__in=Document.objects.filter(status=Document.Status.QUEUED).values("pk")
        )
        .values_list("document_id", flat=True)
        .distinct()[:SWEEP_LIMIT]
    )
    if not orphaned:
        return 0
    present = set(Document.objects.filter(pk__in=orphaned).values_list("pk", flat=True))
    states = {d: JobItem.State.SKIPPED if d in present else JobItem.State.FAILED for d in orphaned}
    errors = {d: _deleted(d) for d in orphaned if d not in present}
    _settle(states, errors)
    return len(orphaned)


def job_started(job_id: int) -> None:
    now = timezone.now()
    Job.objects.filter(pk=job_id, state=Job.State.PENDING).update(
        state=Job.State.RUNNING, started_at=now, progressed_at=now
    )


def job_note_error(job_id: int, message: str) -> None:
    with transaction.atomic():
        job = Job.objects.select_for_update().filter(pk=job_id).first()
        if job is not None:
            job.errors = [*job.errors, message][-MAX_JOB_ERRORS:]
            job.save(update_fields=["errors"])
