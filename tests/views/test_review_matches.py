"""The matcher's links on the review page: "Same claim elsewhere" in the panel (best
first, badges in words, reasons, where the other claim is; rejected ones left out),
deciding them through the evidence endpoints, the g / G keys, and conflicts marked
in the text and the claim list."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime

import pytest
from django.test import Client
from django.urls import reverse

from annotations.models import Document, Evidence, Span
from tests.factories import DocumentFactory, MembershipFactory, SpanFactory
from tests.views.test_review_actions import PAGE_QUERIES

HX = {"HTTP_HX_REQUEST": "true"}
HOSTILE = '<script>alert(1)</script><img src=x onerror="alert(2)">'
FLAG = '<span class="conflict-flag" role="img" aria-label="conflicting evidence elsewhere">'
LIST_BADGE = '<span class="badge conflicted"'


def span_over(document: Document, fragment: str, **fields) -> Span:
    start = document.text.index(fragment)
    end = start + len(fragment)
    return SpanFactory(
        document=document,
        start=start,
        end=end,
        text=fragment,
        model_start=start,
        model_end=end,
        **fields,
    )


def match(claim: Span, source: Span, stance: str, score: float, **fields) -> Evidence:
    """A link the matcher stored."""
    defaults = {
        "origin": Evidence.Origin.MATCHER,
        "status": Evidence.Status.SUGGESTED,
        "reason": f"{stance} because the figures say so",
    }
    defaults.update(fields)
    return Evidence.objects.create(
        claim=claim, source_span=source, stance=stance, score=score, **defaults
    )


def panel_url(span: Span) -> str:
    doc = span.document
    return reverse("span_panel", args=[doc.project.slug, doc.pk, span.pk])


def page_url(document: Document) -> str:
    return reverse("document_detail", args=[document.project.slug, document.pk])


def decide_url(claim: Span, evidence: Evidence, action: str) -> str:
    doc = claim.document
    return reverse(
        "evidence_action", args=[doc.project.slug, doc.pk, claim.pk, evidence.pk, action]
    )


def section(html: str, name: str) -> str:
    """The panel's "matches" or "evidence" section."""
    start = html.index(f'<section class="{name}"')
    return html[start : html.index("</section>", start)]


def match_ids(html: str) -> list[int]:
    return [int(pk) for pk in re.findall(r'id="match-(\d+)"', html)]


def list_entry(html: str, span: Span) -> str:
    start = html.index(f'<li id="span-{span.pk}"')
    return html[start : html.index("</li>", start)]


def marks_of(html: str, span: Span) -> list[str]:
    """The <mark> elements drawn for a span, with their content."""
    return re.findall(rf'<mark [^>]*data-span="{span.pk}".*?</mark>', html)


@pytest.fixture
def here(project):
    return DocumentFactory(
        project=project,
        title="The document under review",
        text="Officials said 8,000 troops are in Kursk. A later count said 8,200 troops.",
    )


@pytest.fixture
def claim(here):
    return span_over(here, "Officials said 8,000 troops are in Kursk.", status="accepted")


@pytest.fixture
def there(project):
    return DocumentFactory(
        project=project,
        title="Airship Gazette report",
        publisher="Airship Gazette",
        published_at=datetime(2024, 11, 5, 9, 30, tzinfo=UTC),
        text="Over 12,000 troops are in Kursk. About 8,000 troops are in Kursk. Troops moved.",
    )


@pytest.fixture
def links(claim, here, there):
    """One match of each relation elsewhere, one in this document, one rejected."""
    elsewhere = {
        "conflict": span_over(there, "Over 12,000 troops are in Kursk."),
        "agree": span_over(there, "About 8,000 troops are in Kursk."),
        "here": span_over(here, "A later count said 8,200 troops."),
        "related": span_over(there, "Troops moved."),
    }
    stances = {"conflict": "refutes", "agree": "supports", "here": "supports"}
    scores = {"conflict": 0.74, "agree": 0.69, "here": 0.55, "related": 0.41}
    return {
        name: match(claim, source, stances.get(name, "context"), scores[name])
        for name, source in elsewhere.items()
    }


