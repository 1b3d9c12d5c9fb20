"""Celery tasks. They take ids only and call services; re-running one is harmless."""

from __future__ import annotations

import logging

from celery import shared_task
from django.conf import settings
from django.db import OperationalError as DatabaseOperationalError
from kombu.exceptions import OperationalError as BrokerOperationalError

from annotations.claims import default_engine
from annotations.models import Document
from annotations.services.preannotation import (
    job_note_error,
    job_progress,
    job_started,
    preannotate_document,
)

log = logging.getLogger(__name__)


@shared_task(
    acks_late=True,  # safe: the task is idempotent, and a killed worker's batch is redone
    autoretry_for=(DatabaseOperationalError,),
    retry_backoff=2,
    retry_backoff_max=60,
    max_retries=5,
)
def preannotate_documents(job_id: int, document_ids: list[int]) -> dict[str, int]:
    """Pre-annotate a batch of documents and add the batch's counts to its job."""
    job_started(job_id)
    engine = default_engine()
    done = failed = created = 0
    errors: list[str] = []
    for document_id in document_ids:
        try:
            outcome = preannotate_document(document_id, engine)
        except Document.DoesNotExist:
            log.info("document %s was deleted before pre-annotation; dropped", document_id)
            failed += 1
            errors.append(f"document {document_id} was deleted before pre-annotation")
            continue
        except DatabaseOperationalError:
            raise  # transient: the whole batch is retried, and counted once, at the end
        except Exception as exc:
            log.exception("pre-annotation of document %s failed", document_id)
            failed += 1
            errors.append(f"document {document_id}: {type(exc).__name__}: {exc}")
            continue
        done += 1
        created += outcome.created
    job_progress(job_id, done=done, failed=failed, errors=errors)
    return {"done": done, "failed": failed, "spans_created": created}


def enqueue_preannotation(job_id: int, id_batches: list[list[int]]) -> None:
    """Send a job's batches to the broker. If it is unreachable the documents stay
    queued, the job says why, and `preannotate` (or the sweep) sends them later."""
    try:
        for batch in id_batches:
            # The queue is read at send time, so a test can point a worker at its own.
            preannotate_documents.apply_async(
                (job_id, batch), queue=settings.CELERY_TASK_DEFAULT_QUEUE
            )
    except BrokerOperationalError as exc:
        log.error("could not enqueue pre-annotation job %s: %s", job_id, exc)
        job_note_error(job_id, f"could not reach the task broker: {exc}; documents stay queued")
