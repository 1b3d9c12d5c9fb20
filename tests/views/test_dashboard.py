"""The project page as a dashboard: progress, claim counts, my queue, next document."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest
from django.urls import reverse

from annotations.models import Span, Verdict
from annotations.services.spans import span_accept
from tests.factories import (
    DocumentFactory,
    MembershipFactory,
    ProjectFactory,
    SpanFactory,
    UserFactory,
)

# Session, user, project, role, page count, page, status counts, claim counts,
# verdict counts, my queue (list + count), recent jobs.
PAGE_QUERIES = 12


class _Tables(HTMLParser):
    """The text of every cell, row by row, of each table with a given class."""

    def __init__(self, css_class: str) -> None:
        super().__init__()
        self.css_class = css_class
        self.tables: list[list[list[str]]] = []
        self._depth = 0
        self._row: list[str] | None = None
        self._cell: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        if tag == "table":
            if self._depth or self.css_class in (dict(attrs).get("class") or "").split():
                self._depth += 1
                if self._depth == 1:
                    self.tables.append([])
        elif self._depth and tag == "tr":
            self._row = []
        elif self._depth and tag in ("td", "th"):
            self._cell = []

    def handle_endtag(self, tag):
        if not self._depth:
            return
        if tag == "table":
            self._depth -= 1
        elif tag in ("td", "th") and self._cell is not None and self._row is not None:
            self._row.append(" ".join("".join(self._cell).split()))
            self._cell = None
        elif tag == "tr" and self._row is not None:
            self.tables[-1].append(self._row)
            self._row = None

    def handle_data(self, data):
        if self._cell is not None:
            self._cell.append(data)


def table(html: str, css_class: str) -> list[list[str]]:
    parser = _Tables(css_class)
    parser.feed(html)
    assert len(parser.tables) == 1, f"expected one table.{css_class}"
    return parser.tables[0]


def between(html: str, start: str, end: str) -> str:
    """The part of the page from `start` up to the next `end`."""
    i = html.index(start)
    return html[i : html.index(end, i)]


def queue_section(html: str) -> str:
    return between(html, 'aria-labelledby="queue-heading"', "</section>")


def page(client, project, query: str = "") -> str:
    response = client.get(reverse("project_detail", args=[project.slug]) + query)
    assert response.status_code == 200
    return response.content.decode()


def spans(document, n: int, **kwargs) -> list[Span]:
    """n suggested spans over the document's first sentence (distinct start offsets)."""
    return [SpanFactory(document=document, start=i, **kwargs) for i in range(n)]


def test_documents_by_status_bar_gives_the_figures_as_text(member_client, project):
    DocumentFactory(project=project, status="reviewed")
    DocumentFactory.create_batch(2, project=project, status="in_review")
    DocumentFactory(project=project, status="new")
    html = page(member_client, project)
    assert "<strong>1</strong> of 4 documents reviewed" in html
    bar = between(html, '<div class="stacked-bar" role="img"', ">")
    assert (
        'aria-label="Documents: 1 reviewed (25%), 2 in review (50%), 0 preannotated (0%), '
        '0 queued (0%), 1 new (25%)"'
    ) in bar
    # Empty shares draw no segment; the others are as wide as their counts.
    segments = between(html, bar, "</div>")
    assert segments.count('class="segment') == 3
    assert 'class="segment doc-in_review" style="flex-grow: 2"' in segments
    legend = between(html, 'aria-label="Documents by status"', "</ul>")
    assert "in review <strong>2</strong>" in legend
    assert "queued <strong>0</strong>" in legend


def test_empty_project_says_so_instead_of_drawing_a_bar(member_client, project):
    html = page(member_client, project)
    assert 'aria-label="Documents: none yet"' in html
    assert 'aria-label="Claims: none yet"' in html
    assert "<strong>0</strong> of 0 documents reviewed" in html


def test_claims_by_kind_and_status(member_client, project):
    document = DocumentFactory(project=project, status="in_review")
    spans(document, 2, kind="statistic")
    SpanFactory(document=document, start=2, kind="statistic", status=Span.Status.ACCEPTED)
    SpanFactory(document=document, start=3, kind="quote", status=Span.Status.REJECTED)
    # A kind the project no longer lists still counts, after the project's own kinds.
    SpanFactory(document=document, start=4, kind="legacy", status=Span.Status.ACCEPTED)
    html = page(member_client, project)
    assert table(html, "claims-by-kind") == [
        ["Kind", "Suggested", "Accepted", "Rejected", "Total"],
        ["statistic", "2", "1", "0", "3"],
        ["quote", "0", "0", "1", "1"],
        ["attribution", "0", "0", "0", "0"],
        ["event", "0", "0", "0", "0"],
        ["comparison", "0", "0", "0", "0"],
        ["legacy (not a kind of this project)", "0", "1", "0", "1"],
        ["All kinds", "2", "2", "1", "5"],
    ]
    assert "<strong>3</strong> of 5 claims reviewed" in html
    assert 'aria-label="Claims: 2 accepted (40%), 1 rejected (20%), 2 suggested (40%)"' in html
    legend = between(html, 'aria-label="Claims by status"', "</ul>")
    assert "suggested <strong>2</strong>" in legend


