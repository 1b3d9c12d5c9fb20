"""Evidence for the selected claim on the review page: searching the project's other
documents, linking a span or an external source, deciding on suggested links,
removing links, undoing a link; answers with and without htmx, the audit trail and
escaping of what people type."""

from __future__ import annotations

import json
import re
from datetime import date

import pytest
from django.urls import reverse

from annotations.models import AuditEvent, Document, Evidence, Span
from annotations.services.evidence import evidence_remove
from tests.factories import DocumentFactory, SpanFactory

HX = {"HTTP_HX_REQUEST": "true"}
XSS = ["<script>alert(1)</script>", "<img src=x onerror=alert(1)>"]


def escaped(value: str) -> str:
    return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def span_over(document: Document, fragment: str, **fields) -> Span:
    start = document.text.index(fragment)
    end = start + len(fragment)
    fields.setdefault("model_start", start)
    fields.setdefault("model_end", end)
    return SpanFactory(document=document, start=start, end=end, text=fragment, **fields)


def search_url(claim: Span, q: str | None = None) -> str:
    doc = claim.document
    url = reverse("evidence_search", args=[doc.project.slug, doc.pk, claim.pk])
    return url if q is None else f"{url}?q={q}"


def link_url(claim: Span) -> str:
    doc = claim.document
    return reverse("evidence_link", args=[doc.project.slug, doc.pk, claim.pk])


def external_url(claim: Span) -> str:
    doc = claim.document
    return reverse("evidence_external", args=[doc.project.slug, doc.pk, claim.pk])


def decide_url(claim: Span, evidence: Evidence | int, action: str) -> str:
    doc = claim.document
    pk = evidence.pk if isinstance(evidence, Evidence) else evidence
    return reverse("evidence_action", args=[doc.project.slug, doc.pk, claim.pk, pk, action])


def undo_url(document: Document) -> str:
    return reverse("review_undo", args=[document.project.slug, document.pk])


def actions() -> list[str]:
    return list(AuditEvent.objects.order_by("id").values_list("action", flat=True))


def suggest(claim: Span, source: Span, **fields) -> Evidence:
    """A link the matcher proposed, waiting for a decision."""
    defaults = {
        "stance": Evidence.Stance.SUPPORTS,
        "origin": Evidence.Origin.MATCHER,
        "status": Evidence.Status.SUGGESTED,
        "score": 0.7,
        "reason": "same figure",
    }
    defaults.update(fields)
    return Evidence.objects.create(claim=claim, source_span=source, **defaults)


@pytest.fixture
def here(project):
    return DocumentFactory(
        project=project,
        title="The document under review",
        text="Officials said a zeppelin carried 40 troops. A zeppelin also flew home.",
    )


@pytest.fixture
def claim(here):
    return span_over(here, "Officials said a zeppelin carried 40 troops.", status="accepted")


@pytest.fixture
def corpus(project, here, claim):
    """Spans mentioning "zeppelin" in this document, in others of the project (one
    rejected) and in another project."""
    there = DocumentFactory(
        project=project,
        title="Airship report",
        text="A zeppelin landed in Kursk on Monday. The zeppelin story was wrong.",
    )
    third = DocumentFactory(project=project, title="Third", text="Zeppelin flights resumed.")
    foreign = DocumentFactory(title="Foreign", text="A zeppelin in another project.")
    return {
        "same_document": span_over(here, "A zeppelin also flew home."),
        "suggested": span_over(there, "A zeppelin landed in Kursk on Monday."),
        "rejected": span_over(there, "The zeppelin story was wrong.", status="rejected"),
        "accepted": span_over(third, "Zeppelin flights resumed.", status="accepted"),
        "foreign": span_over(foreign, "A zeppelin in another project."),
    }


def linked_ids(html: str) -> set[int]:
    return {int(v) for v in re.findall(r'name="source_span" value="(\d+)"', html)}


# -- Search -----------------------------------------------------------------------------


