"""Pre-annotation writes the engine's proposals idempotently and never touches human work."""

from __future__ import annotations

import logging

import pytest

from annotations.claims import Proposal
from annotations.models import Document, Evidence, Job, Span
from annotations.services import (
    evidence_add_external,
    evidence_link_span,
    preannotate_document,
    span_accept,
    span_create,
    span_reject,
    span_update,
    start_preannotation,
    verdict_set,
)
from annotations.services.preannotation import job_progress, job_started
from tests.factories import DocumentFactory, SpanFactory, UserFactory
from tests.helpers import FakeEngine, new_audit_events, span_state

pytestmark = pytest.mark.django_db

PROPOSALS = [
    Proposal(start=0, end=10, kind="statistic", score=0.9, attrs={"n": 1}),
    Proposal(start=20, end=30, kind="statistic", score=0.8),
    Proposal(start=40, end=50, kind="quote", score=0.7),
]


@pytest.fixture
def engine() -> FakeEngine:
    return FakeEngine(proposals=list(PROPOSALS))


def proposals_at(document: Document) -> list[tuple[int, int, str, str]]:
    return sorted(document.spans.values_list("start", "end", "kind", "engine"))


def spans_by_offsets(document: Document) -> dict[tuple[int, int], Span]:
    return {(s.model_start, s.model_end): s for s in document.spans.filter(origin="model")}


class TestFirstRun:
    def test_writes_proposals_as_suggested_model_spans(self, document, engine):
        outcome = preannotate_document(document.pk, engine)
        assert (outcome.created, outcome.removed) == (3, 0)
        spans = list(document.spans.order_by("start"))
        assert [(s.start, s.end, s.kind) for s in spans] == [
            (p.start, p.end, p.kind) for p in PROPOSALS
        ]
        for span, proposal in zip(spans, PROPOSALS, strict=True):
            assert span.text == document.text[span.start : span.end]
            assert (span.model_start, span.model_end) == (span.start, span.end)
            assert (span.origin, span.status, span.engine) == ("model", "suggested", "fake/1")
            assert span.score == proposal.score
            assert span.attrs == proposal.attrs
            assert span.updated_by is None
            assert span.version == 1

    @pytest.mark.parametrize("status", [Document.Status.NEW, Document.Status.QUEUED])
    def test_new_and_queued_documents_become_preannotated(self, project, engine, status):
        document = DocumentFactory(project=project, status=status)
        preannotate_document(document.pk, engine)
        document.refresh_from_db()
        assert document.status == Document.Status.PREANNOTATED

    @pytest.mark.parametrize("status", [Document.Status.IN_REVIEW, Document.Status.REVIEWED])
    def test_documents_in_review_keep_their_status(self, project, engine, status):
        document = DocumentFactory(project=project, status=status)
        preannotate_document(document.pk, engine)
        document.refresh_from_db()
        assert document.status == status

    def test_writes_one_audit_event_as_system(self, document, engine):
        with new_audit_events() as events:
            preannotate_document(document.pk, engine)
        assert len(events) == 1
        event = events[0]
        assert event.action == "document.preannotate"
        assert (event.object_type, event.object_id) == ("document", str(document.pk))
        assert (event.actor, event.actor_name) == (None, "system")
        assert event.project_id == document.project_id
        assert event.after == {"engine": "fake/1", "created": 3, "removed": 0}

    def test_default_engine_proposes_from_the_text(self, document):
        outcome = preannotate_document(document.pk)
        assert outcome.created == 2
        assert {s.engine for s in document.spans.all()} == {"simple/1"}
        texts = [s.text for s in document.spans.order_by("start")]
        assert texts[0].startswith("Ukraine's military intelligence said nearly 12,000")
        assert texts[1] == "About 8,000 of them are in Kursk, according to US officials."

    def test_same_proposal_twice_in_one_run_is_written_once(self, document):
        engine = FakeEngine(proposals=[PROPOSALS[0], PROPOSALS[0]])
        assert preannotate_document(document.pk, engine).created == 1
        assert document.spans.count() == 1

    def test_same_offsets_with_two_kinds_are_two_proposals(self, document):
        engine = FakeEngine(
            proposals=[PROPOSALS[0], Proposal(start=0, end=10, kind="quote", score=0.1)]
        )
        preannotate_document(document.pk, engine)
        assert document.spans.count() == 2

    def test_unicode_offsets_are_stored_as_code_points(self, project):
        text = "Fans 👍🏽 said 3 things.\ne\u0301 東京都は人口1400万人と発表した。"
        document = DocumentFactory(project=project, text=text)
        parts = ["👍🏽 said 3", "e\u0301 東京都", "1400万人"]
        proposals = [
            Proposal(start=text.index(p), end=text.index(p) + len(p), kind="statistic", score=1)
            for p in parts
        ]
        preannotate_document(document.pk, FakeEngine(proposals=proposals))
        stored = [s.text for s in Span.objects.filter(document=document).order_by("start")]
        assert stored == parts

    def test_missing_document_raises_does_not_exist(self, engine):
        with pytest.raises(Document.DoesNotExist):
            preannotate_document(999_999, engine)


