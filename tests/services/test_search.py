"""Search over a project's claim spans and documents, for the evidence picker.

Runs on both backends: PostgreSQL's full-text search and the SQLite fallback.
"""

from __future__ import annotations

import pytest
from django.db import connection

from annotations.models import Document, Span
from annotations.search import (
    MAX_QUERY_LENGTH,
    DocumentHit,
    Piece,
    SpanHit,
    search_documents,
    search_spans,
)
from annotations.services.errors import ValidationError
from tests.factories import DocumentFactory, ProjectFactory, SpanFactory

pytestmark = pytest.mark.django_db

postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="stemming needs PostgreSQL's full-text search"
)


def doc(project, *sentences: str, title: str = "Untitled report") -> Document:
    return DocumentFactory(project=project, title=title, text=" ".join(sentences))


def claim(document: Document, sentence: str, **fields) -> Span:
    """A span over `sentence`, which must occur in the document's text."""
    start = document.text.index(sentence)
    return SpanFactory(
        document=document, start=start, end=start + len(sentence), text=sentence, **fields
    )


def spans_of(hits: list[SpanHit]) -> list[Span]:
    return [hit.span for hit in hits]


def matched(snippet: tuple[Piece, ...]) -> list[str]:
    return [piece.text.lower() for piece in snippet if piece.match]


@pytest.fixture
def refinery(project) -> Span:
    d = doc(project, "Drones struck the oil refinery near Kursk.", "The weather was fine.")
    return claim(d, "Drones struck the oil refinery near Kursk.")


class TestSearchSpans:
    def test_finds_a_span_by_a_word_of_its_text(self, project, refinery):
        other = doc(project, "Prices rose by four percent.")
        claim(other, "Prices rose by four percent.")

        hits = search_spans(project, "Refinery")

        assert spans_of(hits) == [refinery]
        assert hits[0].title_match is False
        assert hits[0].rank > 0

    def test_every_word_must_match(self, project, refinery):
        assert spans_of(search_spans(project, "refinery drones")) == [refinery]
        assert search_spans(project, "refinery tanker") == []

    def test_finds_the_spans_of_a_document_by_its_title(self, project):
        d = doc(project, "Troops crossed the border at dawn.", title="Offensive in Kursk region")
        span = claim(d, "Troops crossed the border at dawn.")

        hits = search_spans(project, "offensive")

        assert spans_of(hits) == [span]
        assert hits[0].title_match is True

    def test_more_occurrences_rank_first(self, project):
        once = claim(
            doc(project, "A refinery was mentioned among other industrial sites."),
            "A refinery was mentioned among other industrial sites.",
        )
        twice = claim(
            doc(project, "The refinery burned, and the refinery stayed shut."),
            "The refinery burned, and the refinery stayed shut.",
        )

        assert spans_of(search_spans(project, "refinery")) == [twice, once]

    def test_a_span_naming_the_word_ranks_above_one_found_by_title(self, project):
        by_title = claim(
            doc(project, "Nothing to see in this sentence.", title="Refinery fire"),
            "Nothing to see in this sentence.",
        )
        by_text = claim(
            doc(project, "Smoke rose from the refinery for days."),
            "Smoke rose from the refinery for days.",
        )

        assert spans_of(search_spans(project, "refinery")) == [by_text, by_title]

    def test_leaves_out_the_document_under_review(self, project, refinery):
        elsewhere = claim(
            doc(project, "A second refinery was hit later."), "A second refinery was hit later."
        )

        hits = search_spans(project, "refinery", exclude_document_id=refinery.document_id)

        assert spans_of(hits) == [elsewhere]

    def test_leaves_out_the_document_under_review_when_its_title_matches(self, project):
        d = doc(project, "Nothing here.", title="Refinery")
        claim(d, "Nothing here.")

        assert search_spans(project, "refinery", exclude_document_id=d.pk) == []

    def test_leaves_out_rejected_spans(self, project, refinery):
        accepted = claim(
            doc(project, "The refinery reopened in May."),
            "The refinery reopened in May.",
            status=Span.Status.ACCEPTED,
        )
        refinery.status = Span.Status.REJECTED
        refinery.save()

        assert spans_of(search_spans(project, "refinery")) == [accepted]

    def test_never_returns_another_projects_spans(self, project, refinery):
        other_project = ProjectFactory()
        d = doc(other_project, "Drones struck the oil refinery near Kursk.", title="Refinery")

        theirs = claim(d, "Drones struck the oil refinery near Kursk.")

        assert spans_of(search_spans(project, "refinery")) == [refinery]
        assert spans_of(search_spans(other_project, "refinery")) == [theirs]

    def test_loads_the_document_title_but_not_its_text(
        self, project, refinery, django_assert_max_num_queries
    ):
        with django_assert_max_num_queries(2):
            hits = search_spans(project, "refinery")
            assert hits[0].span.document.title == "Untitled report"
            assert hits[0].span.document.project_id == project.pk
        assert {"text", "metadata"} <= hits[0].span.document.get_deferred_fields()

    def test_respects_the_limit(self, project):
        for n in range(5):
            claim(doc(project, f"Refinery number {n} burned."), f"Refinery number {n} burned.")

        assert len(search_spans(project, "refinery", limit=3)) == 3

    def test_a_quoted_phrase_and_an_excluded_word(self, project):
        d = doc(
            project,
            "North Korean soldiers arrived in Kursk.",
            "North Korean troops were seen near the border.",
            "Korean officials in the north denied it.",
        )
        claim(d, "North Korean soldiers arrived in Kursk.")
        wanted = claim(d, "North Korean troops were seen near the border.")
        claim(d, "Korean officials in the north denied it.")

        assert spans_of(search_spans(project, '"north korean" -kursk')) == [wanted]

    @pytest.mark.parametrize(
        ("query", "text"),
        [("12000", "nearly 12,000 soldiers"), ("12,000", "nearly 12000 soldiers")],
    )
    def test_numbers_match_with_or_without_thousands_separators(self, project, query, text):
        span = claim(doc(project, f"They sent {text}."), f"They sent {text}.")

        assert spans_of(search_spans(project, f"{query} soldiers")) == [span]

    @postgresql_only
    def test_matches_other_forms_of_a_word(self, project):
        span = claim(doc(project, "One soldier was captured."), "One soldier was captured.")

        assert spans_of(search_spans(project, "soldiers captures")) == [span]


