"""Batches: bulk reads and writes, claiming queued documents, per-document failures, and
job counts that a redelivered batch cannot inflate."""

from __future__ import annotations

import pytest
from celery.exceptions import SoftTimeLimitExceeded
from django.db import connection
from django.utils import timezone

from annotations.claims import Proposal
from annotations.models import Document, Job, JobItem, Span
from annotations.services import (
    evidence_link_span,
    span_accept,
    span_update,
    start_preannotation,
    verdict_set,
)
from annotations.services import preannotation as service
from annotations.services.preannotation import preannotate_batch
from tests.factories import DocumentFactory, SpanFactory
from tests.helpers import PROPOSALS, FakeEngine, locked_elsewhere, new_audit_events, span_state

pytestmark = pytest.mark.django_db


@pytest.fixture
def queued(project):
    return DocumentFactory.create_batch(4, project=project, status=Document.Status.QUEUED)


def ids(documents) -> list[int]:
    return [d.pk for d in documents]


def statuses(documents) -> list[str]:
    by_id = dict(Document.objects.filter(pk__in=ids(documents)).values_list("pk", "status"))
    return [by_id.get(d.pk) for d in documents]


def all_spans(documents) -> dict[int, dict]:
    return {s.pk: span_state(s) for s in Span.objects.filter(document__in=ids(documents))}


def start_job(project, documents, django_capture_on_commit_callbacks) -> Job:
    """A job whose documents are queued but whose tasks were never sent."""
    with django_capture_on_commit_callbacks(execute=False):
        return start_preannotation(project=project, document_ids=ids(documents))


class TestStartPreannotation:
    def test_queues_documents_not_in_review_and_counts_only_those(self, project, member):
        new = DocumentFactory(project=project)
        done = DocumentFactory(project=project, status=Document.Status.PREANNOTATED)
        in_review = DocumentFactory(project=project, status=Document.Status.IN_REVIEW)
        reviewed = DocumentFactory(project=project, status=Document.Status.REVIEWED)
        documents = [new, done, in_review, reviewed]
        job = start_preannotation(project=project, document_ids=ids(documents), actor=member)
        assert statuses(documents) == ["queued", "queued", "in_review", "reviewed"]
        assert (job.kind, job.state, job.total, job.done, job.failed) == (
            Job.Kind.PREANNOTATE,
            Job.State.PENDING,
            2,
            0,
            0,
        )
        assert sorted(job.items.values_list("document_id", "state")) == [
            (new.pk, "pending"),
            (done.pk, "pending"),
        ]
        assert job.code_version == service.current_engine().label
        assert job.created_by == member

    def test_records_when_each_document_was_queued(self, project):
        document = DocumentFactory(project=project)
        before = timezone.now()
        start_preannotation(project=project, document_ids=[document.pk])
        document.refresh_from_db()
        assert before <= document.queued_at <= timezone.now()

    def test_ignores_other_projects_documents_and_repeated_ids(self, project):
        mine = DocumentFactory(project=project)
        theirs = DocumentFactory()
        job = start_preannotation(project=project, document_ids=[mine.pk, mine.pk, theirs.pk])
        assert job.total == 1
        assert statuses([mine, theirs]) == ["queued", "new"]

    def test_nothing_to_do_is_a_finished_job(self, project, django_capture_on_commit_callbacks):
        with django_capture_on_commit_callbacks(execute=False) as callbacks:
            job = start_preannotation(project=project, document_ids=[])
        assert (job.state, job.total, job.percent) == (Job.State.DONE, 0, 100)
        assert job.finished_at is not None
        assert callbacks == []

    def test_enqueues_only_on_commit(self, document, django_capture_on_commit_callbacks):
        with django_capture_on_commit_callbacks(execute=False) as callbacks:
            start_preannotation(project=document.project, document_ids=[document.pk])
        assert len(callbacks) == 1
        assert not document.spans.exists()

    def test_runs_every_batch_after_commit(
        self, project, settings, django_capture_on_commit_callbacks
    ):
        settings.PREANNOTATE_BATCH_SIZE = 2
        documents = DocumentFactory.create_batch(5, project=project)
        with django_capture_on_commit_callbacks(execute=True):
            job = start_preannotation(project=project, document_ids=ids(documents))
        job.refresh_from_db()
        assert (job.state, job.done, job.failed) == (Job.State.DONE, 5, 0)
        assert job.started_at is not None
        assert job.finished_at is not None
        assert statuses(documents) == ["preannotated"] * 5
        assert set(job.items.values_list("state", flat=True)) == {"done"}
        for document in documents:
            document.refresh_from_db()
            assert document.queued_at is None
            assert document.spans.exists()