class TestRerun:
    def test_same_engine_twice_gives_the_same_spans(self, document, engine):
        preannotate_document(document.pk, engine)
        first = {s.pk: span_state(s) for s in document.spans.all()}
        with new_audit_events() as events:
            outcome = preannotate_document(document.pk, engine)
        assert (outcome.created, outcome.removed) == (0, 0)
        assert {s.pk: span_state(s) for s in document.spans.all()} == first
        assert events == []

    def test_default_engine_twice_gives_the_same_spans(self, document):
        preannotate_document(document.pk)
        first = sorted(document.spans.values_list("pk", "start", "end", "kind"))
        preannotate_document(document.pk)
        assert sorted(document.spans.values_list("pk", "start", "end", "kind")) == first

    def test_rerun_of_a_preannotated_document_keeps_its_status(self, document, engine):
        preannotate_document(document.pk, engine)
        Document.objects.filter(pk=document.pk).update(status=Document.Status.IN_REVIEW)
        preannotate_document(document.pk, engine)
        document.refresh_from_db()
        assert document.status == Document.Status.IN_REVIEW

    def test_accepted_rejected_and_edited_spans_survive_untouched(self, document, engine, member):
        preannotate_document(document.pk, engine)
        by_offsets = spans_by_offsets(document)
        span_accept(span=by_offsets[(0, 10)], expected_version=1, user=member)
        span_reject(span=by_offsets[(20, 30)], expected_version=1, user=member)
        span_update(span=by_offsets[(40, 50)], expected_version=1, user=member, start=38, end=52)
        before = {s.pk: span_state(s) for s in document.spans.all()}

        for run_engine in (engine, FakeEngine(proposals=list(PROPOSALS), version="2")):
            preannotate_document(document.pk, run_engine)

        assert {s.pk: span_state(s) for s in document.spans.all()} == before

    def test_offsets_a_person_reviewed_are_not_proposed_again(self, document, engine, member):
        preannotate_document(document.pk, engine)
        span = spans_by_offsets(document)[(40, 50)]
        span_update(span=span, expected_version=1, user=member, start=38, end=52, kind="statistic")
        # The new engine proposes both the first boundaries and the corrected ones.
        v2 = FakeEngine(
            proposals=[
                *PROPOSALS,
                Proposal(start=38, end=52, kind="statistic", score=0.5),
                Proposal(start=38, end=52, kind="event", score=0.5),
            ],
            version="2",
        )
        preannotate_document(document.pk, v2)
        spans = list(document.spans.all())
        assert [s.pk for s in spans if (s.start, s.end) == (38, 52)] == [span.pk]
        assert [s.pk for s in spans if (s.model_start, s.model_end) == (40, 50)] == [span.pk]

    def test_kind_correction_survives_and_the_old_kind_is_not_proposed_again(
        self, document, engine, member
    ):
        preannotate_document(document.pk, engine)
        span = spans_by_offsets(document)[(0, 10)]
        span_update(span=span, expected_version=1, user=member, kind="event")
        before = span_state(span)
        preannotate_document(document.pk, engine)
        preannotate_document(document.pk, FakeEngine(proposals=list(PROPOSALS), version="2"))
        assert span_state(span) == before
        assert [s.pk for s in document.spans.all() if (s.start, s.end) == (0, 10)] == [span.pk]

    def test_human_span_blocks_a_proposal_at_its_offsets(self, document, engine, member):
        human = span_create(document=document, start=20, end=30, kind="quote", user=member)
        preannotate_document(document.pk, engine)
        at_20_30 = [s for s in document.spans.all() if (s.start, s.end) == (20, 30)]
        assert at_20_30 == [human]
        assert document.spans.count() == 3

    def test_new_engine_version_replaces_only_untouched_suggestions(self, document, engine, member):
        preannotate_document(document.pk, engine)
        by_offsets = spans_by_offsets(document)
        kept = span_accept(span=by_offsets[(0, 10)], expected_version=1, user=member)
        v2 = FakeEngine(
            proposals=[
                PROPOSALS[0],  # blocked: a person accepted it
                PROPOSALS[1],  # still proposed: replaced by the v2 span
                Proposal(start=60, end=70, kind="event", score=0.6),  # new
            ],
            version="2",
        )
        with new_audit_events() as events:
            outcome = preannotate_document(document.pk, v2)
        assert (outcome.created, outcome.removed) == (2, 2)
        assert proposals_at(document) == [
            (0, 10, "statistic", "fake/1"),
            (20, 30, "statistic", "fake/2"),
            (60, 70, "event", "fake/2"),
        ]
        assert span_state(kept)["status"] == Span.Status.ACCEPTED
        assert not Span.objects.filter(pk__in=[by_offsets[(20, 30)].pk, by_offsets[(40, 50)].pk])
        assert len(events) == 1
        assert events[0].after == {"engine": "fake/2", "created": 2, "removed": 2}

    def test_new_engine_version_keeps_a_span_with_a_verdict(self, document, engine, member):
        preannotate_document(document.pk, engine)
        span = spans_by_offsets(document)[(20, 30)]
        verdict_set(span=span, expected_version=1, label="refuted", user=member)
        preannotate_document(document.pk, FakeEngine(proposals=[], version="2"))
        assert Span.objects.get(pk=span.pk).verdict.label == "refuted"

    def test_new_engine_version_keeps_a_claim_with_evidence(self, document, engine, member):
        preannotate_document(document.pk, engine)
        claim = spans_by_offsets(document)[(20, 30)]
        evidence = evidence_add_external(
            claim=claim, url="https://example.org/", stance="refutes", user=member
        )
        preannotate_document(document.pk, FakeEngine(proposals=[], version="2"))
        assert Span.objects.filter(pk=claim.pk).exists()
        assert Evidence.objects.filter(pk=evidence.pk).exists()

    def test_new_engine_version_keeps_a_span_cited_as_evidence(self, project, engine, member):
        claim = SpanFactory(document__project=project)
        document = DocumentFactory(project=project)
        preannotate_document(document.pk, engine)
        source = spans_by_offsets(document)[(20, 30)]
        evidence = evidence_link_span(
            claim=claim, source_span=source, stance="supports", user=member
        )
        preannotate_document(document.pk, FakeEngine(proposals=[], version="2"))
        assert Evidence.objects.filter(pk=evidence.pk, source_span=source).exists()

    def test_edit_outlives_the_person_who_made_it(self, document, engine):
        editor = UserFactory()
        preannotate_document(document.pk, engine)
        span = spans_by_offsets(document)[(20, 30)]
        span_update(span=span, expected_version=1, user=editor, end=33)
        editor.delete()
        preannotate_document(document.pk, FakeEngine(proposals=[], version="2"))
        stored = Span.objects.get(pk=span.pk)
        assert (stored.start, stored.end, stored.updated_by) == (20, 33, None)

    def test_spans_from_a_previous_version_that_a_person_kept_stay_with_their_label(
        self, document, engine, member
    ):
        preannotate_document(document.pk, engine)
        span = spans_by_offsets(document)[(0, 10)]
        span_accept(span=span, expected_version=1, user=member)
        preannotate_document(document.pk, FakeEngine(proposals=[], version="2"))
        assert Span.objects.get(pk=span.pk).engine == "fake/1"


