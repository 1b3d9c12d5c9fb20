"""Full-text search over a project's claim spans and documents, for the evidence picker.

PostgreSQL: `websearch_to_tsquery('english', …)` against `to_tsvector('english', …)`,
ranked with ts_rank and served by the GIN expression indexes of migration
0004_search_indexes. The vectors below must stay identical to the indexed expressions,
or the planner falls back to a sequential scan.

Ranking re-parses every match (an expression index holds no positions), so at most
RANK_CANDIDATES spans / DOCUMENT_RANK_CANDIDATES documents are ranked: past that, the
best of an arbitrary subset comes first. A stored tsvector column would lift this.

SQLite (and any other backend): every word must appear as a case-insensitive (ASCII)
substring, "quoted phrases" verbatim (words one space apart), `-word` excludes; the
rank counts occurrences in the span, plus a little for words found in the title. No
stemming and no stop words: "soldier" finds "soldiers" (and "war" finds "software"),
"soldiers" does not find "soldier"; "the" finds everything, on PostgreSQL nothing.

Numbers ignore thousands separators (commas) on both backends: "12,000" and "12000"
find each other.

Snippets come back as (text, match) pieces for the template to escape and mark up
(no HTML is built here); they may be cut from a longer text, without an ellipsis.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import NamedTuple

from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank, SearchVector
from django.db import connection
from django.db.models import Case, Expression, F, FloatField, Q, QuerySet, TextField, Value, When
from django.db.models.functions import (
    Cast,
    Coalesce,
    Greatest,
    Length,
    Lower,
    NullIf,
    Replace,
    StrIndex,
    Substr,
)
from django.db.models.lookups import IContains

from annotations.models import Document, Project, Span
from annotations.services.errors import ValidationError

MAX_QUERY_LENGTH = 200
MAX_LIMIT = 100
CONFIG = "english"
# A span in a document whose title matches ranks below one that mentions the words
# itself (ts_rank of one occurrence is about 0.06), above nothing.
TITLE_BONUS_PG = 0.03
TITLE_BONUS_FALLBACK = 0.5  # per word found in the title; an occurrence in the span is 1
# Spans of at most this many title-matching documents join the results: the picker
# shows 20 hits, and a list of ids this long still plans as one index scan.
TITLE_DOCUMENTS_MAX = 500
# PostgreSQL ranks at most this many matches (see _pg_spans, _pg_documents).
RANK_CANDIDATES = 1000
DOCUMENT_RANK_CANDIDATES = 50
SNIPPET_CHARS = 220
SNIPPET_LEAD = 60  # characters kept before the first match

# ts_headline marks matches with these (Unicode private-use characters, stripped from
# the text first), and drops anything that looks like an HTML tag, so "<" travels as
# a third one and is put back in Python.
_START, _STOP, _LT = "\ue000", "\ue001", "\ue002"
_MARKED = re.compile(f"{_START}(.*?){_STOP}", re.DOTALL)


class Piece(NamedTuple):
    """A run of snippet text; `match` runs are the words the query found."""

    text: str
    match: bool


@dataclass(frozen=True)
class SpanHit:
    span: Span  # document loaded with id, title and project only
    rank: float
    snippet: tuple[Piece, ...]
    title_match: bool  # found (also) through its document's title


@dataclass(frozen=True)
class DocumentHit:
    document: Document  # text and metadata deferred
    rank: float
    snippet: tuple[Piece, ...]


def search_spans(
    project: Project,
    query: str,
    *,
    exclude_document_id: int | None = None,
    limit: int = 20,
) -> list[SpanHit]:
    """Claim spans of `project`, not rejected, whose text or document title matches
    `query`, best first. Spans of `exclude_document_id` (the document under review)
    are left out. An empty query finds nothing; one over MAX_QUERY_LENGTH raises
    ValidationError."""
    terms = _parse(query)
    if not any(not t.negated for t in terms):
        return []
    spans = (
        Span.objects.filter(document__project=project)
        .exclude(status=Span.Status.REJECTED)
        .select_related("document")
        .only(*_SPAN_FIELDS, "document__id", "document__title", "document__project")
    )
    documents = Document.objects.filter(project=project)
    if exclude_document_id is not None:
        spans = spans.exclude(document_id=exclude_document_id)
        documents = documents.exclude(pk=exclude_document_id)
    limit = max(1, min(limit, MAX_LIMIT))
    if connection.vendor == "postgresql":
        return _pg_spans(spans, documents, query, limit)
    return _fallback_spans(spans, terms, limit)


def search_documents(project: Project, query: str, *, limit: int = 10) -> list[DocumentHit]:
    """Documents of `project` whose title or text matches `query`, best first, each
    with a snippet of its text around a match. Same query rules as search_spans."""
    terms = _parse(query)
    if not any(not t.negated for t in terms):
        return []
    documents = Document.objects.filter(project=project).defer("text", "metadata")
    limit = max(1, min(limit, MAX_LIMIT))
    if connection.vendor == "postgresql":
        return _pg_documents(documents, query, limit)
    return _fallback_documents(documents, terms, limit)


# -- The query ------------------------------------------------------------------------


@dataclass(frozen=True)
class _Term:
    text: str  # lower case; a phrase's words one space apart; numbers without commas
    negated: bool

    @property
    def has_digits(self) -> bool:
        return any(c.isdigit() for c in self.text)


_TOKEN = re.compile(r'(-?)"([^"]*)"?|(-?)([^\s"]+)')
# A number with thousands separators is one word; otherwise runs of letters/digits.
_WORD = re.compile(r"\d{1,3}(?:,\d{3})+(?!\d)|\w+")


def _words(text: str) -> list[str]:
    words = [w.replace(",", "").lower() for w in _WORD.findall(text)]
    # "soldier's" -> soldier: a lone letter left over by punctuation finds everything.
    longer = [w for w in words if len(w) > 1 or w.isdigit()]
    return longer or words


def _parse(query: str) -> list[_Term]:
    query = query.strip()
    if len(query) > MAX_QUERY_LENGTH:
        raise ValidationError(
            f"the search is {len(query)} characters long; at most {MAX_QUERY_LENGTH} are allowed"
        )
    terms: list[_Term] = []
    for m in _TOKEN.finditer(query):
        if m.group(2) is not None:  # a quoted phrase
            words = _words(m.group(2))
            found = [" ".join(words)] if words else []
            negated = bool(m.group(1))
        else:
            found = _words(m.group(4))
            negated = bool(m.group(3))
        for text in found:
            term = _Term(text, negated)
            if term not in terms:
                terms.append(term)
    return terms


def _replace(expr: Expression, old: str, new: str) -> Expression:
    return Replace(expr, Value(old), Value(new), output_field=TextField())


# -- PostgreSQL -----------------------------------------------------------------------

_PG_NUMBER = re.compile(r"(?<![\w,.\-])(\d{1,3}(?:,\d{3})+|\d{4,})(?![\w,.]*\w)")


def _pg_query(query: str) -> SearchQuery:
    # PostgreSQL reads "12,000" as the words 12 and 000, "12000" as one: ask for both
    # spellings. Only outside quotes; websearch's "or" binds tighter than the AND.
    parts = query.split('"')
    for i in range(0, len(parts), 2):
        parts[i] = _PG_NUMBER.sub(_both_spellings, parts[i])
    return SearchQuery('"'.join(parts), config=CONFIG, search_type="websearch")


def _both_spellings(m: re.Match[str]) -> str:
    digits = m.group(1).replace(",", "")
    return f'{digits} or "{int(digits):,}"'


def _safe_text(field: str) -> Expression:
    """The field as ts_headline should see it: without our markers, "<" disguised."""
    expr: Expression = F(field)
    for char in (_START, _STOP, _LT):
        expr = _replace(expr, char, "")
    return _replace(expr, "<", _LT)


def _headline(field: str, query: SearchQuery, **options: int | bool) -> SearchHeadline:
    return SearchHeadline(
        _safe_text(field), query, config=CONFIG, start_sel=_START, stop_sel=_STOP, **options
    )


def _pg_spans(
    spans: QuerySet[Span], documents: QuerySet[Document], query: str, limit: int
) -> list[SpanHit]:
    q = _pg_query(query)
    title_ids = set(
        documents.alias(title_vector=SearchVector("title", config=CONFIG))
        .filter(title_vector=q)
        .values_list("pk", flat=True)[:TITLE_DOCUMENTS_MAX]
    )
    # Same expression as the span_text_search index.
    vector = SearchVector("text", config=CONFIG)
    found = Q(vector=q) | Q(document_id__in=title_ids) if title_ids else Q(vector=q)
    # Ranking parses each span again (the index holds no positions): rank a bounded
    # number of matches so a very common word stays fast.
    candidates = spans.alias(vector=vector).filter(found).order_by().values("pk")[:RANK_CANDIDATES]
    rank: Expression = SearchRank(vector, q)
    if title_ids:
        bonus = When(document_id__in=title_ids, then=Value(TITLE_BONUS_PG))
        rank = rank + Case(bonus, default=Value(0.0), output_field=FloatField())
    rows = (
        spans.filter(pk__in=candidates)
        .annotate(rank=rank, headline=_headline("text", q, max_words=35, min_words=15))
        .order_by("-rank", "document_id", "start", "pk")[:limit]
    )
    return [
        SpanHit(
            span=span,
            rank=span.rank,
            snippet=_pieces_from_headline(span.headline),
            title_match=span.document_id in title_ids,
        )
        for span in rows
    ]


def _pg_documents(documents: QuerySet[Document], query: str, limit: int) -> list[DocumentHit]:
    q = _pg_query(query)
    # Same expressions as the document_search and document_title_search indexes.
    vector = SearchVector("title", "text", config=CONFIG)
    title_vector = SearchVector("title", config=CONFIG)
    # Parsing a document to rank it costs about 0.2 ms per thousand characters, so
    # only a bounded number are ranked; those with the words in the title always are.
    by_title = documents.alias(v=title_vector).filter(v=q).order_by().values("pk")
    by_either = documents.alias(v=vector).filter(v=q).order_by().values("pk")
    n = DOCUMENT_RANK_CANDIDATES
    rows = (
        documents.filter(Q(pk__in=by_title[:n]) | Q(pk__in=by_either[:n]))
        .annotate(
            rank=SearchRank(vector, q) + SearchRank(title_vector, q),  # a title hit counts twice
            headline=_headline("text", q, max_fragments=1, max_words=35, min_words=15),
        )
        .order_by("-rank", "pk")[:limit]
    )
    return [
        DocumentHit(document=d, rank=d.rank, snippet=_pieces_from_headline(d.headline))
        for d in rows
    ]


def _pieces_from_headline(headline: str) -> tuple[Piece, ...]:
    headline = headline.strip().replace(_LT, "<")
    pieces: list[Piece] = []
    at = 0
    for m in _MARKED.finditer(headline):
        pieces.append(Piece(headline[at : m.start()], False))
        pieces.append(Piece(m.group(1), True))
        at = m.end()
    pieces.append(Piece(headline[at:], False))
    return _tidy(pieces)


# -- Other backends (SQLite) ----------------------------------------------------------


def _haystack(field: str, term: _Term) -> Expression:
    # Numbers are compared with the commas taken out of the text too.
    return _replace(F(field), ",", "") if term.has_digits else F(field)


def _matches(field: str, terms: Iterable[_Term]) -> Q:
    """Every word in the field, no excluded word in it. Django escapes % and _."""
    condition = Q()
    for term in terms:
        found = Q(IContains(_haystack(field, term), term.text))
        condition &= ~found if term.negated else found
    return condition


def _occurrences(field: str, term: _Term) -> Expression:
    # SQLite's LOWER and LIKE both fold ASCII only, so this counts what LIKE found.
    hay = Lower(_haystack(field, term))
    removed = Length(hay) - Length(_replace(hay, term.text, ""))
    return Cast(removed, FloatField()) / Value(float(len(term.text)))


def _fallback_rank(field: str, title_field: str, terms: Sequence[_Term]) -> Expression:
    rank: Expression = Value(0.0)
    for term in terms:
        if term.negated:
            continue
        rank = rank + _occurrences(field, term)
        in_title = When(IContains(_haystack(title_field, term), term.text), then=Value(1.0))
        rank = rank + TITLE_BONUS_FALLBACK * Case(in_title, default=Value(0.0))
    return rank


def _fallback_spans(spans: QuerySet[Span], terms: Sequence[_Term], limit: int) -> list[SpanHit]:
    in_text = _matches("text", terms)
    in_title = _matches("document__title", terms)
    rows = (
        spans.filter(in_text | in_title)
        .annotate(
            rank=_fallback_rank("text", "document__title", terms),
            title_match=Case(When(in_title, then=Value(True)), default=Value(False)),
        )
        .order_by("-rank", "document_id", "start", "pk")[:limit]
    )
    pattern = _highlighter(terms)
    hits = []
    for span in rows:
        first = pattern.search(span.text) if pattern else None
        window = _window(span.text, first.start() if first else 0)
        hits.append(
            SpanHit(
                span=span,
                rank=span.rank,
                snippet=_highlight(window, pattern),
                title_match=span.title_match,
            )
        )
    return hits


def _fallback_documents(
    documents: QuerySet[Document], terms: Sequence[_Term], limit: int
) -> list[DocumentHit]:
    positive = [t for t in terms if not t.negated]
    # Where the first word is in the text (0: not there, e.g. a title-only hit); the
    # window is cut in SQL so the full text never leaves the database.
    spellings = [positive[0].text]
    if positive[0].text.isdigit():
        spellings.append(f"{int(positive[0].text):,}")
    found_at = Coalesce(
        *(NullIf(StrIndex(Lower("text"), Value(s)), Value(0)) for s in spellings), Value(0)
    )
    start = Greatest(found_at - SNIPPET_LEAD, Value(1))
    rows = (
        documents.filter(_matches("text", terms) | _matches("title", terms))
        .annotate(
            rank=_fallback_rank("text", "title", terms),
            window_start=start,
            snippet_text=Substr("text", start, SNIPPET_CHARS),
        )
        .order_by("-rank", "pk")[:limit]
    )
    pattern = _highlighter(terms)
    hits = []
    for document in rows:
        window = document.snippet_text
        if document.window_start > 1:  # drop the partial word the cut left at the front
            window = re.sub(r"^\w*\W*", "", window, count=1)
        if len(window) == SNIPPET_CHARS:  # and at the end
            window = re.sub(r"\W*\w*$", "", window, count=1)
        snippet = _highlight(window, pattern)
        hits.append(DocumentHit(document=document, rank=document.rank, snippet=snippet))
    return hits


def _highlighter(terms: Sequence[_Term]) -> re.Pattern[str] | None:
    """A pattern for the searched words as they may be written in the text."""
    alternatives = []
    for term in terms:
        if term.negated:
            continue
        words = [
            ",?".join(word) if word.isdigit() else re.escape(word) for word in term.text.split()
        ]
        alternatives.append(r"\W+".join(words))
    if not alternatives:
        return None
    alternatives.sort(key=len, reverse=True)
    return re.compile("|".join(alternatives), re.IGNORECASE)


def _window(text: str, first_match: int) -> str:
    """About SNIPPET_CHARS of the text around its first match, cut between words."""
    if len(text) <= SNIPPET_CHARS:
        return text
    start = max(0, min(first_match - SNIPPET_LEAD, len(text) - SNIPPET_CHARS))
    end = start + SNIPPET_CHARS
    if start > 0:
        space = text.find(" ", start, first_match)
        start = space + 1 if space != -1 else start
    if end < len(text):
        space = text.rfind(" ", first_match, end)
        end = space if space != -1 else end
    return text[start:end]


def _highlight(text: str, pattern: re.Pattern[str] | None) -> tuple[Piece, ...]:
    pieces: list[Piece] = []
    at = 0
    for m in pattern.finditer(text) if pattern else ():
        pieces.append(Piece(text[at : m.start()], False))
        pieces.append(Piece(m.group(0), True))
        at = m.end()
    pieces.append(Piece(text[at:], False))
    return _tidy(pieces)


def _tidy(pieces: list[Piece]) -> tuple[Piece, ...]:
    """Drop empty runs and join neighbouring plain ones."""
    out: list[Piece] = []
    for piece in pieces:
        if not piece.text:
            continue
        if out and not piece.match and not out[-1].match:
            out[-1] = Piece(out[-1].text + piece.text, False)
        else:
            out.append(piece)
    return tuple(out)


_SPAN_FIELDS = [f.name for f in Span._meta.concrete_fields]
