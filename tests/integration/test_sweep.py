"""Lost task messages, for real: a worker killed mid-batch, a broker down at enqueue
time. The sweep, run by Celery beat inside a worker, sends the documents again and
the job finishes with every document counted once."""

from __future__ import annotations

import time

import pytest
from django.db import connection, connections
from django.utils import timezone
from kombu.exceptions import OperationalError as BrokerOperationalError

from annotations.claims import default_engine
from annotations.models import Document, Job, JobItem, Span
from annotations.services import DocumentInput, import_documents
from annotations.services.preannotation import start_preannotation
from annotations.tasks import preannotate_documents
from tests.factories import ProjectFactory
from tests.integration.waiting import wait_for

pytestmark = pytest.mark.integration

# The sweep every second, for documents queued (and jobs idle) for two seconds.
QUICK_SWEEP = {"PREANNOTATE_SWEEP_EVERY": "1", "PREANNOTATE_SWEEP_AGE": "2"}

SENTENCES = [
    "Ukraine's military intelligence said nearly 12,000 North Korean soldiers were sent to "
    "Russia in October.",
    "About 8,000 North Korean troops are now in the Kursk region, according to US officials.",
    "South Korea's spy agency confirmed that at least 3,000 soldiers moved into eastern Russia.",
]


def import_articles(project, count: int) -> list[int]:
    items = [
        DocumentInput(name=f"a{i}.txt", text=f"Report {i}. " + " ".join(SENTENCES))
        for i in range(count)
    ]
    result = import_documents(project=project, items=items, preannotate=False)
    return [d.pk for d in result.created]


def lock_waiters() -> int:
    """Backends of this database waiting for a row lock."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity "
            "WHERE datname = current_database() AND wait_event_type = 'Lock'"
        )
        return cursor.fetchone()[0]


def other_backends() -> int:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )
        return cursor.fetchone()[0]


def wait_until(predicate, what: str, timeout: float = 20) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            pytest.fail(f"timed out waiting for {what}")
        time.sleep(0.1)


def assert_finished_once(job: Job, ids: list[int]) -> None:
    job.refresh_from_db()
    assert (job.state, job.done, job.failed, job.total) == (Job.State.DONE, len(ids), 0, len(ids))
    assert set(job.items.values_list("state", flat=True)) == {JobItem.State.DONE}
    documents = Document.objects.filter(pk__in=ids)
    assert set(documents.values_list("status", flat=True)) == {Document.Status.PREANNOTATED}
    engine = default_engine()
    for document in documents:
        expected = {(p.start, p.end, p.kind) for p in engine.propose(document.text)}
        stored = list(Span.objects.filter(document=document).values_list("start", "end", "kind"))
        assert sorted(stored) == sorted(expected)  # every proposal, none twice


def test_a_worker_killed_mid_batch_is_recovered_by_the_sweep(start_worker, settings):
    settings.PREANNOTATE_BATCH_SIZE = 5
    project = ProjectFactory()
    ids = import_articles(project, 20)
    job = start_preannotation(project=project, document_ids=ids)  # four batches sent
    # Running already, so the worker goes straight to writing its first batch.
    now = timezone.now()
    Job.objects.filter(pk=job.pk).update(state=Job.State.RUNNING, started_at=now)

    # Hold the job's row: the worker writes its batch's spans, then waits to count them.
    holder = connections.create_connection("default")
    try:
        with holder.cursor() as cursor:
            cursor.execute("BEGIN")
            cursor.execute("SELECT id FROM annotations_job WHERE id = %s FOR UPDATE", [job.pk])
            doomed = start_worker(concurrency=1)  # takes one message at a time (acks_late)
            wait_until(lambda: lock_waiters() == 1, "the worker to wait on the job row")
            doomed.kill()
            cursor.execute("ROLLBACK")
    finally:
        holder.close()
    # The killed worker's transaction is rolled back once its server process notices.
    wait_until(lambda: other_backends() == 0, "the killed worker's connection to end")
    assert not Span.objects.filter(document_id__in=ids).exists()
    assert Document.objects.filter(pk__in=ids, status=Document.Status.QUEUED).count() == 20
    job.refresh_from_db()
    assert (job.done, job.failed) == (0, 0)
    # Its message stays unacknowledged in Redis until the visibility timeout (an hour);
    # the other three batches are still in the queue. A new worker with beat takes the
    # three, and once the job is idle the sweep sends the lost five again.
    rescuer = start_worker(beat=True, env=QUICK_SWEEP)

    def finished() -> bool:
        job.refresh_from_db()
        return job.is_finished

    wait_for(finished, what="the job to finish", log_path=rescuer.log_path, timeout=40)
    assert_finished_once(job, ids)
    assert "re-sending 5 queued document(s) of job" in rescuer.log()


def test_documents_queued_while_the_broker_was_down_are_sent_by_the_sweep(
    start_worker, monkeypatch
):
    project = ProjectFactory()
    ids = import_articles(project, 6)

    def broker_down(*args, **kwargs):
        raise BrokerOperationalError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

    with monkeypatch.context() as patch:
        patch.setattr(preannotate_documents, "apply_async", broker_down)
        job = start_preannotation(project=project, document_ids=ids)
    job.refresh_from_db()
    assert job.state == Job.State.PENDING
    assert "could not reach the task broker" in job.errors[0]

    worker = start_worker(beat=True, env=QUICK_SWEEP)

    def finished() -> bool:
        job.refresh_from_db()
        return job.is_finished

    wait_for(finished, what="the job to finish", log_path=worker.log_path, timeout=40)
    assert_finished_once(job, ids)
    assert "sweep_preannotation" in worker.log()
