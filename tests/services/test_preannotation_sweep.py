"""The sweep: documents whose task message was lost are sent again, once they have
been queued for PREANNOTATE_SWEEP_AGE and their job shows no progress."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from annotations.models import Document, Job, JobItem
from annotations.services import preannotation as service
from annotations.services import start_preannotation
from annotations.services.preannotation import MAX_RESENDS, sweep_queued_documents
from tests.factories import DocumentFactory, SpanFactory
from tests.helpers import locked_elsewhere

pytestmark = pytest.mark.django_db


@pytest.fixture
def sent(monkeypatch) -> list[tuple[int, list[list[int]]]]:
    """What the sweep hands the broker: (job id, batches)."""
    calls: list[tuple[int, list[list[int]]]] = []
    monkeypatch.setattr(service, "_enqueue", lambda job_id, b: calls.append((job_id, b)))
    return calls


def lost_job(project, documents, *, minutes_ago: float = 10) -> Job:
    """A job whose messages never reached a worker, queued `minutes_ago`."""
    job = start_preannotation(project=project, document_ids=[d.pk for d in documents])
    back = timezone.now() - timedelta(minutes=minutes_ago)
    Document.objects.filter(pk__in=[d.pk for d in documents]).update(queued_at=back)
    Job.objects.filter(pk=job.pk).update(created_at=back)
    return job


def sweep(django_capture_on_commit_callbacks, **kwargs):
    with django_capture_on_commit_callbacks(execute=True):
        return sweep_queued_documents(**kwargs)


def queued_at(document) -> timezone.datetime | None:
    return Document.objects.values_list("queued_at", flat=True).get(pk=document.pk)


def test_old_queued_documents_are_sent_again_under_their_job(
    project, sent, django_capture_on_commit_callbacks, settings
):
    settings.PREANNOTATE_BATCH_SIZE = 2
    documents = DocumentFactory.create_batch(3, project=project)
    job = lost_job(project, documents)
    before = timezone.now()
    outcome = sweep(django_capture_on_commit_callbacks)
    assert (outcome.resent, outcome.new_jobs, outcome.given_up) == (3, [], 0)
    ids = [d.pk for d in documents]
    assert sent == [(job.pk, [ids[:2], ids[2:]])]
    # The clock restarts, so the next sweep does not send them again at once.
    assert all(queued_at(d) >= before for d in documents)
    assert set(job.items.values_list("resent", flat=True)) == {1}


def test_fresh_queued_documents_are_left_alone(
    project, sent, django_capture_on_commit_callbacks, settings
):
    settings.PREANNOTATE_SWEEP_AGE = 300
    old = DocumentFactory(project=project)
    fresh = DocumentFactory(project=project)
    lost_job(project, [old], minutes_ago=6)
    lost_job(project, [fresh], minutes_ago=4)
    outcome = sweep(django_capture_on_commit_callbacks)
    assert outcome.resent == 1
    assert [batch for _, batches in sent for batch in batches] == [[old.pk]]


def test_the_age_can_be_given(project, sent, django_capture_on_commit_callbacks):
    document = DocumentFactory(project=project)
    lost_job(project, [document], minutes_ago=1)
    assert sweep(django_capture_on_commit_callbacks).resent == 0
    assert sweep(django_capture_on_commit_callbacks, age=30).resent == 1


def test_documents_of_a_job_making_progress_wait_in_the_queue(
    project, sent, django_capture_on_commit_callbacks
):
    waiting, done = DocumentFactory.create_batch(2, project=project)
    job = lost_job(project, [waiting, done])
    service.preannotate_document(done.pk)  # a worker is getting through the queue
    job.refresh_from_db()
    assert job.progressed_at is not None
    assert sweep(django_capture_on_commit_callbacks).resent == 0
    # Once the job has stalled for the sweep age, what is left was lost.
    Job.objects.filter(pk=job.pk).update(progressed_at=timezone.now() - timedelta(minutes=6))
    assert sweep(django_capture_on_commit_callbacks).resent == 1
    assert sent == [(job.pk, [[waiting.pk]])]


def test_a_document_that_never_gets_done_is_given_up(
    project, sent, django_capture_on_commit_callbacks
):
    document, other = DocumentFactory.create_batch(2, project=project)
    SpanFactory(document=other)  # an earlier run left it spans
    job = lost_job(project, [document, other])
    for _ in range(MAX_RESENDS):
        assert sweep(django_capture_on_commit_callbacks).resent == 2
        Document.objects.update(queued_at=timezone.now() - timedelta(hours=1))
    outcome = sweep(django_capture_on_commit_callbacks)
    assert (outcome.resent, outcome.given_up) == (0, 2)
    job.refresh_from_db()
    assert (job.state, job.done, job.failed) == (Job.State.FAILED, 0, 2)
    assert f"re-sent {MAX_RESENDS} times and never pre-annotated" in job.errors[0]
    statuses = dict(Document.objects.values_list("pk", "status"))
    assert statuses == {document.pk: "new", other.pk: "preannotated"}
    # Nothing left to sweep.
    assert sweep(django_capture_on_commit_callbacks).resent == 0


def test_a_document_sent_again_before_goes_in_a_task_of_its_own(
    project, sent, django_capture_on_commit_callbacks, settings
):
    settings.PREANNOTATE_BATCH_SIZE = 25
    documents = DocumentFactory.create_batch(3, project=project)
    job = lost_job(project, documents)
    ids = [d.pk for d in documents]
    sweep(django_capture_on_commit_callbacks)
    Document.objects.update(queued_at=timezone.now() - timedelta(hours=1))
    sweep(django_capture_on_commit_callbacks)
    # One of them kills the worker, say: the others must not die with it every time.
    assert sent == [(job.pk, [ids]), (job.pk, [[ids[0]], [ids[1]], [ids[2]]])]


def test_re_sends_while_another_job_advances_are_not_counted(
    project, sent, django_capture_on_commit_callbacks
):
    waiting = DocumentFactory(project=project)
    job = lost_job(project, [waiting])
    busy = start_preannotation(project=project, document_ids=[DocumentFactory(project=project).pk])
    Job.objects.filter(pk=busy.pk).update(progressed_at=timezone.now())
    for _ in range(MAX_RESENDS + 2):
        # Queued behind the busy job, perhaps: sent again, but never given up on.
        assert sweep(django_capture_on_commit_callbacks).resent == 1
        Document.objects.filter(pk=waiting.pk).update(queued_at=timezone.now() - timedelta(hours=1))
    assert job.items.get().resent == 0
    job.refresh_from_db()
    assert job.state == Job.State.PENDING


def test_queued_documents_without_a_job_get_a_new_one(
    project, sent, django_capture_on_commit_callbacks
):
    # Queued before job items existed (the migration dates them by their last change).
    document = DocumentFactory(project=project, status=Document.Status.QUEUED)
    Document.objects.filter(pk=document.pk).update(queued_at=None)
    outcome = sweep(django_capture_on_commit_callbacks)
    assert outcome.resent == 1
    (job_id,) = outcome.new_jobs
    job = Job.objects.get(pk=job_id)
    assert (job.project, job.total, job.created_by) == (project, 1, None)
    assert sent == [(job_id, [[document.pk]])]


def test_job_items_left_behind_are_settled(project, sent, django_capture_on_commit_callbacks):
    deleted, reviewed, waiting = DocumentFactory.create_batch(3, project=project)
    job = start_preannotation(project=project, document_ids=[deleted.pk, reviewed.pk, waiting.pk])
    deleted_id = deleted.pk
    deleted.delete()
    Document.objects.filter(pk=reviewed.pk).update(status=Document.Status.IN_REVIEW)
    outcome = sweep(django_capture_on_commit_callbacks)
    assert (outcome.settled, outcome.resent) == (2, 0)
    job.refresh_from_db()
    assert (job.state, job.done, job.failed) == (Job.State.RUNNING, 1, 1)
    assert job.errors == [f"document {deleted_id} was deleted before pre-annotation"]
    states = dict(job.items.values_list("document_id", "state"))
    assert states == {
        deleted_id: JobItem.State.FAILED,
        reviewed.pk: JobItem.State.SKIPPED,
        waiting.pk: JobItem.State.PENDING,
    }


def test_the_sweep_and_a_worker_finish_the_job(project, django_capture_on_commit_callbacks):
    documents = DocumentFactory.create_batch(3, project=project)
    job = lost_job(project, documents)
    sweep(django_capture_on_commit_callbacks)  # tasks run in process here
    job.refresh_from_db()
    assert (job.state, job.done, job.failed) == (Job.State.DONE, 3, 0)
    assert set(Document.objects.values_list("status", flat=True)) == {"preannotated"}


@pytest.mark.django_db(transaction=True)
def test_a_document_being_written_is_not_sent_again(project, sent):
    if connection.vendor != "postgresql":
        pytest.skip("row locks need PostgreSQL")
    held, lost = DocumentFactory.create_batch(2, project=project)
    lost_job(project, [held, lost])
    sent.clear()  # autocommit: the job's own (lost) send happened already
    with locked_elsewhere(held.pk):
        outcome = sweep_queued_documents()
    assert outcome.resent == 1
    assert [batch for _, batches in sent for batch in batches] == [[lost.pk]]