class TestSameClaimElsewhere:
    def test_lists_matches_best_first_with_badges_reasons_scores_and_sources(
        self, member_client, claim, links, there
    ):
        html = member_client.get(panel_url(claim), **HX).content.decode()
        matches = section(html, "matches")
        assert "Same claim elsewhere" in matches
        order = ["conflict", "agree", "here", "related"]
        assert match_ids(matches) == [links[name].pk for name in order]
        for name, sign, relation in [
            ("conflict", "≠", "conflict"),
            ("agree", "=", "agree"),
            ("related", "~", "related"),
        ]:
            item = matches[matches.index(f'id="match-{links[name].pk}"') :]
            assert item.startswith(f'id="match-{links[name].pk}"')
            badge = (
                f'<span class="badge relation-{relation}">'
                f'<span aria-hidden="true">{sign}</span> {relation}</span>'
            )
            assert badge in item[:400]
            assert f"{links[name].stance} because the figures say so" in item
        assert "0.74" in matches and "0.41" in matches
        assert "Over 12,000 troops are in Kursk." in matches
        # The other document: title, publisher and date; the claim opens in it.
        source = links["conflict"].source_span
        href = f'{page_url(there)}?span={source.pk}#span-{source.pk}"'
        assert f'href="{href}' in matches
        assert "Airship Gazette report · Airship Gazette · " in matches
        assert '<time datetime="2024-11-05">2024-11-05</time>' in matches

    def test_a_match_in_this_document_says_so_and_selects_in_place(
        self, member_client, claim, links, here
    ):
        matches = section(member_client.get(panel_url(claim), **HX).content.decode(), "matches")
        other = links["here"].source_span
        item = matches[matches.index(f'id="match-{links["here"].pk}"') :]
        item = item[: item.index("</li>")]
        assert "this document" in item
        assert "The document under review" not in item
        # data-span: the page script selects it without leaving the page.
        assert (
            f'href="{page_url(here)}?span={other.pk}#span-{other.pk}" data-span="{other.pk}"'
            in item
        )

    def test_rejected_matches_are_left_out_and_counted(self, member_client, claim, there):
        rejected = match(
            claim, span_over(there, "Troops moved."), "refutes", 0.9, status="rejected"
        )
        kept = match(claim, span_over(there, "About 8,000 troops are in Kursk."), "supports", 0.5)
        html = member_client.get(panel_url(claim), **HX).content.decode()
        assert match_ids(html) == [kept.pk]
        assert "Troops moved." not in html
        assert "1 rejected match not shown." in section(html, "matches")
        assert f"/evidence/{rejected.pk}/" not in html
        # And it marks no conflict.
        assert "badge conflicted" not in html

    def test_accepted_match_is_shown_accepted_and_g_is_the_best_suggestion(
        self, member_client, claim, links
    ):
        Evidence.objects.filter(pk=links["conflict"].pk).update(status="accepted")
        html = member_client.get(panel_url(claim), **HX).content.decode()
        matches = section(html, "matches")
        assert match_ids(matches)[0] == links["conflict"].pk  # best score first, decided or not
        first = matches[: matches.index(f'id="match-{links["agree"].pk}"')]
        assert 'class="match-item relation-conflict status-accepted"' in first
        assert '<span class="badge status-accepted">accepted</span>' in first
        assert decide_url(claim, links["conflict"], "accept") not in html
        assert decide_url(claim, links["conflict"], "remove") in first
        # g and G decide the best match still waiting, and only that one.
        assert matches.count('data-key="g"') == 1 and matches.count('data-key="G"') == 1
        accept = re.search(
            r'<form [^>]*action="([^"]+)"[^>]*>[^<]*<input[^>]*><button [^>]*data-key="g"', matches
        )
        reject = re.search(
            r'<form [^>]*action="([^"]+)"[^>]*>[^<]*<input[^>]*><button [^>]*data-key="G"', matches
        )
        assert accept.group(1) == decide_url(claim, links["agree"], "accept")
        assert reject.group(1) == decide_url(claim, links["agree"], "reject")
        assert 'data-key="g" aria-keyshortcuts="g"' in matches
        assert 'data-key="G" aria-keyshortcuts="Shift+G"' in matches
        assert "<kbd>g</kbd>" in matches and "<kbd>G</kbd>" in matches
        # The Evidence section does not list it again, but says where it is.
        evidence = section(html, "evidence")
        assert "Over 12,000" not in evidence
        assert "No other evidence: 1 accepted match above." in evidence

    def test_no_key_when_nothing_waits(self, member_client, claim, links):
        Evidence.objects.filter(claim=claim).update(status="accepted")
        html = member_client.get(panel_url(claim), **HX).content.decode()
        assert 'data-key="g"' not in html and 'data-key="G"' not in html

    def test_no_match_says_so(self, member_client, claim):
        html = member_client.get(panel_url(claim), **HX).content.decode()
        assert "The matcher found no other claim like this one." in section(html, "matches")
        assert "No evidence linked yet." in section(html, "evidence")

    def test_peoples_links_and_outside_sources_stay_in_the_evidence_section(
        self, member_client, claim, links, there
    ):
        person = Evidence.objects.create(
            claim=claim,
            source_span=span_over(there, "Troops moved.", kind="event"),
            stance="supports",
        )
        Evidence.objects.filter(pk=links["related"].pk).delete()  # "Troops moved." once
        outside = Evidence.objects.create(
            claim=claim,
            url="https://example.org/report",
            publisher="Example Wire",
            stance="refutes",
        )
        html = member_client.get(panel_url(claim), **HX).content.decode()
        matches, evidence = section(html, "matches"), section(html, "evidence")
        assert person.pk not in match_ids(matches)
        assert "Troops moved." in evidence and "Troops moved." not in matches
        assert "Example Wire" in evidence and "Example Wire" not in matches
        assert "Over 12,000" in matches and "Over 12,000" not in evidence
        assert html.count(f"/evidence/{outside.pk}/remove/") == 2  # action and hx-post

    def test_the_panel_heading_says_the_claim_conflicts(self, member_client, claim, links):
        html = member_client.get(panel_url(claim), **HX).content.decode()
        heading = html[html.index('id="span-panel-heading"') :]
        assert LIST_BADGE in heading[: heading.index("</h2>")]


