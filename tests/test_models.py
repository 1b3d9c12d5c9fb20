"""Database constraints hold even for code that bypasses the services."""

from __future__ import annotations

import pytest
from django.db import DatabaseError, IntegrityError, connection, transaction

from annotations.models import AuditEvent, Document, Evidence, Job, Membership, Span
from annotations.services.documents import text_sha256
from tests.factories import DocumentFactory, MembershipFactory, ProjectFactory, SpanFactory

pytestmark = pytest.mark.django_db

postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="the append-only trigger (migration 0002) exists on PostgreSQL only",
)


def human_span(document: Document, start: int, end: int, **overrides) -> Span:
    """An unsaved span with the text its offsets cover, unless overridden."""
    fields = {
        "document": document,
        "start": start,
        "end": end,
        "text": document.text[start:end],
        "kind": "statistic",
        "origin": Span.Origin.HUMAN,
        **overrides,
    }
    return Span(**fields)


def assert_refused(*spans: Span) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        Span.objects.bulk_create(spans)


class TestSpanOffsets:
    def test_valid_span_is_stored(self, document):
        span = human_span(document, 0, 7)
        span.save()
        assert Span.objects.get(pk=span.pk).text == document.text[0:7]

    def test_create_with_negative_start_is_refused(self, document):
        with pytest.raises(IntegrityError), transaction.atomic():
            Span.objects.create(
                document=document, start=-1, end=3, text="abcd", kind="statistic", origin="human"
            )

    def test_bulk_create_with_negative_start_is_refused(self, document):
        assert_refused(human_span(document, -1, 3, text="abcd"))

    def test_start_equal_to_end_is_refused(self, document):
        assert_refused(human_span(document, 5, 5, text=""))

    def test_start_after_end_is_refused(self, document):
        assert_refused(human_span(document, 9, 4, text=document.text[4:9]))

    def test_text_longer_than_offsets_is_refused(self, document):
        assert_refused(human_span(document, 0, 7, text=document.text[0:8]))

    def test_text_shorter_than_offsets_is_refused(self, document):
        assert_refused(human_span(document, 0, 7, text=document.text[0:6]))

    def test_create_with_text_length_mismatch_is_refused(self, document):
        with pytest.raises(IntegrityError), transaction.atomic():
            Span.objects.create(
                document=document, start=0, end=3, text="ab", kind="statistic", origin="human"
            )

    def test_text_length_counts_code_points_not_bytes(self, project):
        text = "Fans 👍🏽 said e\u0301 東京 1"
        document = DocumentFactory(project=project, text=text)
        start = text.index("👍🏽")
        end = text.index("東京") + 2
        span = human_span(document, start, end)
        span.save()
        # 👍🏽 is 2 code points but 8 UTF-8 bytes: the database must count like Python.
        assert Span.objects.get(pk=span.pk).text == text[start:end]

    def test_refused_row_in_bulk_create_leaves_no_span(self, document):
        assert_refused(human_span(document, 0, 7), human_span(document, 3, 3, text=""))
        assert not Span.objects.exists()

    def test_model_offsets_must_be_ordered(self, document):
        assert_refused(human_span(document, 0, 7, model_start=7, model_end=0))

    @pytest.mark.parametrize(("model_start", "model_end"), [(0, None), (None, 7)])
    def test_model_offsets_are_both_set_or_both_empty(self, document, model_start, model_end):
        assert_refused(human_span(document, 0, 7, model_start=model_start, model_end=model_end))

    def test_model_span_must_name_its_engine(self, document):
        assert_refused(human_span(document, 0, 7, origin=Span.Origin.MODEL, engine=""))

    def test_human_span_needs_no_engine(self, document):
        span = human_span(document, 0, 7, engine="")
        span.save()
        assert span.pk

    def test_same_model_proposal_twice_is_refused(self, document):
        SpanFactory(document=document)
        with pytest.raises(IntegrityError), transaction.atomic():
            SpanFactory(document=document)

    def test_same_offsets_from_another_engine_are_allowed(self, document):
        SpanFactory(document=document, engine="test/1")
        SpanFactory(document=document, engine="test/2")
        assert document.spans.count() == 2

    def test_human_spans_are_not_bound_by_the_model_natural_key(self, document):
        human_span(document, 0, 7).save()
        human_span(document, 0, 7).save()
        assert document.spans.count() == 2


