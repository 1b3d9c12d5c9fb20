"""The tasks: ids in, idempotent, a missing row is logged and dropped, a lost message
is sent again by the sweep."""

from __future__ import annotations

import logging
from datetime import timedelta

import pytest
from django.utils import timezone
from kombu.exceptions import OperationalError as BrokerOperationalError

from annotations import tasks
from annotations.claims import Proposal
from annotations.models import Document, Job, Span
from annotations.services import preannotation as service
from annotations.services import span_accept, span_reject, span_update, start_preannotation
from annotations.tasks import preannotate_documents, sweep_preannotation
from tests.factories import DocumentFactory
from tests.helpers import FakeEngine, install_engine, span_state

pytestmark = pytest.mark.django_db

PROPOSALS = [
    Proposal(start=0, end=10, kind="statistic", score=0.9),
    Proposal(start=20, end=30, kind="quote", score=0.8),
]


@pytest.fixture(autouse=True)
def engine(monkeypatch) -> FakeEngine:
    return install_engine(monkeypatch, PROPOSALS)


@pytest.fixture
def documents(project):
    return DocumentFactory.create_batch(3, project=project)


def queue(project, documents, django_capture_on_commit_callbacks) -> Job:
    """Queue the documents under a job, without sending its tasks."""
    with django_capture_on_commit_callbacks(execute=False):
        return start_preannotation(project=project, document_ids=[d.pk for d in documents])


def all_spans(documents) -> dict[int, dict]:
    return {s.pk: span_state(s) for s in Span.objects.filter(document__in=documents)}


def test_writes_spans_and_reports_counts(project, documents, django_capture_on_commit_callbacks):
    job = queue(project, documents, django_capture_on_commit_callbacks)
    result = preannotate_documents.apply(args=(job.pk, [d.pk for d in documents])).get()
    assert result["done"] == 3
    assert result["spans_created"] == 6
    job.refresh_from_db()
    assert (job.state, job.done, job.failed, job.errors) == (Job.State.DONE, 3, 0, [])
    assert job.started_at <= job.finished_at
    assert set(Document.objects.values_list("status", flat=True)) == {"preannotated"}


def test_the_engine_is_built_once_per_process(monkeypatch, project, documents):
    built = []

    def build() -> FakeEngine:
        built.append(1)
        return FakeEngine(proposals=list(PROPOSALS))

    monkeypatch.setattr(service, "default_engine", build)
    for document in documents:
        Document.objects.filter(pk=document.pk).update(status="queued")
        preannotate_documents(0, [document.pk])
    assert len(built) == 1


def test_a_redelivered_task_changes_nothing_and_counts_nothing(
    project, documents, django_capture_on_commit_callbacks
):
    job = queue(project, documents, django_capture_on_commit_callbacks)
    ids = [d.pk for d in documents]
    preannotate_documents(job.pk, ids)
    first = all_spans(documents)
    result = preannotate_documents(job.pk, ids)  # acks_late: the worker died before the ack
    assert (result["done"], result["skipped"], result["spans_created"]) == (0, 3, 0)
    assert all_spans(documents) == first
    job.refresh_from_db()
    assert (job.state, job.done, job.failed) == (Job.State.DONE, 3, 0)


def test_batches_of_one_job_add_up(project, documents, django_capture_on_commit_callbacks):
    job = queue(project, documents, django_capture_on_commit_callbacks)
    preannotate_documents(job.pk, [documents[0].pk, documents[1].pk])
    job.refresh_from_db()
    assert (job.state, job.done) == (Job.State.RUNNING, 2)
    preannotate_documents(job.pk, [documents[2].pk])
    job.refresh_from_db()
    assert (job.state, job.done) == (Job.State.DONE, 3)


def test_rerun_with_a_new_engine_leaves_reviewed_spans_alone(
    project, document, member, monkeypatch, django_capture_on_commit_callbacks
):
    preannotate_documents(
        queue(project, [document], django_capture_on_commit_callbacks).pk, [document.pk]
    )
    first, second = document.spans.order_by("start")
    span_accept(span=first, expected_version=1, user=member)
    span_reject(span=second, expected_version=1, user=member)
    span_update(span=second, expected_version=2, user=member, start=second.start + 6)
    before = all_spans([document])
    monkeypatch.setattr(service, "default_engine", lambda: FakeEngine(PROPOSALS, version="2"))
    job = queue(project, [document], django_capture_on_commit_callbacks)
    assert preannotate_documents(job.pk, [document.pk])["done"] == 1
    assert all_spans([document]) == before