class TestDeciding:
    def test_accept_answers_with_the_panel_showing_it_accepted(self, member_client, claim, links):
        conflict = links["conflict"]
        response = member_client.post(decide_url(claim, conflict, "accept"), **HX)
        html = response.content.decode()
        assert response.status_code == 200
        assert html.strip().startswith('<section id="span-panel"')
        assert "<html" not in html and 'id="doc-text"' not in html
        assert "Suggestion accepted." in html
        item = section(html, "matches")
        assert 'class="match-item relation-conflict status-accepted"' in item
        # g has moved on to the next suggestion.
        form = rf'evidence/{links["agree"].pk}/accept/"[^>]*>[^<]*<input[^>]*>'
        assert re.search(form + r'<button [^>]*data-key="g"', item)
        # The claim's list entry comes out of band, still conflicting; the marks are
        # told through the trigger.
        entry = list_entry(html, claim)
        assert 'hx-swap-oob="true"' in entry and LIST_BADGE in entry
        changed = json.loads(response["HX-Trigger"])["span-changed"]
        assert changed == {
            "id": claim.pk,
            "status": "accepted",
            "kind": claim.kind,
            "conflict": True,
        }
        conflict.refresh_from_db()
        assert conflict.status == "accepted"

    def test_rejecting_the_only_conflict_ends_it(self, member_client, claim, links):
        response = member_client.post(decide_url(claim, links["conflict"], "reject"), **HX)
        html = response.content.decode()
        assert response.status_code == 200
        assert links["conflict"].pk not in match_ids(html)
        assert "1 rejected match not shown." in html
        assert LIST_BADGE not in list_entry(html, claim)
        assert json.loads(response["HX-Trigger"])["span-changed"]["conflict"] is False
        page = member_client.get(page_url(claim.document)).content.decode()
        assert all("conflicted" not in mark for mark in marks_of(page, claim))
        assert FLAG not in page

    def test_rejecting_an_agreement_keeps_the_conflict(self, member_client, claim, links):
        response = member_client.post(decide_url(claim, links["agree"], "reject"), **HX)
        assert json.loads(response["HX-Trigger"])["span-changed"]["conflict"] is True

    def test_a_match_decided_by_someone_else_is_409_and_shows_it(self, member_client, claim, links):
        url = decide_url(claim, links["conflict"], "accept")
        assert member_client.post(url, **HX).status_code == 200
        response = member_client.post(decide_url(claim, links["conflict"], "reject"), **HX)
        html = response.content.decode()
        assert response.status_code == 409
        assert "already accepted by someone else" in html
        assert 'class="match-item relation-conflict status-accepted"' in html
        links["conflict"].refresh_from_db()
        assert links["conflict"].status == "accepted"

    def test_plain_post_redirects_to_the_claim(self, member_client, claim, links):
        response = member_client.post(decide_url(claim, links["agree"], "accept"))
        assert response.status_code == 302
        assert response.url.endswith(f"?span={claim.pk}#span-{claim.pk}")

    def test_a_post_without_the_csrf_token_is_refused(self, project, member, claim, links):
        client = Client(enforce_csrf_checks=True)
        client.force_login(member)
        url = decide_url(claim, links["conflict"], "accept")
        assert client.post(url, **HX).status_code == 403
        links["conflict"].refresh_from_db()
        assert links["conflict"].status == "suggested"
        # The panel's form carries the token that makes it pass.
        html = client.get(panel_url(claim), **HX).content.decode()
        form = html[html.index(f'action="{url}"') :]
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form).group(1)
        response = client.post(url, {"csrfmiddlewaretoken": token}, **HX)
        assert response.status_code == 200
        links["conflict"].refresh_from_db()
        assert links["conflict"].status == "accepted"


