"""Evidence links: to another span in the project, or to an external web page."""

from __future__ import annotations

from datetime import date

import pytest

from annotations.models import Evidence
from annotations.services import ValidationError, evidence_add_external, evidence_link_span
from annotations.services.evidence import EXCERPT_MAX
from tests.factories import DocumentFactory, ProjectFactory, SpanFactory
from tests.helpers import new_audit_events

pytestmark = pytest.mark.django_db


@pytest.fixture
def source_span(project):
    """A span in another document of the same project."""
    return SpanFactory(document=DocumentFactory(project=project))


class TestLinkSpan:
    def test_links_a_span_as_accepted_human_evidence(self, suggested_span, source_span, member):
        evidence = evidence_link_span(
            claim=suggested_span, source_span=source_span, stance="supports", user=member
        )
        stored = Evidence.objects.get(pk=evidence.pk)
        assert (stored.claim, stored.source_span, stored.url) == (suggested_span, source_span, "")
        assert (stored.stance, stored.origin, stored.status) == ("supports", "human", "accepted")
        assert stored.created_by == member

    def test_writes_one_audit_event(self, suggested_span, source_span, member):
        with new_audit_events() as events:
            evidence = evidence_link_span(
                claim=suggested_span, source_span=source_span, stance="refutes", user=member
            )
        assert len(events) == 1
        event = events[0]
        assert event.action == "evidence.link"
        assert (event.object_type, event.object_id) == ("evidence", str(evidence.pk))
        assert event.project_id == suggested_span.document.project_id
        assert event.actor == member
        assert event.after == {
            "claim": suggested_span.pk,
            "source_span": source_span.pk,
            "url": "",
            "stance": "refutes",
            "status": "accepted",
            "origin": "human",
        }

    def test_bad_stance_writes_nothing(self, suggested_span, source_span, member):
        with new_audit_events() as events, pytest.raises(ValidationError, match="agrees"):
            evidence_link_span(
                claim=suggested_span, source_span=source_span, stance="agrees", user=member
            )
        assert events == []
        assert not Evidence.objects.exists()

    def test_span_cannot_be_its_own_evidence(self, suggested_span, member):
        with new_audit_events() as events, pytest.raises(ValidationError, match="own evidence"):
            evidence_link_span(
                claim=suggested_span, source_span=suggested_span, stance="supports", user=member
            )
        assert events == []
        assert not Evidence.objects.exists()

    def test_span_from_another_project_is_refused(self, suggested_span, member):
        foreign = SpanFactory(document=DocumentFactory(project=ProjectFactory()))
        with new_audit_events() as events, pytest.raises(ValidationError, match="same project"):
            evidence_link_span(
                claim=suggested_span, source_span=foreign, stance="supports", user=member
            )
        assert events == []
        assert not Evidence.objects.exists()

    def test_same_link_twice_writes_nothing_the_second_time(
        self, suggested_span, source_span, member
    ):
        evidence_link_span(
            claim=suggested_span, source_span=source_span, stance="supports", user=member
        )
        with new_audit_events() as events, pytest.raises(ValidationError, match="already linked"):
            evidence_link_span(
                claim=suggested_span, source_span=source_span, stance="refutes", user=member
            )
        assert events == []
        assert Evidence.objects.get().stance == "supports"


class TestAddExternal:
    def test_stores_a_web_source(self, suggested_span, member):
        evidence = evidence_add_external(
            claim=suggested_span,
            url="  https://www.reuters.com/world/kursk  ",
            stance="context",
            publisher=" Reuters ",
            excerpt=" about 8,000 ",
            source_date=date(2024, 11, 5),
            user=member,
        )
        stored = Evidence.objects.get(pk=evidence.pk)
        assert stored.source_span is None
        assert stored.url == "https://www.reuters.com/world/kursk"
        assert (stored.publisher, stored.excerpt) == ("Reuters", "about 8,000")
        assert stored.source_date == date(2024, 11, 5)
        assert (stored.stance, stored.origin, stored.status) == ("context", "human", "accepted")

    def test_writes_one_audit_event(self, suggested_span, member):
        with new_audit_events() as events:
            evidence = evidence_add_external(
                claim=suggested_span, url="http://example.org/a", stance="supports", user=member
            )
        assert len(events) == 1
        event = events[0]
        assert (event.action, event.object_id) == ("evidence.link", str(evidence.pk))
        assert event.actor == member
        assert event.after["url"] == "http://example.org/a"
        assert event.after["source_span"] is None

    @pytest.mark.parametrize(
        "url",
        [
            "javascript:alert(1)",
            "JavaScript:alert(document.cookie)",
            " javascript:alert(1)",
            "data:text/html,<script>alert(1)</script>",
            "vbscript:msgbox(1)",
            "file:///etc/passwd",
            "ftp://example.org/file",
            "//example.org/no-scheme",
            "example.org",
            "https://",
            "",
        ],
    )
    def test_anything_but_a_web_address_writes_nothing(self, suggested_span, member, url):
        with new_audit_events() as events, pytest.raises(ValidationError, match="url"):
            evidence_add_external(claim=suggested_span, url=url, stance="supports", user=member)
        assert events == []
        assert not Evidence.objects.exists()

    def test_overlong_url_writes_nothing(self, suggested_span, member):
        url = "https://example.org/" + "a" * 2000
        with new_audit_events() as events, pytest.raises(ValidationError, match="url"):
            evidence_add_external(claim=suggested_span, url=url, stance="supports", user=member)
        assert events == []
        assert not Evidence.objects.exists()

    def test_overlong_publisher_writes_nothing(self, suggested_span, member):
        with new_audit_events() as events, pytest.raises(ValidationError, match="publisher"):
            evidence_add_external(
                claim=suggested_span,
                url="https://example.org/",
                stance="supports",
                publisher="p" * 201,
                user=member,
            )
        assert events == []
        assert not Evidence.objects.exists()

    def test_bad_stance_writes_nothing(self, suggested_span, member):
        with new_audit_events() as events, pytest.raises(ValidationError, match="stance"):
            evidence_add_external(
                claim=suggested_span, url="https://example.org/", stance="", user=member
            )
        assert events == []
        assert not Evidence.objects.exists()

    def test_overlong_excerpt_writes_nothing(self, suggested_span, member):
        with new_audit_events() as events, pytest.raises(ValidationError, match="excerpt"):
            evidence_add_external(
                claim=suggested_span,
                url="https://example.org/",
                stance="supports",
                excerpt="x" * (EXCERPT_MAX + 1),
                user=member,
            )
        assert events == []
        assert not Evidence.objects.exists()