class TestStartPreannotation:
    def test_queues_documents_and_records_a_job(self, project, member):
        new = DocumentFactory(project=project)
        done = DocumentFactory(project=project, status=Document.Status.PREANNOTATED)
        in_review = DocumentFactory(project=project, status=Document.Status.IN_REVIEW)
        reviewed = DocumentFactory(project=project, status=Document.Status.REVIEWED)
        ids = [new.pk, done.pk, in_review.pk, reviewed.pk]
        job = start_preannotation(project=project, document_ids=ids, actor=member)
        statuses = dict(Document.objects.filter(pk__in=ids).values_list("pk", "status"))
        assert statuses == {
            new.pk: "queued",
            done.pk: "queued",
            in_review.pk: "in_review",
            reviewed.pk: "reviewed",
        }
        assert (job.kind, job.state, job.total, job.done, job.failed) == (
            Job.Kind.PREANNOTATE,
            Job.State.PENDING,
            4,
            0,
            0,
        )
        assert job.code_version == "simple/1"
        assert job.created_by == member

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
            job = start_preannotation(project=project, document_ids=[d.pk for d in documents])
        job.refresh_from_db()
        assert (job.state, job.done, job.failed) == (Job.State.DONE, 5, 0)
        assert job.started_at is not None
        assert job.finished_at is not None
        for document in documents:
            document.refresh_from_db()
            assert document.status == Document.Status.PREANNOTATED
            assert document.spans.count() == 2


