"""Pre-annotation writes the engine's proposals idempotently and never touches human work."""

from __future__ import annotations

import pytest

from annotations.claims import Proposal, default_engine
from annotations.models import Document, Evidence, Span
from annotations.services import (
    evidence_add_external,
    evidence_link_span,
    preannotate_document,
    span_accept,
    span_create,
    span_reject,
    span_update,
    verdict_set,
)
from tests.factories import DocumentFactory, SpanFactory, UserFactory
from tests.helpers import PROPOSALS, FakeEngine, new_audit_events, span_state

pytestmark = pytest.mark.django_db


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
        # Whatever the engine finds, it is written as proposed, labelled with the engine.
        engine = default_engine()
        proposed = {(p.start, p.end, p.kind) for p in engine.propose(document.text)}
        outcome = preannotate_document(document.pk)
        assert outcome.created == len(proposed) > 0
        assert {(s.start, s.end, s.kind) for s in document.spans.all()} == proposed
        assert {s.engine for s in document.spans.all()} == {engine.label}
        for span in document.spans.all():
            assert span.text == document.text[span.start : span.end]

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

    def test_a_new_version_removes_a_stale_suggestion_it_no_longer_proposes(self, document, engine):
        preannotate_document(document.pk, engine)
        with new_audit_events() as events:
            outcome = preannotate_document(document.pk, FakeEngine(proposals=[], version="2"))
        assert (outcome.created, outcome.removed) == (0, 3)
        assert not document.spans.exists()
        assert events[0].after == {"engine": "fake/2", "created": 0, "removed": 3}


class TestBadProposals:
    @pytest.mark.parametrize(
        "proposal, message",
        [
            (Proposal(start=0, end=400, kind="statistic", score=0.5), "outside the text"),
            (Proposal(start=5, end=5, kind="statistic", score=0.5), "outside the text"),
            (Proposal(start=0, end=5, kind="", score=0.5), "empty or overlong kind"),
            (Proposal(start=0, end=5, kind="k" * 51, score=0.5), "empty or overlong kind"),
            (Proposal(start=0, end=5, kind="event", score=float("nan")), "finite number"),
        ],
    )
    def test_an_engine_bug_is_refused_before_the_database(self, document, proposal, message):
        with pytest.raises(ValueError, match=message):
            preannotate_document(document.pk, FakeEngine(proposals=[PROPOSALS[0], proposal]))
        assert not document.spans.exists()
