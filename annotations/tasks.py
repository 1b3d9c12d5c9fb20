"""Celery tasks. They take ids only and call services; re-running one is harmless."""

from __future__ import annotations

import logging

from celery import shared_task
from django import db
from django.conf import settings
from django.db import OperationalError as DatabaseOperationalError
from kombu.exceptions import OperationalError as BrokerOperationalError

from annotations.services import matching, preannotation

log = logging.getLogger(__name__)


@shared_task(
    acks_late=True,  # safe: the task is idempotent, and a killed worker's batch is redone
    autoretry_for=(DatabaseOperationalError,),  # a lost connection, a deadlock victim
    retry_backoff=2,
    retry_backoff_max=60,
    max_retries=5,
)
def preannotate_documents(job_id: int, document_ids: list[int]) -> dict[str, int]:
    """Pre-annotate a batch of documents; each is counted in its job once, however
    often the batch runs."""
    try:
        preannotation.job_started(job_id)
        outcome = preannotation.preannotate_batch(
            document_ids, preannotation.current_engine(), job_id=job_id
        )
    except DatabaseOperationalError:
        # The worker keeps its connection between tasks (CELERY_DB_REUSE_MAX); after a
        # lost connection or a restarted server, the retry must start with a new one.
        db.connection.close()
        raise
    return outcome.summary()


@shared_task(ignore_result=True)
def sweep_preannotation() -> dict[str, int]:
    """The periodic sweep (see factcheck/celery.py): re-send documents whose message
    was lost. Not acks_late: a sweep that is lost is simply the next one's work."""
    outcome = preannotation.sweep_queued_documents()
    return {
        "resent": outcome.resent,
        "given_up": outcome.given_up,
        "settled": outcome.settled,
        "new_jobs": len(outcome.new_jobs),
    }


def enqueue_preannotation(job_id: int, id_batches: list[list[int]]) -> None:
    """Send a job's batches to the broker. If it is unreachable the documents stay
    queued, the job says why, and the sweep (or `preannotate`) sends them later."""
    try:
        for batch in id_batches:
            # The queue is read at send time, so a test can point a worker at its own.
            preannotate_documents.apply_async(
                (job_id, batch), queue=settings.CELERY_TASK_DEFAULT_QUEUE
            )
    except BrokerOperationalError as exc:
        log.error("could not enqueue pre-annotation job %s: %s", job_id, exc)
        preannotation.job_note_error(
            job_id, f"could not reach the task broker: {exc}; documents stay queued"
        )


@shared_task(
    acks_late=True,  # idempotent: a pair already linked is never linked twice
    autoretry_for=(DatabaseOperationalError,),
    retry_backoff=2,
    retry_backoff_max=60,
    max_retries=5,
)
def match_documents(document_ids: list[int]) -> dict[str, int]:
    """Match pre-annotated documents' claims against their projects and store the
    suggested evidence links."""
    try:
        return matching.match_documents(document_ids).summary()
    except DatabaseOperationalError:
        db.connection.close()
        raise


def enqueue_matching(document_ids: list[int]) -> None:
    """Send documents to matching. An unreachable broker loses only suggestions;
    `manage.py match_documents` makes them later."""
    try:
        match_documents.apply_async((document_ids,), queue=settings.CELERY_TASK_DEFAULT_QUEUE)
    except BrokerOperationalError as exc:
        log.error("could not enqueue matching of documents %s: %s", document_ids, exc)