def test_verdicts_by_label_in_scale_order(member_client, project):
    document = DocumentFactory(project=project)
    claims = spans(document, 4, status=Span.Status.ACCEPTED)
    for span, label in zip(claims, ["refuted", "refuted", "supported", "satire"], strict=True):
        Verdict.objects.create(span=span, label=label)
    html = page(member_client, project)
    assert table(html, "verdicts") == [
        ["Label", "Claims"],
        ["supported", "1"],
        ["refuted", "2"],
        ["mixed", "0"],
        ["unproven", "0"],
        ["satire", "1"],
    ]


def test_my_queue_holds_only_documents_i_changed_that_are_not_reviewed(
    member_client, member, project
):
    someone = MembershipFactory(project=project).user
    in_review = DocumentFactory(project=project, status="in_review", title="Mine in review")
    SpanFactory(document=in_review, start=0, updated_by=member, status=Span.Status.ACCEPTED)
    SpanFactory(document=in_review, start=1)
    preannotated = DocumentFactory(project=project, status="preannotated", title="Mine preann")
    SpanFactory(document=preannotated, updated_by=member)
    reviewed = DocumentFactory(project=project, status="reviewed", title="Mine but reviewed")
    SpanFactory(document=reviewed, updated_by=member)
    theirs = DocumentFactory(project=project, status="in_review", title="Changed by someone")
    SpanFactory(document=theirs, updated_by=someone)
    untouched = DocumentFactory(project=project, status="preannotated", title="Untouched")
    SpanFactory(document=untouched)

    queue = queue_section(page(member_client, project))
    assert queue.count("<li>") == 2
    for document in (in_review, preannotated):
        link = reverse("document_detail", args=[project.slug, document.pk])
        assert f'<a href="{link}">{document.title}</a>' in queue
    for document in (reviewed, theirs, untouched):
        assert document.title not in queue
    # Per-document progress: one of the two claims is reviewed.
    assert '<progress max="2" value="1"' in queue
    assert "1/2<span" in queue
    # The untouched, the other person's and my second document are all still to review.
    assert "4 documents left to review in this project." in queue


def test_accepting_a_claim_through_the_service_puts_its_document_in_my_queue(
    member_client, member, project
):
    document = DocumentFactory(project=project, status="in_review", title="Just accepted")
    span = SpanFactory(document=document)
    assert "Just accepted" not in queue_section(page(member_client, project))
    span_accept(span=span, expected_version=span.version, user=member)
    assert "Just accepted" in queue_section(page(member_client, project))


def test_my_queue_shows_the_latest_ten_and_counts_the_rest(member_client, member, project):
    touched = [
        SpanFactory(
            document=DocumentFactory(project=project, status="in_review"), updated_by=member
        )
        for _ in range(12)
    ]
    DocumentFactory(project=project, status="new")
    touched[0].save()  # the oldest, changed again: now the latest
    queue = queue_section(page(member_client, project))
    assert queue.count("<li>") == 10
    titles = [span.document.title for span in touched]
    assert queue.index(f">{titles[0]}</a>") < queue.index(f">{titles[11]}</a>")
    assert queue.index(f">{titles[11]}</a>") < queue.index(f">{titles[10]}</a>")
    assert f">{titles[1]}</a>" not in queue
    assert "and 2 more of yours" in queue
    assert "12 documents left to review in this project; 1 not pre-annotated yet." in queue


def test_empty_queue_says_so(member_client, project):
    queue = queue_section(page(member_client, project))
    assert "No document you worked on is waiting for review." in queue
    assert "0 documents left to review in this project." in queue


def test_another_projects_data_never_appears(member_client, member, project):
    mine = DocumentFactory(project=project, status="in_review", title="Ours")
    Verdict.objects.create(
        span=SpanFactory(document=mine, kind="quote", status="accepted"), label="mixed"
    )
    other = ProjectFactory(claim_kinds=["elsewhere"], verdict_scale=["foreign"])
    MembershipFactory(project=other, user=member)
    for status in ("reviewed", "in_review", "preannotated"):
        theirs = DocumentFactory(project=other, status=status, title=f"Theirs {status}")
        span = SpanFactory(document=theirs, kind="elsewhere", updated_by=member)
        Verdict.objects.create(span=span, label="foreign")

    html = page(member_client, project)
    assert "Theirs" not in html
    assert "elsewhere" not in html
    assert "foreign" not in html
    assert "<strong>0</strong> of 1 document reviewed" in html
    assert table(html, "claims-by-kind")[-1] == ["All kinds", "0", "1", "0", "1"]
    assert ["mixed", "1"] in table(html, "verdicts")
    assert "No document you worked on is waiting for review." in queue_section(html)


def test_page_is_404_for_a_non_member(client, outsider, project):
    DocumentFactory(project=project, title="Secret")
    client.force_login(outsider)
    response = client.get(reverse("project_detail", args=[project.slug]))
    assert response.status_code == 404
    assert b"Secret" not in response.content


