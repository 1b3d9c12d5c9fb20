"""Span writes: validation, optimistic locking, one audit event per change."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from annotations.models import Span
from annotations.services import (
    ConflictError,
    RequestContext,
    ValidationError,
    evidence_link_span,
    span_accept,
    span_create,
    span_delete,
    span_reject,
    span_update,
    verdict_set,
)
from tests.factories import DocumentFactory, SpanFactory
from tests.helpers import new_audit_events, span_state

pytestmark = pytest.mark.django_db


def offsets_of(text: str, part: str) -> tuple[int, int]:
    start = text.index(part)
    return start, start + len(part)


class TestSpanCreate:
    def test_creates_accepted_human_span_with_the_text_it_covers(self, document, member):
        start, end = offsets_of(document.text, "nearly 12,000")
        span = span_create(document=document, start=start, end=end, kind="statistic", user=member)
        span.refresh_from_db()
        assert span.text == "nearly 12,000"
        assert span.origin == Span.Origin.HUMAN
        assert span.status == Span.Status.ACCEPTED
        assert span.engine == ""
        assert (span.model_start, span.model_end) == (None, None)
        assert span.created_by == span.updated_by == member
        assert span.version == 1

    def test_writes_one_audit_event(self, document, member):
        ctx = RequestContext(request_id="req-1", ip="192.0.2.7")
        with new_audit_events() as events:
            span = span_create(
                document=document, start=0, end=7, kind="quote", user=member, ctx=ctx
            )
        assert len(events) == 1
        event = events[0]
        assert event.action == "span.create"
        assert (event.object_type, event.object_id) == ("span", str(span.pk))
        assert event.project_id == document.project_id
        assert (event.actor, event.actor_name) == (member, member.username)
        assert event.before is None
        assert event.after == {
            "start": 0,
            "end": 7,
            "text": document.text[0:7],
            "kind": "quote",
            "status": "accepted",
            "version": 1,
        }
        assert (event.request_id, event.ip) == ("req-1", "192.0.2.7")

    @pytest.mark.parametrize(
        ("start", "end", "message"),
        [
            (-1, 5, "negative"),
            (5, 5, "greater than start"),
            (9, 4, "greater than start"),
            (0, 10_000, "past the end"),
            ("0", 5, "whole numbers"),
            (None, 5, "whole numbers"),
        ],
    )
    def test_bad_offsets_write_nothing(self, document, member, start, end, message):
        with new_audit_events() as events, pytest.raises(ValidationError, match=message):
            span_create(document=document, start=start, end=end, kind="statistic", user=member)
        assert events == []
        assert not Span.objects.exists()

    def test_span_over_white_space_only_writes_nothing(self, member, project):
        document = DocumentFactory(project=project, text="One.   \n\n  Two sentences.")
        start, end = offsets_of(document.text, "   \n\n  ")
        with new_audit_events() as events, pytest.raises(ValidationError, match="white space"):
            span_create(document=document, start=start, end=end, kind="statistic", user=member)
        assert events == []
        assert not Span.objects.exists()

    def test_kind_outside_the_project_labels_writes_nothing(self, document, member):
        with new_audit_events() as events, pytest.raises(ValidationError, match="opinion"):
            span_create(document=document, start=0, end=7, kind="opinion", user=member)
        assert events == []
        assert not Span.objects.exists()

    def test_project_can_define_its_own_kinds(self, project, member):
        project.claim_kinds = ["numeric"]
        project.save()
        document = DocumentFactory(project=project)
        span_create(document=document, start=0, end=7, kind="numeric", user=member)
        with pytest.raises(ValidationError):
            span_create(document=document, start=0, end=7, kind="statistic", user=member)

    def test_same_human_span_twice_writes_nothing_the_second_time(self, document, member):
        span_create(document=document, start=0, end=7, kind="statistic", user=member)
        with new_audit_events() as events, pytest.raises(ValidationError, match="already"):
            span_create(document=document, start=0, end=7, kind="statistic", user=member)
        assert events == []
        assert document.spans.count() == 1

    def test_human_span_may_sit_on_a_model_suggestion(self, suggested_span, member):
        span = span_create(
            document=suggested_span.document,
            start=suggested_span.start,
            end=suggested_span.end,
            kind=suggested_span.kind,
            user=member,
        )
        assert span.pk != suggested_span.pk


class TestUnicodeOffsets:
    """Offsets are code points; the stored text must be exactly the slice they name."""

    TEXT = (
        "Fans reacted 👍🏽 and 🇺🇦 online.\n"
        "The café (cafe\u0301) said 12 people came.\n"
        "東京都は人口が1400万人を超えたと発表した。\n"
        "👨‍👩‍👧 Families of 3 moved.\n"
    )

    @pytest.mark.parametrize(
        "part",
        [
            "👍🏽",
            "👍🏽 and 🇺🇦",
            "cafe\u0301",
            "e\u0301",
            "(cafe\u0301) said 12",
            "東京都は人口が1400万人を超えた",
            "1400万人",
            "👨‍👩‍👧 Families of 3",
        ],
    )
    def test_span_text_survives_a_database_round_trip(self, project, member, part):
        document = DocumentFactory(project=project, text=self.TEXT)
        document.refresh_from_db()
        assert document.text == self.TEXT
        start, end = offsets_of(document.text, part)
        span = span_create(document=document, start=start, end=end, kind="statistic", user=member)
        stored = Span.objects.get(pk=span.pk)
        assert (stored.start, stored.end) == (start, end)
        assert stored.text == part == document.text[start:end]

    def test_update_across_emoji_keeps_text_and_offsets_in_step(self, project, member):
        document = DocumentFactory(project=project, text=self.TEXT)
        start, end = offsets_of(document.text, "👍🏽")
        span = span_create(document=document, start=start, end=end, kind="statistic", user=member)
        _, new_end = offsets_of(document.text, "🇺🇦")
        span_update(span=span, expected_version=1, user=member, end=new_end)
        stored = Span.objects.get(pk=span.pk)
        assert stored.text == "👍🏽 and 🇺🇦" == document.text[stored.start : stored.end]

    def test_offsets_never_split_a_character_into_bytes(self, project, member):
        document = DocumentFactory(project=project, text=self.TEXT)
        start, _ = offsets_of(document.text, "👍🏽")
        # One code point: the thumb without its skin-tone modifier.
        span = span_create(
            document=document, start=start, end=start + 1, kind="statistic", user=member
        )
        assert Span.objects.get(pk=span.pk).text == "👍"


class TestAcceptReject:
    def test_accept_bumps_version_and_records_person(self, suggested_span, member):
        span = span_accept(span=suggested_span, expected_version=1, user=member)
        stored = Span.objects.get(pk=suggested_span.pk)
        assert stored.status == Span.Status.ACCEPTED
        assert stored.version == span.version == 2
        assert stored.updated_by == member

    def test_accept_writes_one_audit_event_with_before_and_after(self, suggested_span, member):
        with new_audit_events() as events:
            span_accept(span=suggested_span, expected_version=1, user=member)
        assert len(events) == 1
        event = events[0]
        assert event.action == "span.accept"
        assert event.actor == member
        assert event.object_id == str(suggested_span.pk)
        assert (event.before["status"], event.before["version"]) == ("suggested", 1)
        assert (event.after["status"], event.after["version"]) == ("accepted", 2)

    def test_accept_takes_a_span_id(self, suggested_span, member):
        span = span_accept(span=suggested_span.pk, expected_version=1, user=member)
        assert span.status == Span.Status.ACCEPTED

    def test_reject_keeps_model_offsets(self, suggested_span, member):
        before = span_state(suggested_span)
        span_reject(span=suggested_span, expected_version=1, user=member)
        after = span_state(suggested_span)
        assert after["status"] == Span.Status.REJECTED
        for field in ("start", "end", "text", "kind", "model_start", "model_end", "engine"):
            assert after[field] == before[field]

    def test_reject_writes_one_audit_event(self, suggested_span, member):
        with new_audit_events() as events:
            span_reject(span=suggested_span, expected_version=1, user=member)
        assert [e.action for e in events] == ["span.reject"]
        assert events[0].after["status"] == "rejected"

    @pytest.mark.parametrize("service", [span_accept, span_reject])
    def test_stale_version_raises_conflict_and_writes_nothing(
        self, suggested_span, member, service
    ):
        span_reject(span=suggested_span, expected_version=1, user=member)
        before = span_state(suggested_span)
        with new_audit_events() as events, pytest.raises(ConflictError) as caught:
            service(span=suggested_span, expected_version=1, user=member)
        assert events == []
        assert span_state(suggested_span) == before
        assert caught.value.current.version == 2
        assert caught.value.current.status == Span.Status.REJECTED
        assert caught.value.expected_version == 1

    def test_missing_span_raises_does_not_exist(self, member):
        with pytest.raises(Span.DoesNotExist):
            span_accept(span=999_999, expected_version=1, user=member)


class TestSpanUpdate:
    def test_boundary_change_keeps_first_proposed_offsets(self, suggested_span, member):
        text = suggested_span.document.text
        start, end = offsets_of(text, "nearly 12,000 North Korean soldiers")
        span_update(span=suggested_span, expected_version=1, user=member, start=start, end=end)
        stored = Span.objects.get(pk=suggested_span.pk)
        assert (stored.start, stored.end) == (start, end)
        assert stored.text == "nearly 12,000 North Korean soldiers"
        assert (stored.model_start, stored.model_end) == (
            suggested_span.model_start,
            suggested_span.model_end,
        )
        assert stored.status == Span.Status.SUGGESTED
        assert stored.version == 2
        assert stored.updated_by == member

    def test_one_boundary_may_change_alone(self, suggested_span, member):
        span_update(span=suggested_span, expected_version=1, user=member, end=20)
        stored = Span.objects.get(pk=suggested_span.pk)
        assert (stored.start, stored.end) == (0, 20)
        assert stored.text == suggested_span.document.text[0:20]

    def test_kind_change(self, suggested_span, member):
        span_update(span=suggested_span, expected_version=1, user=member, kind="attribution")
        stored = Span.objects.get(pk=suggested_span.pk)
        assert stored.kind == "attribution"
        assert (stored.start, stored.end) == (suggested_span.start, suggested_span.end)

    def test_writes_one_audit_event_with_old_and_new_boundaries(self, suggested_span, member):
        with new_audit_events() as events:
            span_update(span=suggested_span, expected_version=1, user=member, start=10, end=20)
        assert len(events) == 1
        event = events[0]
        assert event.action == "span.update"
        assert event.actor == member
        assert (event.before["start"], event.before["end"]) == (0, suggested_span.end)
        assert event.before["text"] == suggested_span.text
        assert (event.after["start"], event.after["end"]) == (10, 20)
        assert event.after["text"] == suggested_span.document.text[10:20]
        assert (event.before["version"], event.after["version"]) == (1, 2)

    @pytest.mark.parametrize(
        ("change", "message"),
        [
            ({"start": -3}, "negative"),
            ({"end": 0}, "greater than start"),
            ({"start": 50, "end": 40}, "greater than start"),
            ({"end": 100_000}, "past the end"),
            ({"kind": "rumour"}, "rumour"),
            ({}, "nothing to change"),
            ({"kind": "statistic"}, "nothing to change"),
        ],
    )
    def test_invalid_change_writes_nothing(self, suggested_span, member, change, message):
        before = span_state(suggested_span)
        with new_audit_events() as events, pytest.raises(ValidationError, match=message):
            span_update(span=suggested_span, expected_version=1, user=member, **change)
        assert events == []
        assert span_state(suggested_span) == before

    def test_stale_version_raises_conflict_and_keeps_the_other_edit(self, suggested_span, member):
        span_update(span=suggested_span, expected_version=1, user=member, end=20)
        before = span_state(suggested_span)
        with new_audit_events() as events, pytest.raises(ConflictError) as caught:
            span_update(span=suggested_span, expected_version=1, user=member, end=30)
        assert events == []
        assert span_state(suggested_span) == before
        assert caught.value.current.end == 20
        assert caught.value.current.version == 2
        assert "version 2" in str(caught.value)

    def test_version_from_the_future_is_a_conflict_too(self, suggested_span, member):
        with pytest.raises(ConflictError):
            span_update(span=suggested_span, expected_version=7, user=member, end=20)
        assert span_state(suggested_span)["end"] == suggested_span.end


class TestSpanDelete:
    def test_deletes_a_human_span_and_records_what_it_was(self, document, member):
        span = span_create(document=document, start=0, end=7, kind="statistic", user=member)
        with new_audit_events() as events:
            span_delete(span=span, expected_version=1, user=member)
        assert not Span.objects.filter(pk=span.pk).exists()
        assert len(events) == 1
        event = events[0]
        assert event.action == "span.delete"
        assert event.object_id == str(span.pk)
        assert event.actor == member
        assert event.before["text"] == document.text[0:7]
        assert event.after is None

    def test_model_span_is_not_deleted(self, suggested_span, member):
        with new_audit_events() as events, pytest.raises(ValidationError, match="reject"):
            span_delete(span=suggested_span, expected_version=1, user=member)
        assert events == []
        assert Span.objects.filter(pk=suggested_span.pk).exists()

    def test_span_with_a_verdict_is_not_deleted(self, document, member):
        span = span_create(document=document, start=0, end=7, kind="statistic", user=member)
        verdict_set(span=span, expected_version=1, label="supported", user=member)
        with new_audit_events() as events, pytest.raises(ValidationError, match="verdict"):
            span_delete(span=span, expected_version=2, user=member)
        assert events == []
        assert Span.objects.filter(pk=span.pk).exists()

    @pytest.mark.parametrize("side", ["claim", "source"])
    def test_span_linked_as_evidence_is_not_deleted(self, document, member, side):
        mine = span_create(document=document, start=0, end=7, kind="statistic", user=member)
        other = SpanFactory(document=DocumentFactory(project=document.project))
        claim, source = (mine, other) if side == "claim" else (other, mine)
        evidence_link_span(claim=claim, source_span=source, stance="supports", user=member)
        with new_audit_events() as events, pytest.raises(ValidationError, match="evidence"):
            span_delete(span=mine, expected_version=1, user=member)
        assert events == []
        assert Span.objects.filter(pk=mine.pk).exists()

    def test_stale_version_deletes_nothing(self, document, member):
        span = span_create(document=document, start=0, end=7, kind="statistic", user=member)
        span_update(span=span, expected_version=1, user=member, kind="quote")
        with new_audit_events() as events, pytest.raises(ConflictError):
            span_delete(span=span, expected_version=1, user=member)
        assert events == []
        assert Span.objects.filter(pk=span.pk).exists()


def test_spans_of_other_documents_are_not_touched(project, member):
    mine, other = SpanFactory(document__project=project), SpanFactory(document__project=project)
    before = span_state(other)
    span_reject(span=mine, expected_version=1, user=member)
    span_update(span=mine, expected_version=2, user=member, end=12)
    assert span_state(other) == before


@pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite has no row locks")
def test_edit_locks_the_span_row_only_not_its_document_or_project(suggested_span, member):
    with CaptureQueriesContext(connection) as queries:
        span_accept(span=suggested_span, expected_version=1, user=member)
    locking = [q["sql"] for q in queries.captured_queries if "FOR UPDATE" in q["sql"]]
    assert len(locking) == 1
    assert locking[0].endswith('FOR UPDATE OF "annotations_span"')


@pytest.mark.parametrize("service", ["accept", "update", "create"])
def test_failure_after_the_write_rolls_back_change_and_audit(
    document, member, monkeypatch, service
):
    """The change and its audit event commit together or not at all."""
    import annotations.services.spans as spans_module

    span = SpanFactory(document=document)
    before = span_state(span)
    count = Span.objects.count()

    def broken_record(**kwargs):
        raise RuntimeError("audit store unavailable")

    monkeypatch.setattr(spans_module, "record", broken_record)
    with new_audit_events() as events, pytest.raises(RuntimeError):
        if service == "accept":
            span_accept(span=span, expected_version=1, user=member)
        elif service == "update":
            span_update(span=span, expected_version=1, user=member, kind="event")
        else:
            span_create(document=document, start=0, end=7, kind="event", user=member)
    assert events == []
    assert span_state(span) == before
    assert Span.objects.count() == count