class TestBatchWrites:
    def test_writes_every_documents_proposals(self, queued, engine):
        outcome = preannotate_batch(ids(queued), engine)
        assert outcome.summary() == {
            "done": 4,
            "failed": 0,
            "skipped": 0,
            "busy": 0,
            "deferred": 0,
            "spans_created": 12,
            "spans_removed": 0,
        }
        for document in queued:
            spans = list(document.spans.order_by("start"))
            assert [(s.start, s.end, s.kind, s.engine) for s in spans] == [
                (p.start, p.end, p.kind, "fake/1") for p in PROPOSALS
            ]
            assert all(s.text == document.text[s.start : s.end] for s in spans)
        assert statuses(queued) == ["preannotated"] * 4

    def test_writes_one_audit_event_per_changed_document(self, queued, engine):
        with new_audit_events() as events:
            preannotate_batch(ids(queued), engine)
        assert sorted(int(e.object_id) for e in events) == ids(queued)
        assert {e.action for e in events} == {"document.preannotate"}
        assert all(e.after == {"engine": "fake/1", "created": 3, "removed": 0} for e in events)

    def test_query_count_does_not_grow_with_the_batch(
        self, project, engine, django_assert_num_queries
    ):
        from django.test.utils import CaptureQueriesContext

        small = DocumentFactory.create_batch(2, project=project, status=Document.Status.QUEUED)
        # Twelve: three spans each stay within one INSERT even under SQLite's parameter limit.
        large = DocumentFactory.create_batch(12, project=project, status=Document.Status.QUEUED)
        with CaptureQueriesContext(connection) as few:
            preannotate_batch(ids(small), engine)
        with django_assert_num_queries(len(few)):
            preannotate_batch(ids(large), engine)

    def test_rerun_queries_do_not_grow_with_the_batch_either(
        self, project, engine, django_assert_num_queries
    ):
        from django.test.utils import CaptureQueriesContext

        small = DocumentFactory.create_batch(2, project=project)
        large = DocumentFactory.create_batch(12, project=project)
        v2 = FakeEngine(proposals=list(PROPOSALS), version="2")
        for documents in (small, large):
            preannotate_batch(ids(documents), engine)  # not queued: skipped, nothing written
            Document.objects.filter(pk__in=ids(documents)).update(status="queued")
            preannotate_batch(ids(documents), engine)
            Document.objects.filter(pk__in=ids(documents)).update(status="queued")
        with CaptureQueriesContext(connection) as few:
            preannotate_batch(ids(small), v2)
        with django_assert_num_queries(len(few)):
            preannotate_batch(ids(large), v2)

    def test_no_parallel_query_or_jit_for_the_batch_on_postgresql(self, queued, engine):
        # Tables bulk-loaded and not yet analysed made each batch start two parallel
        # workers and a JIT compile (docs/benchmarks.md).
        from django.test.utils import CaptureQueriesContext

        if connection.vendor != "postgresql":
            pytest.skip("PostgreSQL settings")
        with CaptureQueriesContext(connection) as queries:
            preannotate_batch(ids(queued), engine)
        statements = [q["sql"] for q in queries.captured_queries]
        assert any("SET LOCAL max_parallel_workers_per_gather = 0" in q for q in statements)
        assert any("SET LOCAL jit = off" in q for q in statements)
        assert any(q.startswith("COPY annotations_span") for q in statements)

    def test_text_and_attrs_survive_the_bulk_write_byte_for_byte(self, project):
        # COPY has its own escaping: tabs, newlines, backslashes, quotes, \N, emoji.
        text = 'Tab\there, line\nbreak, C:\\path\\N "q" \\N 👍🏽 and e\u0301 – 3,000 done.'
        document = DocumentFactory(project=project, text=text, status="queued")
        attrs = {"quote": 'a\tb\\N "c"', "n": [1, 2.5, None], "ok": True, "ü": "👍🏽"}
        engine = FakeEngine([Proposal(0, len(text), "statistic", 0.5, attrs=attrs)])
        preannotate_batch([document.pk], engine)
        span = document.spans.get()
        assert span.text == text
        assert span.attrs == attrs

    def test_same_engine_again_gives_the_same_spans(self, queued, engine):
        preannotate_batch(ids(queued), engine)
        first = all_spans(queued)
        Document.objects.filter(pk__in=ids(queued)).update(status=Document.Status.QUEUED)
        with new_audit_events() as events:
            outcome = preannotate_batch(ids(queued), engine)
        assert (len(outcome.done), outcome.spans_created, outcome.spans_removed) == (4, 0, 0)
        assert all_spans(queued) == first
        assert events == []

    def test_new_version_replaces_only_what_no_person_touched_in_any_document(
        self, project, queued, engine, member
    ):
        """Reads are in bulk: each document's human work must stay with that document."""
        preannotate_batch(ids(queued), engine)
        spans = {d.pk: {(s.model_start, s.model_end): s for s in d.spans.all()} for d in queued}
        accepted = span_accept(span=spans[queued[0].pk][(0, 10)], expected_version=1, user=member)
        edited = span_update(
            span=spans[queued[1].pk][(20, 30)], expected_version=1, user=member, end=33
        )
        judged = spans[queued[2].pk][(40, 50)]
        verdict_set(span=judged, expected_version=1, label="refuted", user=member)
        claim = SpanFactory(document__project=project)
        cited = spans[queued[3].pk][(0, 10)]
        evidence_link_span(claim=claim, source_span=cited, stance="supports", user=member)
        kept = {s.pk: span_state(s) for s in (accepted, edited, judged, cited)}

        Document.objects.filter(pk__in=ids(queued)).update(status=Document.Status.QUEUED)
        v2 = FakeEngine(proposals=list(PROPOSALS), version="2")
        outcome = preannotate_batch(ids(queued), v2)

        assert {pk: span_state(Span.objects.get(pk=pk)) for pk in kept} == kept
        # Each document: its one kept span, plus v2 spans at the two other offsets.
        assert (outcome.spans_created, outcome.spans_removed) == (8, 8)
        for document in queued:
            engines = sorted(document.spans.values_list("engine", flat=True))
            assert engines == ["fake/1", "fake/2", "fake/2"]

    def test_spans_of_other_documents_are_not_read_as_this_ones(self, project, engine, member):
        # A person's span at 0-10 in one document blocks that proposal there, not elsewhere.
        first, second = DocumentFactory.create_batch(
            2, project=project, status=Document.Status.QUEUED
        )
        SpanFactory(document=first, start=0, end=10, origin="human", engine="")
        preannotate_batch([first.pk, second.pk], engine)
        assert first.spans.filter(origin="model").count() == 2
        assert second.spans.filter(origin="model").count() == 3