def _fill(project, user, documents: int) -> None:
    """Documents in every state, each with a span in every state and a verdict, with
    kinds and labels that differ per document; `user` touched all but the new ones."""
    statuses = ["new", "preannotated", "in_review", "reviewed"]
    for i in range(documents):
        status = statuses[i % len(statuses)]
        document = DocumentFactory(project=project, status=status)
        SpanFactory(document=document, start=0, kind="quote")
        SpanFactory(
            document=document,
            start=1,
            kind=f"kind{i}",
            status=Span.Status.ACCEPTED,
            updated_by=None if status == "new" else user,
        )
        rejected = SpanFactory(document=document, start=2, status=Span.Status.REJECTED)
        Verdict.objects.create(span=rejected, label=f"label{i}")


def test_page_costs_the_same_queries_for_2_and_20_documents(
    member_client, member, project, django_assert_num_queries
):
    member_client.get(reverse("project_detail", args=[project.slug]))  # warm the session
    _fill(project, member, 2)
    with django_assert_num_queries(PAGE_QUERIES):
        html = page(member_client, project)
    assert "<strong>4</strong> of 6 claims reviewed" in html
    assert queue_section(html).count("<li>") == 1

    _fill(project, member, 18)
    with django_assert_num_queries(PAGE_QUERIES):
        html = page(member_client, project)
    assert "<strong>40</strong> of 60 claims reviewed" in html
    # The project's 5 kinds, kind0..kind17, the head and the foot.
    assert len(table(html, "claims-by-kind")) == 5 + 18 + 2
    assert queue_section(html).count("<li>") == 10


def test_next_document_button(member_client, project):
    html = page(member_client, project)
    link = between(html, '<a class="button primary next-doc"', "</a>")
    assert f'href="{reverse("review_next", args=[project.slug])}"' in link
    assert 'aria-keyshortcuts="n"' in link
    assert "Next document to review" in link
    assert '<kbd aria-hidden="true">n</kbd>' in link


def test_done_says_every_document_is_reviewed(member_client, project):
    DocumentFactory(project=project, status="reviewed")
    assert 'role="status"' not in page(member_client, project)
    html = page(member_client, project, "?done=1")
    message = between(html, '<p class="notice" role="status">', "</p>")
    assert "Every document in this project is reviewed." in message


def test_review_next_with_nothing_left_lands_on_the_done_message(member_client, project):
    response = member_client.get(reverse("review_next", args=[project.slug]), follow=True)
    assert response.redirect_chain[-1][0].endswith("?done=1")
    assert "Every document in this project is reviewed." in response.content.decode()


@pytest.mark.parametrize(
    "status,message",
    [
        # review_next skips the page it came from: that one may still be in review.
        ("in_review", "No other document is waiting for review."),
        ("new", "No document is waiting for review: 1 is not pre-annotated yet."),
    ],
)
def test_done_does_not_claim_everything_is_reviewed_when_it_is_not(
    member_client, project, status, message
):
    DocumentFactory(project=project, status=status)
    html = page(member_client, project, "?done=1")
    notice = between(html, '<p class="notice" role="status">', "</p>")
    assert message in notice
    assert "Every document" not in notice


def test_documents_table_shows_per_document_progress(member_client, project):
    document = DocumentFactory(project=project, status="in_review", title="Half done")
    SpanFactory(document=document, start=0, status=Span.Status.ACCEPTED)
    SpanFactory(document=document, start=1, status=Span.Status.REJECTED)
    SpanFactory(document=document, start=2)
    DocumentFactory(project=project, title="Nothing found")
    rows = table(page(member_client, project), "documents")
    assert rows[0][-1] == "Reviewed"
    assert rows[1] == ["Half done", "In Review", "3", "1", "1", "1", "2/3 claims reviewed"]
    assert rows[2][-1] == "no claims"


def test_user_typed_content_is_escaped(member_client, member, project):
    project.claim_kinds = [*project.claim_kinds, '"><i>kind</i>']
    project.save()
    document = DocumentFactory(
        project=project, status="in_review", title="<script>alert(1)</script>"
    )
    span = SpanFactory(document=document, kind='"><i>kind</i>', updated_by=member)
    Verdict.objects.create(span=span, label="<b>label</b>")
    html = page(member_client, project)
    assert "<script>alert(1)</script>" not in html
    assert "<i>kind</i>" not in html
    assert "<b>label</b>" not in html
    # Once in my queue and once in the documents table.
    assert html.count("&lt;script&gt;alert(1)&lt;/script&gt;") == 2
    assert "&quot;&gt;&lt;i&gt;kind&lt;/i&gt;" in html
    assert "&lt;b&gt;label&lt;/b&gt;" in html


def test_superuser_who_is_not_a_member_sees_an_empty_queue(client, project):
    admin = UserFactory(is_superuser=True, is_staff=True)
    SpanFactory(document=DocumentFactory(project=project, status="in_review"))
    client.force_login(admin)
    assert "No document you worked on" in queue_section(page(client, project))