class TestSafety:
    def test_reason_claim_text_title_and_publisher_are_escaped(self, member_client, project, claim):
        text = f"Claim {HOSTILE} of 9,000 troops."
        hostile = DocumentFactory(
            project=project, title=f"Title {HOSTILE}", publisher=f"Pub {HOSTILE}", text=text
        )
        match(claim, span_over(hostile, text), "refutes", 0.8, reason=f"Reason {HOSTILE}")
        for html in (
            member_client.get(panel_url(claim), **HX).content.decode(),
            member_client.get(f"{page_url(claim.document)}?span={claim.pk}").content.decode(),
        ):
            matches = section(html, "matches")
            assert "<script>" not in matches and "<img" not in matches
            assert "&lt;script&gt;alert(1)&lt;/script&gt;" in matches
            assert "Reason &lt;script&gt;" in matches
            assert "Title &lt;script&gt;" in matches and "Pub &lt;script&gt;" in matches

    def test_another_projects_spans_never_appear(self, member_client, claim, links):
        foreign_doc = DocumentFactory(title="Foreign secret", text="Foreign 99,000 troops.")
        foreign = span_over(foreign_doc, "Foreign 99,000 troops.")
        # Only a bug could store this link (services and matcher refuse it): not shown,
        # and it marks no conflict.
        Evidence.objects.filter(claim=claim).delete()
        match(claim, foreign, "refutes", 0.99)
        panel = member_client.get(panel_url(claim), **HX).content.decode()
        page = member_client.get(f"{page_url(claim.document)}?span={claim.pk}").content.decode()
        for html in (panel, page):
            assert "Foreign" not in html
            assert match_ids(html) == []
            assert LIST_BADGE not in html and FLAG not in html
        # Nor can a member open the other project's claim and its matches.
        assert member_client.get(panel_url(foreign), **HX).status_code == 404