class TestJobProgress:
    @pytest.fixture
    def job(self, project):
        return Job.objects.create(project=project, kind=Job.Kind.PREANNOTATE, total=3)

    def test_started_moves_a_pending_job_to_running_once(self, job):
        job_started(job.pk)
        job.refresh_from_db()
        first_start = job.started_at
        assert (job.state, first_start is not None) == (Job.State.RUNNING, True)
        job_started(job.pk)
        job.refresh_from_db()
        assert job.started_at == first_start

    def test_partial_progress_leaves_the_job_running(self, job):
        job_started(job.pk)
        job_progress(job.pk, done=2, failed=0, errors=[])
        job.refresh_from_db()
        assert (job.state, job.done, job.finished_at) == (Job.State.RUNNING, 2, None)

    def test_job_is_done_when_the_counts_reach_the_total(self, job):
        job_progress(job.pk, done=2, failed=0, errors=[])
        job_progress(job.pk, done=0, failed=1, errors=["document 9 was deleted"])
        job.refresh_from_db()
        assert (job.state, job.done, job.failed) == (Job.State.DONE, 2, 1)
        assert job.errors == ["document 9 was deleted"]
        assert job.finished_at is not None

    def test_job_failed_when_nothing_succeeded(self, job):
        job_progress(job.pk, done=0, failed=3, errors=["a", "b", "c"])
        job.refresh_from_db()
        assert job.state == Job.State.FAILED

    def test_errors_keep_the_latest_two_hundred(self, job):
        job.total = 1000
        job.save()
        job_progress(job.pk, done=0, failed=150, errors=[f"e{i}" for i in range(150)])
        job_progress(job.pk, done=0, failed=150, errors=[f"e{i}" for i in range(150, 300)])
        job.refresh_from_db()
        assert job.errors == [f"e{i}" for i in range(100, 300)]

    def test_progress_for_a_deleted_job_is_logged_and_dropped(self, job, caplog):
        job_id = job.pk
        job.delete()
        with caplog.at_level(logging.WARNING, logger="annotations"):
            job_progress(job_id, done=1, failed=0, errors=[])
        assert f"job {job_id} is gone" in caplog.text
        assert not Job.objects.exists()
