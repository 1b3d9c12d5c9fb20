"""Verdicts: one current verdict per claim, history in the audit trail."""

from __future__ import annotations

import pytest

from annotations.models import Span, Verdict
from annotations.services import ConflictError, ValidationError, span_reject, verdict_set
from annotations.services.verdicts import RATIONALE_MAX
from tests.helpers import new_audit_events, span_state

pytestmark = pytest.mark.django_db


def test_sets_the_verdict_and_bumps_the_span_version(suggested_span, member):
    verdict = verdict_set(
        span=suggested_span, expected_version=1, label="refuted", rationale="  HUR  ", user=member
    )
    stored = Verdict.objects.get(span=suggested_span)
    assert stored.pk == verdict.pk
    assert (stored.label, stored.rationale, stored.reviewer) == ("refuted", "HUR", member)
    span = Span.objects.get(pk=suggested_span.pk)
    assert span.version == 2
    assert span.updated_by == member


def test_writes_one_audit_event(suggested_span, member):
    with new_audit_events() as events:
        verdict_set(span=suggested_span, expected_version=1, label="mixed", user=member)
    assert len(events) == 1
    event = events[0]
    assert event.action == "verdict.set"
    assert (event.object_type, event.object_id) == ("span", str(suggested_span.pk))
    assert event.actor == member
    assert event.before is None
    assert event.after == {"label": "mixed", "rationale": "", "span_version": 2}


def test_second_verdict_replaces_the_first_and_audits_what_it_was(suggested_span, member, user):
    verdict_set(
        span=suggested_span, expected_version=1, label="supported", rationale="A", user=member
    )
    with new_audit_events() as events:
        verdict_set(
            span=suggested_span, expected_version=2, label="refuted", rationale="B", user=user
        )
    assert Verdict.objects.filter(span=suggested_span).count() == 1
    stored = Verdict.objects.get(span=suggested_span)
    assert (stored.label, stored.reviewer) == ("refuted", user)
    assert len(events) == 1
    assert events[0].before == {"label": "supported", "rationale": "A"}
    assert events[0].after == {"label": "refuted", "rationale": "B", "span_version": 3}
    assert events[0].actor == user


def test_label_outside_the_project_scale_writes_nothing(suggested_span, member):
    before = span_state(suggested_span)
    with new_audit_events() as events, pytest.raises(ValidationError, match="pants-on-fire"):
        verdict_set(span=suggested_span, expected_version=1, label="pants-on-fire", user=member)
    assert events == []
    assert not Verdict.objects.exists()
    assert span_state(suggested_span) == before


def test_project_scale_decides_the_labels(suggested_span, member):
    project = suggested_span.document.project
    project.verdict_scale = ["true", "false"]
    project.save()
    verdict_set(span=suggested_span, expected_version=1, label="true", user=member)
    with pytest.raises(ValidationError):
        verdict_set(span=suggested_span, expected_version=2, label="supported", user=member)


def test_rejected_span_gets_no_verdict(suggested_span, member):
    span_reject(span=suggested_span, expected_version=1, user=member)
    before = span_state(suggested_span)
    with new_audit_events() as events, pytest.raises(ValidationError, match="rejected"):
        verdict_set(span=suggested_span, expected_version=2, label="refuted", user=member)
    assert events == []
    assert not Verdict.objects.exists()
    assert span_state(suggested_span) == before


def test_overlong_rationale_writes_nothing(suggested_span, member):
    with new_audit_events() as events, pytest.raises(ValidationError, match="rationale"):
        verdict_set(
            span=suggested_span,
            expected_version=1,
            label="refuted",
            rationale="x" * (RATIONALE_MAX + 1),
            user=member,
        )
    assert events == []
    assert not Verdict.objects.exists()


def test_stale_version_raises_conflict_and_keeps_the_other_verdict(suggested_span, member, user):
    verdict_set(span=suggested_span, expected_version=1, label="supported", user=member)
    before = span_state(suggested_span)
    with new_audit_events() as events, pytest.raises(ConflictError) as caught:
        verdict_set(span=suggested_span, expected_version=1, label="refuted", user=user)
    assert events == []
    assert Verdict.objects.get(span=suggested_span).label == "supported"
    assert span_state(suggested_span) == before
    assert caught.value.current.version == 2