class TestSearch:
    def test_htmx_returns_only_the_results_fragment_with_link_forms(
        self, member_client, claim, corpus
    ):
        response = member_client.get(search_url(claim, "zeppelin"), **HX)
        html = response.content.decode()
        assert response.status_code == 200
        assert html.strip().startswith('<div id="evidence-results"')
        assert "<html" not in html and 'id="span-panel"' not in html
        assert linked_ids(html) == {corpus["suggested"].pk, corpus["accepted"].pk}
        assert "Airship report" in html and "Third" in html
        assert "<mark>" in html
        forms = re.findall(r"<form [^>]*>.*?</form>", html, re.DOTALL)
        assert len(forms) == 2
        for form in forms:
            assert f'action="{link_url(claim)}"' in form
            assert f'hx-post="{link_url(claim)}"' in form
            assert "csrfmiddlewaretoken" in form
            for stance in ("supports", "refutes", "context"):
                assert f'name="stance" value="{stance}"' in form

    def test_never_this_document_another_project_or_rejected_spans(
        self, member_client, claim, corpus
    ):
        html = member_client.get(search_url(claim, "zeppelin"), **HX).content.decode()
        for key in ("same_document", "rejected", "foreign"):
            assert corpus[key].pk not in linked_ids(html), key
            assert corpus[key].text not in html, key
        assert "Foreign" not in html

    def test_plain_get_is_the_whole_page_with_the_results(self, member_client, claim, corpus):
        response = member_client.get(search_url(claim, "zeppelin"))
        html = response.content.decode()
        assert response.status_code == 200
        assert "<html" in html
        assert 'id="span-panel"' in html
        assert linked_ids(html) == {corpus["suggested"].pk, corpus["accepted"].pk}
        assert 'value="zeppelin"' in html  # the search field keeps the query

    def test_no_match_says_so(self, member_client, claim, corpus):
        html = member_client.get(search_url(claim, "submarine"), **HX).content.decode()
        assert "No claims match “submarine”" in html
        assert not linked_ids(html)

    @pytest.mark.parametrize("q", [None, "", "   "])
    def test_empty_query_finds_nothing_quietly(self, member_client, claim, corpus, q):
        response = member_client.get(search_url(claim, q), **HX)
        html = response.content.decode()
        assert response.status_code == 200
        assert not linked_ids(html)
        assert "No claims match" not in html

    @pytest.mark.parametrize("htmx", [True, False])
    def test_overlong_query_is_400_with_a_message(self, member_client, claim, corpus, htmx):
        response = member_client.get(search_url(claim, "z" * 201), **(HX if htmx else {}))
        assert response.status_code == 400
        assert "at most 200 are allowed" in response.content.decode()

    def test_a_query_of_200_characters_is_fine(self, member_client, claim, corpus):
        q = ("zeppelin " * 23)[:200]
        assert member_client.get(search_url(claim, q), **HX).status_code == 200

    def test_query_is_escaped(self, member_client, claim, corpus):
        html = member_client.get(search_url(claim, XSS[0]), **HX).content.decode()
        assert XSS[0] not in html
        html = member_client.get(search_url(claim, XSS[0])).content.decode()
        assert XSS[0] not in html

    def test_hit_text_and_title_are_escaped(self, member_client, project, claim):
        evil = DocumentFactory(
            project=project,
            title=f"Title {XSS[1]}",
            text=f"The zeppelin {XSS[0]} report.",
        )
        span_over(evil, f"The zeppelin {XSS[0]} report.")
        html = member_client.get(search_url(claim, "zeppelin"), **HX).content.decode()
        assert len(linked_ids(html)) == 1
        for value in XSS:
            assert value not in html
        assert escaped(XSS[1]) in html

    def test_span_of_another_document_in_the_url_is_404(self, member_client, project, claim):
        other = DocumentFactory(project=project)
        url = reverse("evidence_search", args=[project.slug, other.pk, claim.pk])
        assert member_client.get(url + "?q=zeppelin", **HX).status_code == 404

    def test_post_is_not_allowed(self, member_client, claim):
        assert member_client.post(search_url(claim, "zeppelin")).status_code == 405


# -- Linking a span ---------------------------------------------------------------------