class TestSnippets:
    def test_marks_the_matched_words(self, project, refinery):
        (hit,) = search_spans(project, "kursk refinery")

        assert matched(hit.snippet) == ["refinery", "kursk"]
        assert "".join(piece.text for piece in hit.snippet) == refinery.text

    def test_markup_in_the_text_comes_back_as_plain_text(self, project):
        sentence = "Officials said <script>alert(1)</script> the refinery burned."
        claim(doc(project, sentence), sentence)

        (hit,) = search_spans(project, "refinery")

        assert "".join(piece.text for piece in hit.snippet) == sentence
        assert matched(hit.snippet) == ["refinery"]
        assert all(isinstance(piece, Piece) for piece in hit.snippet)

    def test_a_long_span_is_cut_around_the_match(self, project):
        filler = " ".join(f"word{n}" for n in range(80))
        sentence = f"{filler} the refinery burned {filler}."
        claim(doc(project, sentence), sentence)

        (hit,) = search_spans(project, "refinery")

        text = "".join(piece.text for piece in hit.snippet)
        assert "refinery" in text
        assert len(text) < len(sentence) / 2
        assert matched(hit.snippet) == ["refinery"]


class TestSearchDocuments:
    def test_finds_documents_by_text_and_by_title(self, project):
        by_text = doc(project, "Smoke rose from the refinery for days.", title="Fire")
        by_title = doc(project, "Nothing about it in here.", title="Refinery report")
        doc(project, "Prices rose by four percent.", title="Inflation")

        hits = search_documents(project, "refinery")

        assert {hit.document for hit in hits} == {by_text, by_title}
        assert all(isinstance(hit, DocumentHit) for hit in hits)

    def test_a_title_match_ranks_first(self, project):
        by_text = doc(project, "Smoke rose from the refinery for days.", title="Fire")
        by_both = doc(project, "The refinery was shut.", title="Refinery report")

        assert [hit.document for hit in search_documents(project, "refinery")] == [
            by_both,
            by_text,
        ]

    def test_snippet_is_the_text_around_the_match_without_loading_the_text(self, project):
        before = " ".join(f"alpha{n}" for n in range(300))
        after = " ".join(f"omega{n}" for n in range(300))
        doc(project, before, "The refinery <b>burned</b>.", after)

        (hit,) = search_documents(project, "refinery")

        text = "".join(piece.text for piece in hit.snippet)
        assert "refinery <b>burned</b>" in text
        assert len(text) < 400
        assert matched(hit.snippet) == ["refinery"]
        assert "text" in hit.document.get_deferred_fields()

    def test_never_returns_another_projects_documents(self, project):
        mine = doc(project, "The refinery burned.")
        doc(ProjectFactory(), "The refinery burned.", title="Refinery")

        assert [hit.document for hit in search_documents(project, "refinery")] == [mine]

    def test_respects_the_limit(self, project):
        for n in range(4):
            doc(project, f"Refinery number {n}.")

        assert len(search_documents(project, "refinery", limit=2)) == 2


class TestQueries:
    @pytest.mark.parametrize("query", ["", "   ", "\n\t", "-refinery", '""', "-"])
    def test_nothing_to_look_for_finds_nothing(self, project, refinery, query):
        assert search_spans(project, query) == []
        assert search_documents(project, query) == []

    def test_a_query_over_the_limit_is_refused(self, project):
        with pytest.raises(ValidationError, match=str(MAX_QUERY_LENGTH)):
            search_spans(project, "refinery " * 30)
        with pytest.raises(ValidationError, match=str(MAX_QUERY_LENGTH)):
            search_documents(project, "x" * (MAX_QUERY_LENGTH + 1))

    def test_a_query_at_the_limit_is_accepted(self, project, refinery):
        query = ("kursk refinery " * 14)[:MAX_QUERY_LENGTH]
        assert len(query) == MAX_QUERY_LENGTH

        assert spans_of(search_spans(project, query)) == [refinery]

    @pytest.mark.parametrize(
        "query",
        [
            "'",
            '"',
            'refinery "unclosed',
            "refinery & kursk",
            "refinery | kursk",
            "refinery:*",
            "!refinery",
            "refinery's",
            "100%",
            "%",
            "_",
            "a_c",
            "<-> & | ! ( ) :",
            "\\",
            "'; DROP TABLE annotations_span; --",
            "or",
            "12,000,000 -5,000",
        ],
    )
    def test_special_characters_never_error(self, project, refinery, query):
        search_spans(project, query)
        search_documents(project, query)
        assert Span.objects.filter(pk=refinery.pk).exists()

    def test_like_wildcards_are_literal(self, project):
        claim(doc(project, "The abc plant."), "The abc plant.")

        assert search_spans(project, "%") == []
        assert search_spans(project, "_") == []
        assert search_spans(project, "a_c") == []

    def test_punctuation_around_words_is_ignored(self, project, refinery):
        assert spans_of(search_spans(project, "refinery, (Kursk)!")) == [refinery]