class TestClaiming:
    def test_documents_no_longer_queued_are_skipped(self, project, queued, engine, member):
        preannotated = DocumentFactory(project=project, status=Document.Status.PREANNOTATED)
        in_review = DocumentFactory(project=project, status=Document.Status.IN_REVIEW)
        new = DocumentFactory(project=project)
        outcome = preannotate_batch([*ids(queued), preannotated.pk, in_review.pk, new.pk], engine)
        assert outcome.skipped == [preannotated.pk, in_review.pk, new.pk]
        assert outcome.done == ids(queued)
        for document in (preannotated, in_review, new):
            assert not document.spans.exists()
        assert statuses([preannotated, in_review, new]) == ["preannotated", "in_review", "new"]

    def test_a_second_delivery_of_the_batch_writes_nothing(self, queued, engine):
        preannotate_batch(ids(queued), engine)
        first = all_spans(queued)
        with new_audit_events() as events:
            outcome = preannotate_batch(ids(queued), engine)
        assert outcome.skipped == ids(queued)
        assert all_spans(queued) == first
        assert events == []

    def test_deleted_document_fails_with_a_message(self, queued, engine, caplog):
        all_ids = ids(queued)
        gone = all_ids[1]
        queued[1].delete()
        with caplog.at_level("INFO", logger="annotations"):
            outcome = preannotate_batch([i for i in all_ids if i != gone] + [gone], engine)
        assert outcome.failed == [gone]
        assert outcome.errors == [f"document {gone} was deleted before pre-annotation"]
        assert len(outcome.done) == 3
        assert f"document {gone} was deleted" in caplog.text