class TestLinkSpan:
    def test_htmx_link_creates_evidence_and_answers_with_the_panel(
        self, member_client, claim, corpus, member
    ):
        source = corpus["suggested"]
        response = member_client.post(
            link_url(claim), {"source_span": source.pk, "stance": "refutes"}, **HX
        )
        html = response.content.decode()
        assert response.status_code == 200
        assert html.strip().startswith('<section id="span-panel"')
        assert "Evidence linked." in html
        assert "Airship report" in html and source.text in html
        assert re.search(rf'<li id="span-{claim.pk}"[^>]*hx-swap-oob="true"', html)
        assert json.loads(response["HX-Trigger"])["span-changed"]["id"] == claim.pk
        evidence = Evidence.objects.get()
        assert (evidence.claim, evidence.source_span, evidence.stance) == (
            claim,
            source,
            "refutes",
        )
        assert (evidence.origin, evidence.status, evidence.created_by) == (
            "human",
            "accepted",
            member,
        )
        event = AuditEvent.objects.get()
        assert (event.action, event.object_type, event.object_id) == (
            "evidence.link",
            "evidence",
            str(evidence.pk),
        )
        assert event.after["source_span"] == source.pk
        # The link shows in the claim's history.
        assert "evidence.link" in html

    def test_plain_post_redirects_to_the_claim(self, member_client, claim, corpus):
        response = member_client.post(
            link_url(claim), {"source_span": corpus["accepted"].pk, "stance": "context"}
        )
        assert response.status_code == 302
        assert response.url.endswith(f"?span={claim.pk}#span-{claim.pk}")
        assert Evidence.objects.count() == 1

    def test_a_span_of_another_project_is_400_and_creates_nothing(
        self, member_client, claim, corpus
    ):
        response = member_client.post(
            link_url(claim), {"source_span": corpus["foreign"].pk, "stance": "supports"}, **HX
        )
        assert response.status_code == 400
        assert "not in this project" in response.content.decode()
        assert corpus["foreign"].text not in response.content.decode()
        assert not Evidence.objects.exists()
        assert not AuditEvent.objects.exists()

    def test_a_span_that_does_not_exist_is_400(self, member_client, claim):
        response = member_client.post(
            link_url(claim), {"source_span": 987654, "stance": "supports"}, **HX
        )
        assert response.status_code == 400
        assert "not in this project" in response.content.decode()

    def test_a_duplicate_link_is_400(self, member_client, claim, corpus):
        data = {"source_span": corpus["suggested"].pk, "stance": "supports"}
        assert member_client.post(link_url(claim), data, **HX).status_code == 200
        response = member_client.post(link_url(claim), {**data, "stance": "refutes"}, **HX)
        assert response.status_code == 400
        assert "already linked" in response.content.decode()
        assert Evidence.objects.get().stance == "supports"
        assert actions() == ["evidence.link"]

    @pytest.mark.parametrize("stance", ["", "agrees", "SUPPORTS", XSS[0]])
    def test_a_bad_stance_is_400(self, member_client, claim, corpus, stance):
        response = member_client.post(
            link_url(claim), {"source_span": corpus["suggested"].pk, "stance": stance}, **HX
        )
        html = response.content.decode()
        assert response.status_code == 400
        assert "must be one of supports, refutes, context" in html
        assert XSS[0] not in html
        assert not Evidence.objects.exists()

    @pytest.mark.parametrize("source", ["", "abc", "1.5"])
    def test_no_source_is_400(self, member_client, claim, source):
        response = member_client.post(
            link_url(claim), {"source_span": source, "stance": "supports"}, **HX
        )
        assert response.status_code == 400
        assert "choose a claim to link" in response.content.decode()
        assert not Evidence.objects.exists()

    def test_a_claim_cannot_be_its_own_evidence(self, member_client, claim):
        response = member_client.post(
            link_url(claim), {"source_span": claim.pk, "stance": "supports"}, **HX
        )
        assert response.status_code == 400
        assert "its own evidence" in response.content.decode()
        assert not Evidence.objects.exists()

    def test_linking_takes_the_document_into_review(self, member_client, here, claim, corpus):
        Document.objects.filter(pk=here.pk).update(status="preannotated")
        member_client.post(
            link_url(claim), {"source_span": corpus["suggested"].pk, "stance": "supports"}, **HX
        )
        assert Document.objects.get(pk=here.pk).status == "in_review"

    def test_undo_removes_the_link(self, member_client, here, claim, corpus):
        member_client.post(
            link_url(claim), {"source_span": corpus["suggested"].pk, "stance": "supports"}, **HX
        )
        response = member_client.post(undo_url(here), **HX)
        assert response.status_code == 200
        assert "Undone." in response.content.decode()
        assert f'data-selected="{claim.pk}"' in response.content.decode()
        assert not Evidence.objects.exists()
        assert actions() == ["evidence.link", "evidence.remove"]

    def test_undo_of_a_link_someone_removed_is_409(self, member_client, here, claim, corpus, user):
        member_client.post(
            link_url(claim), {"source_span": corpus["suggested"].pk, "stance": "supports"}, **HX
        )
        evidence_remove(evidence=Evidence.objects.get(), user=user)
        response = member_client.post(undo_url(here), **HX)
        assert response.status_code == 409
        assert "removed by someone else" in response.content.decode()
        assert actions() == ["evidence.link", "evidence.remove"]