def test_deleted_document_is_logged_dropped_and_counted(
    project, documents, caplog, django_capture_on_commit_callbacks
):
    job = queue(project, documents, django_capture_on_commit_callbacks)
    ids = [d.pk for d in documents]
    gone_id = ids[1]
    documents[1].delete()
    with caplog.at_level(logging.INFO, logger="annotations"):
        result = preannotate_documents(job.pk, ids)
    assert (result["done"], result["failed"], result["spans_created"]) == (2, 1, 4)
    assert f"document {gone_id} was deleted" in caplog.text
    job.refresh_from_db()
    assert (job.state, job.done, job.failed) == (Job.State.DONE, 2, 1)
    assert job.errors == [f"document {gone_id} was deleted before pre-annotation"]


def test_job_fails_when_every_document_is_gone(
    project, document, django_capture_on_commit_callbacks
):
    job = queue(project, [document], django_capture_on_commit_callbacks)
    document_id = document.pk
    document.delete()
    preannotate_documents(job.pk, [document_id])
    job.refresh_from_db()
    assert (job.state, job.done, job.failed) == (Job.State.FAILED, 0, 1)


def test_engine_error_fails_one_document_and_spares_the_rest(
    project, documents, monkeypatch, django_capture_on_commit_callbacks
):
    class Brittle(FakeEngine):
        def propose(self, text: str) -> list[Proposal]:
            if text == documents[0].text:
                raise ValueError("tokenizer choked")
            return super().propose(text)

    monkeypatch.setattr(service, "default_engine", lambda: Brittle(proposals=PROPOSALS))
    job = queue(project, documents, django_capture_on_commit_callbacks)
    result = preannotate_documents(job.pk, [d.pk for d in documents])
    assert (result["done"], result["failed"], result["spans_created"]) == (2, 1, 4)
    job.refresh_from_db()
    assert job.errors == [f"document {documents[0].pk}: ValueError: tokenizer choked"]
    assert (job.state, job.done, job.failed) == (Job.State.DONE, 2, 1)


def test_broker_down_leaves_documents_queued_and_says_so_in_the_job(
    project, documents, monkeypatch, django_capture_on_commit_callbacks, caplog
):
    def down(*args, **kwargs):
        raise BrokerOperationalError("Error 111 connecting to 127.0.0.1:6379")

    monkeypatch.setattr(preannotate_documents, "apply_async", down)
    with django_capture_on_commit_callbacks(execute=True):
        job = start_preannotation(project=project, document_ids=[d.pk for d in documents])
    job.refresh_from_db()
    assert job.state == Job.State.PENDING
    assert "could not reach the task broker" in job.errors[0]
    assert set(Document.objects.values_list("status", flat=True)) == {"queued"}
    assert "could not enqueue pre-annotation job" in caplog.text


def test_the_sweep_task_sends_lost_documents_again_and_they_get_done(
    project, documents, django_capture_on_commit_callbacks
):
    job = queue(project, documents, django_capture_on_commit_callbacks)  # messages lost
    Document.objects.update(queued_at=timezone.now() - timedelta(hours=1))
    with django_capture_on_commit_callbacks(execute=True):
        result = sweep_preannotation.apply().get()
    assert result == {"resent": 3, "given_up": 0, "settled": 0, "new_jobs": 0}
    job.refresh_from_db()
    assert (job.state, job.done) == (Job.State.DONE, 3)


def test_tasks_module_sends_to_the_configured_queue(project, documents, monkeypatch, settings):
    sent = []
    monkeypatch.setattr(
        preannotate_documents, "apply_async", lambda args, queue: sent.append((args, queue))
    )
    settings.CELERY_TASK_DEFAULT_QUEUE = "elsewhere"
    tasks.enqueue_preannotation(7, [[1, 2], [3]])
    assert sent == [((7, [1, 2]), "elsewhere"), ((7, [3]), "elsewhere")]


def test_a_database_error_closes_the_connection_before_the_retry(
    project, documents, monkeypatch, django_capture_on_commit_callbacks
):
    from django import db
    from django.db import OperationalError

    job = queue(project, documents, django_capture_on_commit_callbacks)
    closed = []
    monkeypatch.setattr(db.connection, "close", lambda: closed.append(True))

    def lost(*args, **kwargs):
        raise OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr(service, "preannotate_batch", lost)
    with pytest.raises(OperationalError):
        preannotate_documents(job.pk, [d.pk for d in documents])
    assert closed == [True]