class TestEvidence:
    def test_internal_link_is_stored(self, document):
        claim = SpanFactory(document=document)
        source = SpanFactory(document=DocumentFactory(project=document.project))
        evidence = Evidence.objects.create(claim=claim, source_span=source, stance="supports")
        assert evidence.pk

    def test_external_link_is_stored(self, suggested_span):
        evidence = Evidence.objects.create(
            claim=suggested_span, url="https://example.org/a", stance="refutes"
        )
        assert evidence.pk

    def test_evidence_with_neither_span_nor_url_is_refused(self, suggested_span):
        with pytest.raises(IntegrityError), transaction.atomic():
            Evidence.objects.create(claim=suggested_span, stance="supports")

    def test_evidence_with_both_span_and_url_is_refused(self, document):
        claim = SpanFactory(document=document)
        source = SpanFactory(document=DocumentFactory(project=document.project))
        with pytest.raises(IntegrityError), transaction.atomic():
            Evidence.objects.create(
                claim=claim, source_span=source, url="https://example.org/", stance="supports"
            )

    def test_claim_cannot_be_its_own_evidence(self, suggested_span):
        with pytest.raises(IntegrityError), transaction.atomic():
            Evidence.objects.create(
                claim=suggested_span, source_span=suggested_span, stance="supports"
            )

    def test_same_internal_link_twice_is_refused(self, document):
        claim = SpanFactory(document=document)
        source = SpanFactory(document=DocumentFactory(project=document.project))
        Evidence.objects.create(claim=claim, source_span=source, stance="supports")
        with pytest.raises(IntegrityError), transaction.atomic():
            Evidence.objects.create(claim=claim, source_span=source, stance="refutes")

    def test_same_url_twice_is_allowed(self, suggested_span):
        for stance in ("supports", "context"):
            Evidence.objects.create(claim=suggested_span, url="https://example.org/", stance=stance)
        assert suggested_span.evidence.count() == 2


class TestDocument:
    def test_same_text_twice_in_a_project_is_refused(self, project):
        DocumentFactory(project=project, text="Same text.")
        with pytest.raises(IntegrityError), transaction.atomic():
            DocumentFactory(project=project, text="Same text.")

    def test_same_text_in_two_projects_is_allowed(self, project):
        DocumentFactory(project=project, text="Same text.")
        DocumentFactory(project=ProjectFactory(), text="Same text.")
        assert Document.objects.filter(text_sha256=text_sha256("Same text.")).count() == 2


def test_user_has_one_membership_per_project(member, project):
    with pytest.raises(IntegrityError), transaction.atomic():
        MembershipFactory(user=member, project=project, role=Membership.Role.MANAGER)


class TestJobPercent:
    @pytest.mark.parametrize(
        ("total", "done", "failed", "state", "percent"),
        [
            (0, 0, 0, Job.State.PENDING, 0),
            (0, 0, 0, Job.State.DONE, 100),
            (4, 1, 0, Job.State.RUNNING, 25),
            (4, 1, 1, Job.State.RUNNING, 50),
            (3, 3, 0, Job.State.DONE, 100),
            # Re-delivered batches can count twice; the bar still stops at 100.
            (2, 3, 1, Job.State.DONE, 100),
        ],
    )
    def test_percent_counts_done_and_failed(self, project, total, done, failed, state, percent):
        job = Job(project=project, total=total, done=done, failed=failed, state=state)
        assert job.percent == percent


@postgres_only
class TestAuditAppendOnly:
    @pytest.fixture
    def event(self, project):
        return AuditEvent.objects.create(
            action="span.accept", project=project, object_type="span", object_id="1"
        )

    def test_update_is_refused(self, event):
        with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
            AuditEvent.objects.filter(pk=event.pk).update(action="span.reject")
        assert AuditEvent.objects.get(pk=event.pk).action == "span.accept"

    def test_save_of_an_existing_event_is_refused(self, event):
        event.after = {"forged": True}
        with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
            event.save()
        assert AuditEvent.objects.get(pk=event.pk).after is None

    def test_delete_is_refused(self, event):
        with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
            AuditEvent.objects.filter(pk=event.pk).delete()
        assert AuditEvent.objects.filter(pk=event.pk).exists()

    def test_deleting_the_project_keeps_its_history(self, event, project):
        project.delete()
        assert AuditEvent.objects.filter(pk=event.pk, project_id=event.project_id).exists()
