"""The pre-annotation task: ids in, idempotent, a missing row is logged and dropped."""

from __future__ import annotations

import logging

import pytest

from annotations import tasks
from annotations.claims import Proposal
from annotations.models import Document, Job, Span
from annotations.services import span_accept, span_reject, span_update
from annotations.tasks import preannotate_documents
from tests.factories import DocumentFactory
from tests.helpers import FakeEngine, span_state

pytestmark = pytest.mark.django_db


@pytest.fixture
def documents(project):
    return DocumentFactory.create_batch(3, project=project, status=Document.Status.QUEUED)


def make_job(project, total: int) -> Job:
    return Job.objects.create(project=project, kind=Job.Kind.PREANNOTATE, total=total)


def all_spans(documents) -> dict[int, dict]:
    return {s.pk: span_state(s) for s in Span.objects.filter(document__in=documents)}


def test_writes_spans_and_reports_counts(project, documents):
    job = make_job(project, 3)
    result = preannotate_documents.apply(args=(job.pk, [d.pk for d in documents])).get()
    assert result == {"done": 3, "failed": 0, "spans_created": 6}
    job.refresh_from_db()
    assert (job.state, job.done, job.failed, job.errors) == (Job.State.DONE, 3, 0, [])
    for document in documents:
        document.refresh_from_db()
        assert document.status == Document.Status.PREANNOTATED


def test_running_the_task_twice_gives_the_same_spans(project, documents):
    ids = [d.pk for d in documents]
    preannotate_documents.apply(args=(make_job(project, 3).pk, ids))
    first = all_spans(documents)
    result = preannotate_documents.apply(args=(make_job(project, 3).pk, ids)).get()
    assert result["spans_created"] == 0
    assert all_spans(documents) == first
    assert len(first) == 6


def test_calling_the_function_directly_twice_gives_the_same_spans(project, documents):
    ids = [d.pk for d in documents]
    job = make_job(project, 3)
    preannotate_documents(job.pk, ids)
    first = all_spans(documents)
    assert preannotate_documents(job.pk, ids)["spans_created"] == 0
    assert all_spans(documents) == first


def test_rerun_leaves_reviewed_spans_alone(project, document, member):
    job = make_job(project, 1)
    preannotate_documents(job.pk, [document.pk])
    first, second = document.spans.order_by("start")
    span_accept(span=first, expected_version=1, user=member)
    span_reject(span=second, expected_version=1, user=member)
    span_update(span=second, expected_version=2, user=member, start=second.start + 6)
    before = all_spans([document])
    preannotate_documents(job.pk, [document.pk])
    assert all_spans([document]) == before


def test_deleted_document_is_logged_dropped_and_counted(project, documents, caplog):
    ids = [d.pk for d in documents]
    gone_id = ids[1]
    documents[1].delete()
    job = make_job(project, 3)
    with caplog.at_level(logging.INFO, logger="annotations"):
        result = preannotate_documents(job.pk, ids)
    assert result == {"done": 2, "failed": 1, "spans_created": 4}
    assert f"document {gone_id} was deleted" in caplog.text
    job.refresh_from_db()
    assert (job.state, job.done, job.failed) == (Job.State.DONE, 2, 1)
    assert job.errors == [f"document {gone_id} was deleted before pre-annotation"]


def test_job_fails_when_every_document_is_gone(project, document):
    document_id = document.pk
    document.delete()
    job = make_job(project, 1)
    preannotate_documents(job.pk, [document_id])
    job.refresh_from_db()
    assert (job.state, job.done, job.failed) == (Job.State.FAILED, 0, 1)


def test_engine_error_fails_one_document_and_spares_the_rest(
    project, documents, monkeypatch, caplog
):
    class Brittle(FakeEngine):
        def propose(self, text: str) -> list[Proposal]:
            if text == documents[0].text:
                raise ValueError("tokenizer choked")
            return super().propose(text)

    engine = Brittle(proposals=[Proposal(start=0, end=10, kind="statistic", score=0.5)])
    monkeypatch.setattr(tasks, "default_engine", lambda: engine)
    job = make_job(project, 3)
    result = preannotate_documents(job.pk, [d.pk for d in documents])
    assert result == {"done": 2, "failed": 1, "spans_created": 2}
    job.refresh_from_db()
    assert job.errors == [f"document {documents[0].pk}: ValueError: tokenizer choked"]
    assert not documents[0].spans.exists()
    assert "pre-annotation of document" in caplog.text


def test_batches_of_one_job_add_up(project, documents):
    job = make_job(project, 3)
    preannotate_documents(job.pk, [documents[0].pk, documents[1].pk])
    job.refresh_from_db()
    assert (job.state, job.done) == (Job.State.RUNNING, 2)
    preannotate_documents(job.pk, [documents[2].pk])
    job.refresh_from_db()
    assert (job.state, job.done) == (Job.State.DONE, 3)
    assert job.started_at <= job.finished_at


def test_engine_proposing_offsets_past_the_end_fails_only_that_document(
    project, documents, monkeypatch
):
    # The database constraint on span text catches an engine bug the service lets through.
    short = DocumentFactory(project=project, text="Tiny text.")
    engine = FakeEngine(proposals=[Proposal(start=0, end=40, kind="statistic", score=0.5)])
    monkeypatch.setattr(tasks, "default_engine", lambda: engine)
    job = make_job(project, 4)
    result = preannotate_documents(job.pk, [short.pk, *(d.pk for d in documents)])
    assert result == {"done": 3, "failed": 1, "spans_created": 3}
    assert not short.spans.exists()
    short.refresh_from_db()
    assert short.status == Document.Status.NEW
    job.refresh_from_db()
    assert job.errors[0].startswith(f"document {short.pk}: IntegrityError")