class TestFailuresStayWithTheirDocument:
    def test_engine_error_fails_one_document_and_spares_the_rest(self, queued, caplog):
        class Brittle(FakeEngine):
            def propose(self, text: str) -> list[Proposal]:
                if text == queued[1].text:
                    raise ValueError("tokenizer choked")
                return super().propose(text)

        outcome = preannotate_batch(ids(queued), Brittle(proposals=list(PROPOSALS)))
        assert outcome.failed == [queued[1].pk]
        assert outcome.errors == [f"document {queued[1].pk}: ValueError: tokenizer choked"]
        assert not queued[1].spans.exists()
        assert statuses(queued) == ["preannotated", "new", "preannotated", "preannotated"]
        assert f"pre-annotation failed: document {queued[1].pk}: ValueError" in caplog.text
        assert "Traceback" in caplog.text

    def test_bad_proposal_fails_only_its_document(self, project, queued):
        short = DocumentFactory(project=project, text="Tiny text.", status="queued")
        outcome = preannotate_batch([short.pk, *ids(queued)], FakeEngine(proposals=PROPOSALS))
        assert outcome.failed == [short.pk]
        assert "outside the text (10 characters)" in outcome.errors[0]
        assert not short.spans.exists()
        assert len(outcome.done) == 4

    def test_a_write_the_database_refuses_fails_only_its_document(self, queued):
        class NotJson:
            pass

        class Leaky(FakeEngine):
            def propose(self, text: str) -> list[Proposal]:
                if text == queued[2].text:
                    return [Proposal(start=0, end=5, kind="event", score=1, attrs={"x": NotJson()})]
                return super().propose(text)

        outcome = preannotate_batch(ids(queued), Leaky(proposals=list(PROPOSALS)))
        assert outcome.failed == [queued[2].pk]
        assert outcome.errors[0].startswith(f"document {queued[2].pk}: TypeError")
        assert outcome.spans_created == 9
        assert [d.spans.count() for d in queued] == [3, 3, 0, 3]

    def test_numpy_style_scalars_in_attrs_are_stored_as_plain_numbers(self, queued):
        class Scalar:  # what numpy's float32 and int64 look like to json
            def item(self) -> float:
                return 0.25

        engine = FakeEngine([Proposal(0, 5, "event", 1, attrs={"p": Scalar()})])
        outcome = preannotate_batch(ids(queued[:1]), engine)
        assert outcome.failed == []
        assert queued[0].spans.get().attrs == {"p": 0.25}

    def test_a_row_the_database_refuses_fails_only_its_document(self, queued):
        # PostgreSQL's jsonb refuses \u0000, which Python's json writes happily: the
        # bulk write fails, and the documents are written one by one to find it.
        if connection.vendor != "postgresql":
            pytest.skip("a refusal particular to PostgreSQL")

        class Nul(FakeEngine):
            def propose(self, text: str) -> list[Proposal]:
                if text == queued[1].text:
                    return [Proposal(0, 5, "event", 1, attrs={"quote": "a\x00b"})]
                return super().propose(text)

        outcome = preannotate_batch(ids(queued), Nul(proposals=list(PROPOSALS)))
        assert outcome.failed == [queued[1].pk]
        assert outcome.errors[0].startswith(f"document {queued[1].pk}: DataError: unsupported")
        assert [d.spans.count() for d in queued] == [3, 0, 3, 3]
        assert statuses(queued) == ["preannotated", "new", "preannotated", "preannotated"]

    def test_a_failed_rerun_leaves_the_earlier_spans_and_status(self, queued, engine):
        preannotate_batch(ids(queued), engine)
        Document.objects.filter(pk=queued[0].pk).update(status=Document.Status.QUEUED)

        class Broken(FakeEngine):
            def propose(self, text: str) -> list[Proposal]:
                raise RuntimeError("model file missing")

        outcome = preannotate_batch([queued[0].pk], Broken(version="2"))
        assert outcome.failed == [queued[0].pk]
        assert statuses(queued[:1]) == ["preannotated"]
        assert queued[0].spans.count() == 3

    def test_time_limit_fails_the_slow_document_and_sends_the_rest_again(
        self, project, queued, django_capture_on_commit_callbacks, monkeypatch
    ):
        class Slow(FakeEngine):
            def propose(self, text: str) -> list[Proposal]:
                if text == queued[1].text:
                    raise SoftTimeLimitExceeded()
                return super().propose(text)

        job = start_job(project, queued, django_capture_on_commit_callbacks)
        sent: list[tuple[int, list[list[int]]]] = []
        monkeypatch.setattr(service, "_enqueue", lambda j, b: sent.append((j, b)))
        with django_capture_on_commit_callbacks(execute=True):
            outcome = preannotate_batch(ids(queued), Slow(proposals=PROPOSALS), job_id=job.pk)
        assert (outcome.done, outcome.failed) == ([queued[0].pk], [queued[1].pk])
        assert outcome.deferred == ids(queued[2:])
        assert "took longer than the task's time limit" in outcome.errors[0]
        assert statuses(queued) == ["preannotated", "new", "queued", "queued"]
        assert sent == [(job.pk, [ids(queued[2:])])]
        job.refresh_from_db()
        assert (job.done, job.failed, job.state) == (1, 1, Job.State.RUNNING)