# -- External sources -------------------------------------------------------------------


class TestExternal:
    def test_htmx_adds_the_source_and_shows_it(self, member_client, claim, member):
        response = member_client.post(
            external_url(claim),
            {
                "url": " https://example.org/report ",
                "publisher": " Example News ",
                "excerpt": "About 8,000 are in Kursk.",
                "source_date": "2024-10-23",
                "stance": "supports",
            },
            **HX,
        )
        html = response.content.decode()
        assert response.status_code == 200
        assert "Source added." in html
        assert '<a href="https://example.org/report" rel="noopener noreferrer nofollow"' in html
        assert ">Example News</a>" in html
        assert '<time datetime="2024-10-23">' in html
        assert "About 8,000 are in Kursk." in html
        evidence = Evidence.objects.get()
        assert (evidence.url, evidence.publisher, evidence.source_date) == (
            "https://example.org/report",
            "Example News",
            date(2024, 10, 23),
        )
        assert (evidence.source_span, evidence.origin, evidence.created_by) == (
            None,
            "human",
            member,
        )
        event = AuditEvent.objects.get()
        assert event.action == "evidence.link"
        assert event.after["url"] == "https://example.org/report"

    def test_date_is_optional_and_plain_post_redirects(self, member_client, claim):
        response = member_client.post(
            external_url(claim), {"url": "http://example.org", "stance": "context"}
        )
        assert response.status_code == 302
        assert response.url.endswith(f"?span={claim.pk}#span-{claim.pk}")
        assert Evidence.objects.get().source_date is None

    @pytest.mark.parametrize(
        "url",
        [
            "javascript:alert(1)",
            "JavaScript:alert(1)",
            "  javascript:alert(1)",
            "java\tscript:alert(1)",
            "data:text/html,<script>alert(1)</script>",
            "vbscript:msgbox(1)",
            "//example.org/no-scheme",
            "https:alert(1)",
            "ftp://example.org/file",
            "",
        ],
    )
    def test_anything_but_a_web_address_is_refused(self, member_client, claim, url):
        response = member_client.post(external_url(claim), {"url": url, "stance": "supports"}, **HX)
        html = response.content.decode()
        assert response.status_code == 400
        assert "url must be an http:// or https:// address" in html
        assert "<script>alert" not in html
        assert 'href="javascript' not in html.lower()
        assert not Evidence.objects.exists()
        assert not AuditEvent.objects.exists()

    @pytest.mark.parametrize("value", ["2024-13-01", "23/10/2024", "yesterday", "2024-02-30"])
    def test_a_bad_date_is_400_naming_the_format(self, member_client, claim, value):
        response = member_client.post(
            external_url(claim),
            {"url": "https://example.org", "stance": "supports", "source_date": value},
            **HX,
        )
        assert response.status_code == 400
        assert "date must be YYYY-MM-DD" in response.content.decode()
        assert not Evidence.objects.exists()

    def test_a_bad_stance_is_400(self, member_client, claim):
        response = member_client.post(
            external_url(claim), {"url": "https://example.org", "stance": "maybe"}, **HX
        )
        assert response.status_code == 400
        assert not Evidence.objects.exists()

    @pytest.mark.parametrize(
        "field,value,message",
        [
            ("excerpt", "x" * 5001, "excerpt is longer than 5,000"),
            ("publisher", "p" * 201, "publisher is longer than 200"),
            ("url", "https://example.org/" + "a" * 2000, "url is longer than 2,000"),
        ],
    )
    def test_overlong_fields_are_400(self, member_client, claim, field, value, message):
        data = {"url": "https://example.org", "stance": "supports", field: value}
        response = member_client.post(external_url(claim), data, **HX)
        assert response.status_code == 400
        assert message in response.content.decode()
        assert not Evidence.objects.exists()

    @pytest.mark.parametrize("evil", XSS)
    def test_publisher_and_excerpt_are_escaped(self, member_client, claim, evil):
        response = member_client.post(
            external_url(claim),
            {
                "url": "https://example.org/a",
                "publisher": f"Pub {evil}",
                "excerpt": f"Quote {evil}",
                "stance": "refutes",
            },
            **HX,
        )
        html = response.content.decode()
        assert response.status_code == 200
        assert evil not in html
        assert f"Pub {escaped(evil)}" in html and f"Quote {escaped(evil)}" in html
        page = member_client.get(
            reverse("document_detail", args=[claim.document.project.slug, claim.document_id])
            + f"?span={claim.pk}"
        )
        assert evil not in page.content.decode()

    def test_a_url_cannot_break_out_of_its_attribute(self, member_client, claim):
        url = 'https://example.org/?q="><script>alert(1)</script>'
        response = member_client.post(external_url(claim), {"url": url, "stance": "context"}, **HX)
        html = response.content.decode()
        assert response.status_code == 200
        assert "<script>alert(1)" not in html
        assert 'href="https://example.org/?q=&quot;&gt;&lt;script&gt;' in html

    def test_undo_removes_the_source(self, member_client, here, claim):
        member_client.post(
            external_url(claim), {"url": "https://example.org", "stance": "context"}, **HX
        )
        assert member_client.post(undo_url(here), **HX).status_code == 200
        assert not Evidence.objects.exists()
        assert actions() == ["evidence.link", "evidence.remove"]


