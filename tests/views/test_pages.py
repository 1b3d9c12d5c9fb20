from __future__ import annotations

from django.urls import reverse

from annotations.models import Span
from tests.factories import DocumentFactory, SpanFactory


def _spans(document, n: int) -> None:
    """n spans over successive words of the document (some nested)."""
    words, pos = [], 0
    for word in document.text.split(" "):
        words.append((pos, pos + len(word)))
        pos += len(word) + 1
    for i in range(n):
        start, end = words[i % len(words)]
        end = words[min(len(words) - 1, (i % len(words)) + i // len(words))][1]
        Span.objects.create(
            document=document,
            start=start,
            end=end,
            text=document.text[start:end],
            kind="statistic",
            origin=Span.Origin.HUMAN,
            status=Span.Status.ACCEPTED,
        )


def test_project_page_lists_documents_with_status_and_counts(member_client, project):
    document = DocumentFactory(project=project, status="preannotated")
    SpanFactory(document=document)
    SpanFactory(document=document, status=Span.Status.ACCEPTED, start=1, end=9, kind="event")
    response = member_client.get(reverse("project_detail", args=[project.slug]))
    html = response.content.decode()
    assert document.title in html
    assert "Preannotated" in html
    row = html[html.index(document.title) :]
    row = row[: row.index("</tr>")]
    cells = [c.split("</td>")[0].strip() for c in row.split("<td>")[1:]]
    # status, spans, suggested, accepted, rejected
    assert cells[1:] == ["2", "1", "1", "0"]


def test_document_page_highlights_spans(member_client, project):
    document = DocumentFactory(project=project)
    span = SpanFactory(document=document)
    html = member_client.get(reverse("document_detail", args=[project.slug, document.pk])).content
    html = html.decode()
    assert f'data-span="{span.pk}"' in html
    assert "status-suggested" in html
    assert "kind-statistic" in html


def test_document_page_query_count_does_not_grow_with_spans(
    member_client, project, django_assert_max_num_queries, django_assert_num_queries
):
    small = DocumentFactory(project=project, text="one two three four five six seven eight")
    big = DocumentFactory(project=project, text=" ".join(f"w{i}" for i in range(400)))
    _spans(small, 3)
    _spans(big, 500)
    url_small = reverse("document_detail", args=[project.slug, small.pk])
    url_big = reverse("document_detail", args=[project.slug, big.pk])
    member_client.get(url_small)  # warm the session
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as small_queries:
        assert member_client.get(url_small).status_code == 200
    with django_assert_num_queries(len(small_queries)):
        assert member_client.get(url_big).status_code == 200


def test_project_page_query_count_does_not_grow_with_documents(
    member_client, project, django_assert_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    DocumentFactory(project=project)
    url = reverse("project_detail", args=[project.slug])
    member_client.get(url)
    with CaptureQueriesContext(connection) as few:
        member_client.get(url)
    for _ in range(30):
        SpanFactory(document=DocumentFactory(project=project))
    with django_assert_num_queries(len(few)):
        member_client.get(url)


def test_project_page_paginates(member_client, project):
    for _ in range(55):
        DocumentFactory(project=project)
    html = member_client.get(reverse("project_detail", args=[project.slug])).content.decode()
    assert "Page 1 of 2" in html


def test_project_page_counts_documents_by_status_with_readable_labels(member_client, project):
    DocumentFactory(project=project, status="in_review")
    DocumentFactory(project=project, status="in_review")
    DocumentFactory(project=project, status="reviewed")
    html = member_client.get(reverse("project_detail", args=[project.slug])).content.decode()
    assert "in review <strong>2</strong>" in html
    assert "reviewed <strong>1</strong>" in html
    assert "new <strong>0</strong>" in html
