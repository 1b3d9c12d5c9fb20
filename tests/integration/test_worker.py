"""Pre-annotation through Redis and a real Celery worker process."""

from __future__ import annotations

import pytest
from django.db import transaction

from annotations.models import Document, Evidence, Job, Span
from annotations.services import DocumentInput, import_documents
from annotations.services.preannotation import start_preannotation
from tests.factories import ProjectFactory
from tests.integration.waiting import wait_for

pytestmark = pytest.mark.integration

ARTICLES = [
    "Ukraine's military intelligence said nearly 12,000 North Korean soldiers were sent to "
    "Russia in October. The weather was mild.",
    "About 8,000 North Korean troops are now in the Kursk region, according to US officials.",
    "South Korea's spy agency confirmed that at least 3,000 soldiers moved into eastern Russia.",
]


def test_import_enqueues_through_redis_and_worker_preannotates(celery_worker_process):
    _, log_path = celery_worker_process
    project = ProjectFactory()
    items = [DocumentInput(name=f"a{i}.txt", text=t) for i, t in enumerate(ARTICLES)]
    result = import_documents(project=project, items=items)
    job = result.job
    assert job is not None

    def finished() -> bool:
        job.refresh_from_db()
        return job.state == Job.State.DONE

    wait_for(finished, what="the pre-annotation job", log_path=log_path)
    assert job.done == len(ARTICLES)
    assert job.failed == 0
    statuses = set(Document.objects.filter(project=project).values_list("status", flat=True))
    assert statuses == {Document.Status.PREANNOTATED}
    assert Span.objects.filter(document__project=project, origin="model").count() >= 3
    assert "preannotate_documents" in log_path.read_text()


def test_worker_drops_a_document_deleted_while_queued(celery_worker_process):
    _, log_path = celery_worker_process
    project = ProjectFactory()
    result = import_documents(
        project=project,
        items=[DocumentInput(name=f"a{i}.txt", text=t) for i, t in enumerate(ARTICLES)],
        preannotate=False,
    )
    ids = [d.pk for d in result.created]
    gone_id = ids[0]
    with transaction.atomic():  # the tasks are sent on commit, after the deletion
        job = start_preannotation(project=project, document_ids=ids)
        result.created[0].delete()

    def finished() -> bool:
        job.refresh_from_db()
        return job.state == Job.State.DONE

    wait_for(finished, what="the pre-annotation job", log_path=log_path)
    assert (job.total, job.done, job.failed) == (3, 2, 1)
    assert f"document {gone_id} was deleted" in " ".join(job.errors)


def test_worker_matches_the_new_claims_and_stores_suggestions(celery_worker_process):
    _, log_path = celery_worker_process
    project = ProjectFactory()
    texts = [
        "The revelation that 8,000 North Korean troops are stationed in Russia’s Kursk "
        "region is nothing short of astonishing.",
        "Over 12,000 North Korean troops are estimated to be fighting against Ukrainian "
        "forces in Russia’s Kursk region, the UN Security Council learned last week.",
    ]
    import_documents(
        project=project,
        items=[DocumentInput(name=f"m{i}.txt", text=t) for i, t in enumerate(texts)],
    )
    suggestions = Evidence.objects.filter(claim__document__project=project, origin="matcher")
    wait_for(lambda: suggestions.count() == 2, what="the matcher's suggestions", log_path=log_path)
    assert {e.stance for e in suggestions} == {Evidence.Stance.REFUTES}
    assert "match_documents" in log_path.read_text()