class TestConflictMarks:
    def test_marked_in_the_text_and_the_list(self, member_client, project, here, claim, there):
        source = span_over(there, "Over 12,000 troops are in Kursk.")
        match(claim, source, "refutes", 0.7)
        agreeing = span_over(here, "A later count said 8,200 troops.")
        match(agreeing, span_over(there, "About 8,000 troops are in Kursk."), "supports", 0.7)
        html = member_client.get(page_url(here)).content.decode()
        [mark] = marks_of(html, claim)
        assert 'class="span kind-statistic status-accepted depth-1 conflicted"' in mark
        assert "· conflicting evidence elsewhere" in mark
        assert mark.count(FLAG) == 1
        assert LIST_BADGE in list_entry(html, claim)
        [other] = marks_of(html, agreeing)
        assert "conflicted" not in other and FLAG not in other
        assert LIST_BADGE not in list_entry(html, agreeing)

    @pytest.mark.parametrize(
        "kind", ["human link", "outside source", "rejected match", "rejected claim"]
    )
    def test_what_counts_as_a_conflict(self, member_client, here, claim, there, kind):
        source = span_over(there, "Over 12,000 troops are in Kursk.")
        if kind == "human link":
            Evidence.objects.create(claim=claim, source_span=source, stance="refutes")
        elif kind == "outside source":
            Evidence.objects.create(claim=claim, url="https://example.org/", stance="refutes")
        elif kind == "rejected match":
            match(claim, source, "refutes", 0.7, status="rejected")
        else:
            match(claim, source, "refutes", 0.7)
            Span.objects.filter(pk=claim.pk).update(status="rejected")
        html = member_client.get(page_url(here)).content.decode()
        marked = kind in ("human link", "outside source")
        assert (FLAG in html) is marked
        assert (LIST_BADGE in list_entry(html, claim)) is marked

    def test_the_source_side_of_a_one_way_link_is_not_marked(
        self, member_client, claim, here, there
    ):
        source = span_over(there, "Over 12,000 troops are in Kursk.")
        Evidence.objects.create(claim=claim, source_span=source, stance="refutes")
        html = member_client.get(page_url(there)).content.decode()
        assert FLAG not in html


def test_page_queries_stay_pinned_with_matches_and_conflicts(
    member_client, project, django_assert_num_queries
):
    """Matches and conflict marks cost the page no query: the marks come from an
    EXISTS in the spans' query, the matches from the panel's evidence query."""
    text = " ".join(f"Sentence {i} says 1{i},000 troops left." for i in range(40))
    elsewhere = DocumentFactory(project=project, text=text + " Elsewhere.")
    sources = []
    for i in range(10):
        sources.append(span_over(elsewhere, f"Sentence {i} says"))
    for n in (3, 40):
        doc = DocumentFactory(project=project, text=text + f" {n}.")
        spans = []
        for i in range(n):
            spans.append(span_over(doc, f"Sentence {i} says"))
        for i, span in enumerate(spans):
            stance = ["refutes", "supports", "context"][i % 3]
            for j in range(3):
                match(span, sources[(i + j) % 10], stance, 0.5 + j / 10)
        url = page_url(doc)
        with django_assert_num_queries(PAGE_QUERIES["plain"]):
            html = member_client.get(url).content.decode()
        assert html.count(FLAG) == len(range(0, n, 3))
        with django_assert_num_queries(PAGE_QUERIES["selected"]):
            html = member_client.get(f"{url}?span={spans[0].pk}").content.decode()
        assert len(match_ids(html)) == 3


def test_a_non_member_gets_404_for_the_panel_and_the_decision(client, claim, links):
    outsider = MembershipFactory().user
    client.force_login(outsider)
    assert client.get(panel_url(claim), **HX).status_code == 404
    assert client.post(decide_url(claim, links["conflict"], "accept"), **HX).status_code == 404
    links["conflict"].refresh_from_db()
    assert links["conflict"].status == "suggested"