class TestJobCounts:
    def test_a_redelivered_batch_is_counted_once(
        self, project, queued, engine, django_capture_on_commit_callbacks
    ):
        job = start_job(project, queued, django_capture_on_commit_callbacks)
        preannotate_batch(ids(queued[:2]), engine, job_id=job.pk)
        preannotate_batch(ids(queued[:2]), engine, job_id=job.pk)  # acks_late redelivery
        job.refresh_from_db()
        assert (job.state, job.done, job.failed) == (Job.State.RUNNING, 2, 0)
        preannotate_batch(ids(queued[2:]), engine, job_id=job.pk)
        preannotate_batch(ids(queued), engine, job_id=job.pk)
        job.refresh_from_db()
        assert (job.state, job.done, job.failed) == (Job.State.DONE, 4, 0)
        assert job.progressed_at is not None
        assert job.finished_at is not None

    def test_deleted_and_failed_documents_count_as_failed_with_their_errors(
        self, project, queued, django_capture_on_commit_callbacks
    ):
        job = start_job(project, queued, django_capture_on_commit_callbacks)
        all_ids = ids(queued)
        gone = all_ids[0]
        queued[0].delete()

        class Brittle(FakeEngine):
            def propose(self, text: str) -> list[Proposal]:
                if text == queued[1].text:
                    raise ValueError("bad")
                return super().propose(text)

        preannotate_batch(all_ids, Brittle(proposals=PROPOSALS), job_id=job.pk)
        job.refresh_from_db()
        assert (job.state, job.done, job.failed) == (Job.State.DONE, 2, 2)
        assert job.errors == [
            f"document {gone} was deleted before pre-annotation",
            f"document {queued[1].pk}: ValueError: bad",
        ]

    def test_job_fails_when_nothing_succeeded(
        self, project, queued, django_capture_on_commit_callbacks
    ):
        job = start_job(project, queued[:1], django_capture_on_commit_callbacks)
        gone = queued[0].pk
        queued[0].delete()
        preannotate_batch([gone], FakeEngine(), job_id=job.pk)
        job.refresh_from_db()
        assert (job.state, job.done, job.failed) == (Job.State.FAILED, 0, 1)

    def test_a_document_done_by_a_later_job_completes_the_earlier_one_too(
        self, project, queued, engine, django_capture_on_commit_callbacks
    ):
        # The first job's messages were lost; `preannotate` queued them again.
        first = start_job(project, queued, django_capture_on_commit_callbacks)
        second = start_job(project, queued, django_capture_on_commit_callbacks)
        preannotate_batch(ids(queued), engine, job_id=second.pk)
        for job in (first, second):
            job.refresh_from_db()
            assert (job.state, job.done, job.failed) == (Job.State.DONE, 4, 0)

    def test_skipped_documents_count_as_done(
        self, project, queued, engine, django_capture_on_commit_callbacks
    ):
        job = start_job(project, queued, django_capture_on_commit_callbacks)
        Document.objects.filter(pk=queued[0].pk).update(status=Document.Status.IN_REVIEW)
        preannotate_batch(ids(queued), engine, job_id=job.pk)
        job.refresh_from_db()
        assert (job.state, job.done, job.failed) == (Job.State.DONE, 4, 0)
        assert job.items.get(document_id=queued[0].pk).state == JobItem.State.SKIPPED

    def test_errors_keep_the_latest_ones(
        self, project, queued, django_capture_on_commit_callbacks, monkeypatch
    ):
        monkeypatch.setattr(service, "MAX_JOB_ERRORS", 3)
        job = start_job(project, queued, django_capture_on_commit_callbacks)

        class Broken(FakeEngine):
            def propose(self, text: str) -> list[Proposal]:
                raise ValueError(text[-3:])

        preannotate_batch(ids(queued[:2]), Broken(), job_id=job.pk)
        preannotate_batch(ids(queued[2:]), Broken(), job_id=job.pk)
        job.refresh_from_db()
        assert len(job.errors) == 3
        assert job.errors[-1].startswith(f"document {queued[3].pk}")

    def test_the_direct_service_settles_the_documents_job_items(
        self, project, queued, engine, django_capture_on_commit_callbacks
    ):
        job = start_job(project, queued[:1], django_capture_on_commit_callbacks)
        service.preannotate_document(queued[0].pk, engine)
        job.refresh_from_db()
        assert (job.state, job.done) == (Job.State.DONE, 1)

    def test_started_moves_a_pending_job_to_running_once(self, project):
        job = Job.objects.create(project=project, kind=Job.Kind.PREANNOTATE, total=3)
        service.job_started(job.pk)
        job.refresh_from_db()
        first_start = job.started_at
        assert (job.state, first_start is not None) == (Job.State.RUNNING, True)
        assert job.progressed_at == first_start
        service.job_started(job.pk)
        job.refresh_from_db()
        assert job.started_at == first_start

    def test_a_batch_of_a_deleted_job_still_writes(self, project, queued, engine):
        job = Job.objects.create(project=project, kind=Job.Kind.PREANNOTATE, total=4)
        job_id = job.pk
        job.delete()
        outcome = preannotate_batch(ids(queued), engine, job_id=job_id)
        assert len(outcome.done) == 4


