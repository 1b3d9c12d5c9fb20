"""The review page's span panel and the actions on a span: fragments for htmx, full
pages and redirects without it, 409 with what changed when someone was first."""

from __future__ import annotations

import json

import pytest
from django.test import Client
from django.urls import reverse
from django.utils.html import escape

from annotations.models import AuditEvent, Span, Verdict
from annotations.services.spans import span_reject
from tests.factories import DocumentFactory, MembershipFactory, SpanFactory

HX = {"HTTP_HX_REQUEST": "true"}


def panel_url(span: Span) -> str:
    doc = span.document
    return reverse("span_panel", args=[doc.project.slug, doc.pk, span.pk])


def action_url(span: Span, action: str) -> str:
    doc = span.document
    if action == "verdict":
        return reverse("span_verdict", args=[doc.project.slug, doc.pk, span.pk])
    return reverse("span_action", args=[doc.project.slug, doc.pk, span.pk, action])


class TestPanel:
    def test_htmx_gets_only_the_panel(self, member_client, suggested_span):
        response = member_client.get(panel_url(suggested_span), **HX)
        html = response.content.decode()
        assert response.status_code == 200
        assert "<html" not in html
        assert html.strip().startswith('<section id="span-panel"')
        assert escape(suggested_span.text) in html

    def test_plain_get_is_the_whole_page_with_the_span_selected(
        self, member_client, suggested_span
    ):
        html = member_client.get(panel_url(suggested_span)).content.decode()
        assert "<html" in html
        assert 'class="span-item status-suggested selected"' in html

    def test_document_page_selects_span_from_query(self, member_client, suggested_span):
        doc = suggested_span.document
        url = reverse("document_detail", args=[doc.project.slug, doc.pk])
        html = member_client.get(f"{url}?span={suggested_span.pk}").content.decode()
        assert 'id="span-panel-heading"' in html
        html = member_client.get(f"{url}?span=nonsense").content.decode()
        assert "Select a claim" in html

    def test_span_of_another_document_is_404(self, member_client, project, suggested_span):
        other = DocumentFactory(project=project)
        url = reverse("span_panel", args=[project.slug, other.pk, suggested_span.pk])
        assert member_client.get(url, **HX).status_code == 404

    def test_fragment_of_another_project_is_404(self, member_client):
        foreign = SpanFactory()
        assert member_client.get(panel_url(foreign), **HX).status_code == 404
        response = member_client.post(action_url(foreign, "accept"), {"version": 1}, **HX)
        assert response.status_code == 404
        foreign.refresh_from_db()
        assert foreign.status == Span.Status.SUGGESTED

    def test_panel_shows_engine_facts_and_history(self, member_client, suggested_span):
        suggested_span.attrs = {
            "quantities": [
                {"text": "nearly 12,000", "value": 12000, "low": 10800, "high": 12000,
                 "qualifier": "at_most", "unit": "troops", "start": 0, "end": 13},
            ],
            "attribution": {"speaker": "the ISW", "cue": "said", "start": 0, "end": 7},
            "dates": [{"text": "on October 23", "start": 0, "end": 13, "value": "--10-23"}],
        }  # fmt: skip
        suggested_span.save()
        member_client.post(action_url(suggested_span, "accept"), {"version": 1}, **HX)
        html = member_client.get(panel_url(suggested_span), **HX).content.decode()
        assert "nearly 12,000" in html and "at_most" in html and "troops" in html
        assert "the ISW" in html and "on October 23" in html
        assert "span.accept" in html