# -- Deciding on and removing links -----------------------------------------------------


class TestEvidenceActions:
    @pytest.fixture
    def suggestion(self, claim, corpus):
        return suggest(claim, corpus["suggested"])

    def test_panel_offers_accept_and_reject_for_a_suggestion(
        self, member_client, claim, suggestion
    ):
        doc = claim.document
        panel = reverse("span_panel", args=[doc.project.slug, doc.pk, claim.pk])
        html = member_client.get(panel, **HX).content.decode()
        assert f'action="{decide_url(claim, suggestion, "accept")}"' in html
        assert f'action="{decide_url(claim, suggestion, "reject")}"' in html
        # The matcher's suggestion is listed under "Same claim elsewhere": rejected,
        # not removed (a removed pair would be suggested again by the next run).
        assert f'action="{decide_url(claim, suggestion, "remove")}"' not in html
        assert "suggested by the tool" in html
        assert "same figure" in html

    @pytest.mark.parametrize("action,status", [("accept", "accepted"), ("reject", "rejected")])
    def test_deciding_a_suggestion(self, member_client, claim, suggestion, member, action, status):
        response = member_client.post(decide_url(claim, suggestion, action), **HX)
        html = response.content.decode()
        assert response.status_code == 200
        assert f"Suggestion {status}." in html
        assert f'action="{decide_url(claim, suggestion, "accept")}"' not in html
        suggestion.refresh_from_db()
        assert suggestion.status == status
        event = AuditEvent.objects.get()
        assert (event.action, event.object_id, event.actor) == (
            f"evidence.{action}",
            str(suggestion.pk),
            member,
        )
        assert (event.before["status"], event.after["status"]) == ("suggested", status)

    def test_plain_post_redirects_to_the_claim(self, member_client, claim, suggestion):
        response = member_client.post(decide_url(claim, suggestion, "accept"))
        assert response.status_code == 302
        assert response.url.endswith(f"?span={claim.pk}#span-{claim.pk}")

    @pytest.mark.parametrize("first", ["accept", "reject"])
    @pytest.mark.parametrize("second", ["accept", "reject"])
    def test_deciding_an_already_decided_suggestion_is_409(
        self, member_client, claim, suggestion, first, second
    ):
        member_client.post(decide_url(claim, suggestion, first), **HX)
        suggestion.refresh_from_db()
        decided = suggestion.status
        response = member_client.post(decide_url(claim, suggestion, second), **HX)
        assert response.status_code == 409
        assert f"already {decided}" in response.content.decode()
        suggestion.refresh_from_db()
        assert suggestion.status == decided
        assert actions() == [f"evidence.{first}"]

    def test_a_persons_link_cannot_be_accepted_or_rejected(self, member_client, claim, corpus):
        link = Evidence.objects.create(
            claim=claim, source_span=corpus["accepted"], stance="supports"
        )
        for action in ("accept", "reject"):
            assert member_client.post(decide_url(claim, link, action), **HX).status_code == 409
        link.refresh_from_db()
        assert link.status == "accepted"
        assert not AuditEvent.objects.exists()

    def test_remove(self, member_client, claim, suggestion, member):
        response = member_client.post(decide_url(claim, suggestion, "remove"), **HX)
        assert response.status_code == 200
        assert "Evidence link removed." in response.content.decode()
        assert not Evidence.objects.exists()
        event = AuditEvent.objects.get()
        assert (event.action, event.object_id) == ("evidence.remove", str(suggestion.pk))
        assert event.before["source_span"] == suggestion.source_span_id
        assert event.before["status"] == "suggested"

    def test_remove_an_external_source_keeps_it_in_the_audit(self, member_client, claim):
        source = Evidence.objects.create(
            claim=claim,
            url="https://example.org/x",
            publisher="Example",
            excerpt="quoted",
            source_date=date(2024, 1, 2),
            stance="context",
        )
        assert member_client.post(decide_url(claim, source, "remove"), **HX).status_code == 200
        before = AuditEvent.objects.get().before
        assert before["url"] == "https://example.org/x"
        assert (before["publisher"], before["excerpt"], before["source_date"]) == (
            "Example",
            "quoted",
            "2024-01-02",
        )

    def test_removing_an_already_removed_link_is_409(self, member_client, claim, suggestion):
        url = decide_url(claim, suggestion, "remove")
        assert member_client.post(url, **HX).status_code == 200
        response = member_client.post(url, **HX)
        assert response.status_code == 409
        assert "removed by someone else" in response.content.decode()
        assert actions() == ["evidence.remove"]

    @pytest.mark.parametrize("action", ["accept", "reject", "remove"])
    def test_evidence_of_another_claim_is_refused_and_unchanged(
        self, member_client, here, claim, corpus, action
    ):
        other_claim = corpus["same_document"]
        theirs = suggest(other_claim, corpus["suggested"])
        foreign_doc = DocumentFactory(project=corpus["foreign"].document.project)
        foreign = suggest(corpus["foreign"], SpanFactory(document=foreign_doc))
        for evidence in (theirs, foreign):
            response = member_client.post(decide_url(claim, evidence, action), **HX)
            assert response.status_code in (404, 409)
            evidence.refresh_from_db()
            assert evidence.status == "suggested"
        assert not AuditEvent.objects.exists()

    def test_unknown_action_is_400_and_changes_nothing(self, member_client, claim, suggestion):
        response = member_client.post(decide_url(claim, suggestion, "explode"), **HX)
        assert response.status_code == 400
        assert "unknown evidence action" in response.content.decode()
        suggestion.refresh_from_db()
        assert suggestion.status == "suggested"

    def test_deciding_takes_the_document_into_review(self, member_client, here, claim, suggestion):
        Document.objects.filter(pk=here.pk).update(status="preannotated")
        member_client.post(decide_url(claim, suggestion, "accept"), **HX)
        assert Document.objects.get(pk=here.pk).status == "in_review"

    def test_get_is_not_allowed(self, member_client, claim, suggestion):
        assert member_client.get(decide_url(claim, suggestion, "accept")).status_code == 405