@pytest.mark.django_db(transaction=True)
def test_a_document_another_worker_holds_is_left_to_it(project, engine):
    """Two workers: SKIP LOCKED passes over a document being written, and does not
    count it; the worker holding it settles it."""
    if connection.vendor != "postgresql":
        pytest.skip("row locks need PostgreSQL")
    held, free = DocumentFactory.create_batch(2, project=project, status=Document.Status.QUEUED)
    with locked_elsewhere(held.pk):
        outcome = preannotate_batch([held.pk, free.pk], engine)
    assert (outcome.done, outcome.busy) == ([free.pk], [held.pk])
    assert statuses([held, free]) == ["queued", "preannotated"]
    assert not held.spans.exists()


@pytest.mark.parametrize("touch", ["accept", "edit", "human_evidence"])
def test_stale_span_touched_after_planning_is_not_deleted(project, member, touch):
    """A reviewer's change between reading the spans and deleting the stale ones wins."""
    document = DocumentFactory(project=project)
    span = SpanFactory(document=document, engine="old/1")
    other = SpanFactory(document=DocumentFactory(project=project), engine="old/1")
    plan = service._Plan(document=document, had_spans=True, label="new/2", stale=[span.pk])
    if touch == "accept":
        span_accept(span=span, expected_version=1, user=member)
    elif touch == "edit":
        span_update(span=span, expected_version=1, user=member, kind="event")
    else:
        evidence_link_span(claim=span, source_span=other, stance="supports", user=member)
    service._write_plans([plan], timezone.now())
    assert Span.objects.filter(pk=span.pk).exists()


def test_untouched_stale_span_is_deleted(project):
    document = DocumentFactory(project=project)
    span = SpanFactory(document=document, engine="old/1")
    plan = service._Plan(document=document, had_spans=True, label="new/2", stale=[span.pk])
    service._write_plans([plan], timezone.now())
    assert not Span.objects.filter(pk=span.pk).exists()