class TestStatusActions:
    @pytest.mark.parametrize("action,status", [("accept", "accepted"), ("reject", "rejected")])
    def test_htmx_action_returns_panel_and_list_entry(
        self, member_client, suggested_span, action, status
    ):
        response = member_client.post(action_url(suggested_span, action), {"version": 1}, **HX)
        html = response.content.decode()
        assert response.status_code == 200
        assert "<html" not in html
        assert html.strip().startswith('<section id="span-panel"')
        # Only the claim's own list entry comes along; the text is not re-sent, the
        # browser restyles its marks from the HX-Trigger event.
        assert f'id="span-{suggested_span.pk}" class="span-item status-{status} selected"' in html
        assert 'id="doc-text"' not in html
        trigger = json.loads(response["HX-Trigger"])["span-changed"]
        assert trigger == {
            "id": suggested_span.pk,
            "status": status,
            "kind": "statistic",
            "conflict": False,
        }
        suggested_span.refresh_from_db()
        assert suggested_span.status == status
        assert suggested_span.version == 2
        assert AuditEvent.objects.filter(action=f"span.{action}").count() == 1

    def test_plain_post_redirects_back_to_the_span(self, member_client, suggested_span):
        response = member_client.post(action_url(suggested_span, "accept"), {"version": 1})
        assert response.status_code == 302
        assert response.url.endswith(f"?span={suggested_span.pk}#span-{suggested_span.pk}")

    def test_stale_version_is_409_with_what_changed_and_a_reapply_form(
        self, member_client, suggested_span, user
    ):
        span_reject(span=suggested_span, expected_version=1, user=user)  # someone else first
        response = member_client.post(action_url(suggested_span, "accept"), {"version": 1}, **HX)
        html = response.content.decode()
        assert response.status_code == 409
        assert "Someone else changed this claim first" in html
        assert "You saw version 1; it is now at version 2" in html
        assert 'name="version" value="2"' in html  # the re-apply form carries the new version
        suggested_span.refresh_from_db()
        assert suggested_span.status == Span.Status.REJECTED  # nothing overwritten
        # re-applying on top works
        response = member_client.post(action_url(suggested_span, "accept"), {"version": 2}, **HX)
        assert response.status_code == 200
        suggested_span.refresh_from_db()
        assert suggested_span.status == Span.Status.ACCEPTED

    def test_stale_version_without_htmx_is_a_409_page(self, member_client, suggested_span, user):
        span_reject(span=suggested_span, expected_version=1, user=user)
        response = member_client.post(action_url(suggested_span, "accept"), {"version": 1})
        assert response.status_code == 409
        assert "<html" in response.content.decode()

    @pytest.mark.parametrize("data", [{}, {"version": "x"}])
    def test_missing_version_is_400_and_writes_nothing(self, member_client, suggested_span, data):
        response = member_client.post(action_url(suggested_span, "accept"), data, **HX)
        assert response.status_code == 400
        assert "span version" in response.content.decode()
        suggested_span.refresh_from_db()
        assert suggested_span.version == 1

    def test_unknown_action_is_400(self, member_client, suggested_span):
        response = member_client.post(action_url(suggested_span, "explode"), {"version": 1}, **HX)
        assert response.status_code == 400

    def test_get_is_not_allowed(self, member_client, suggested_span):
        assert member_client.get(action_url(suggested_span, "accept")).status_code == 405

    def test_post_without_csrf_token_is_403(self, project, suggested_span):
        strict = Client(enforce_csrf_checks=True)
        strict.force_login(MembershipFactory(project=project).user)
        for action in ("accept", "reject", "verdict"):
            response = strict.post(action_url(suggested_span, action), {"version": 1}, **HX)
            assert response.status_code == 403
        suggested_span.refresh_from_db()
        assert suggested_span.version == 1


class TestVerdict:
    def test_sets_verdict_with_rationale(self, member_client, suggested_span):
        member_client.post(action_url(suggested_span, "accept"), {"version": 1}, **HX)
        response = member_client.post(
            action_url(suggested_span, "verdict"),
            {"version": 2, "label": "refuted", "rationale": "The ministry's own figure is 9,000."},
            **HX,
        )
        assert response.status_code == 200
        verdict = Verdict.objects.get(span=suggested_span)
        assert (verdict.label, verdict.rationale) == (
            "refuted",
            "The ministry's own figure is 9,000.",
        )
        assert "Verdict: <strong>refuted</strong>" in response.content.decode()

    def test_label_off_the_scale_is_400_naming_it(self, member_client, suggested_span):
        response = member_client.post(
            action_url(suggested_span, "verdict"), {"version": 1, "label": "meh"}, **HX
        )
        assert response.status_code == 400
        assert "meh" in response.content.decode()
        assert not Verdict.objects.exists()

    def test_rationale_is_rendered_escaped(self, member_client, suggested_span):
        evil = '<script>alert(1)</script><img src=x onerror="alert(2)"> javascript:alert(3)'
        response = member_client.post(
            action_url(suggested_span, "verdict"),
            {"version": 1, "label": "mixed", "rationale": evil},
            **HX,
        )
        html = response.content.decode()
        assert "<script>alert(1)" not in html and "<img src=x" not in html
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html

    def test_conflicting_verdict_offers_to_reapply_it(self, member_client, suggested_span, user):
        span_reject(span=suggested_span, expected_version=1, user=user)
        response = member_client.post(
            action_url(suggested_span, "verdict"),
            {"version": 1, "label": "supported", "rationale": "two sources"},
            **HX,
        )
        html = response.content.decode()
        assert response.status_code == 409
        assert 'name="label" value="supported"' in html
        assert 'name="rationale" value="two sources"' in html


# session, user, project, document, its spans; with a claim selected also that
# claim with its engine facts, its evidence and its history.
PAGE_QUERIES = {"plain": 5, "selected": 8}


def test_review_page_queries_do_not_grow_with_spans(
    member_client, project, member, django_assert_num_queries
):
    from annotations.services.verdicts import verdict_set

    text = " ".join(f"Sentence {i} says 1{i},000 troops left." for i in range(60))
    small = DocumentFactory(project=project, text=text)
    large = DocumentFactory(project=project, text=text + " The end.")
    for doc, n in ((small, 3), (large, 60)):
        for i in range(n):
            start = text.index(f"Sentence {i} ")
            end = start + 10
            span = SpanFactory(document=doc, start=start, end=end, text=text[start:end])
            if i % 2:
                span.status = Span.Status.ACCEPTED
                span.save()
                verdict_set(span=span, expected_version=1, label="mixed", user=member)
    for doc in (small, large):
        url = reverse("document_detail", args=[project.slug, doc.pk])
        with django_assert_num_queries(PAGE_QUERIES["plain"]):
            assert member_client.get(url).status_code == 200
        selected = doc.spans.order_by("id").last()
        with django_assert_num_queries(PAGE_QUERIES["selected"]):
            response = member_client.get(f"{url}?span={selected.pk}")
        assert f'data-selected="{selected.pk}"' in response.content.decode()
