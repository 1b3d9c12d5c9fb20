"""Reads for the review page and its fragments, each in a fixed number of queries.

The page needs every span (to draw the text and the list); a fragment answering an
action on one span needs only that span, its evidence and its history, so actions
stay fast on documents with hundreds of spans.
"""

from __future__ import annotations

from django.db.models import Q
from django.urls import reverse

from annotations import selectors
from annotations.highlight import segments
from annotations.models import AuditEvent, Document, Evidence, Project, Span
from annotations.review_html import item_html, list_html, text_html

# (action, button label, key)
STATUS_ACTIONS = [("accept", "Accept", "a"), ("reject", "Reject", "x")]
# (action, button label, key, what it does, for screen readers)
BOUNDARY_ACTIONS = [
    ("widen-start", "⟵ start", "[", "Widen: start one word earlier"),
    ("narrow-start", "start ⟶", "{", "Narrow: start one word later"),
    ("narrow-end", "⟵ end", "}", "Narrow: end one word earlier"),
    ("widen-end", "end ⟶", "]", "Widen: end one word later"),
]
HISTORY_LIMIT = 50


def span_base(project: Project, document: Document) -> str:
    # Built once per response: reversing a URL per span costs more than the rest.
    return reverse("span_panel", args=[project.slug, document.pk, 0]).removesuffix("0/")


def span_evidence(span: Span) -> list[Evidence]:
    return list(
        Evidence.objects.filter(claim=span)
        .select_related("source_span__document")
        .defer("source_span__document__text", "source_span__document__metadata")
        .order_by("status", "id")
    )


def span_history(span: Span, evidence: list[Evidence]) -> list[AuditEvent]:
    """The span's audit trail, newest first: its own and its verdict's events, and
    those of its current evidence links."""
    where = Q(object_type="span", object_id=str(span.pk))
    if evidence:
        where |= Q(object_type="evidence", object_id__in=[str(e.pk) for e in evidence])
    return list(AuditEvent.objects.filter(where).order_by("-id")[:HISTORY_LIMIT])


def panel_context(project: Project, document: Document, span: Span | None) -> dict[str, object]:
    """What the side panel needs for one span (or for none)."""
    evidence = span_evidence(span) if span else []
    return {
        "project": project,
        "document": document,
        "span_base": span_base(project, document),
        "status_actions": STATUS_ACTIONS,
        "boundary_actions": BOUNDARY_ACTIONS,
        "claim_kinds": project.claim_kinds,
        "verdict_scale": project.verdict_scale,
        "stances": Evidence.Stance.values,
        "selected": span,
        "evidence": evidence,
        "history": span_history(span, evidence) if span else [],
    }


def review_context(
    project: Project, document: Document, selected_id: int | None
) -> dict[str, object]:
    """Everything the review page needs."""
    spans = selectors.document_spans(document)
    # The list's spans come without their engine facts; the panel's one has them.
    selected = panel_span(document, selected_id) if selected_id else None
    chosen = selected.pk if selected else None
    context = panel_context(project, document, selected)
    context.update(
        spans=spans,
        text_html=text_html(segments(document.text, spans), chosen),
        list_html=list_html(spans, chosen),
    )
    return context


def item_context(span: Span) -> dict[str, object]:
    """The claim's list entry, to send out of band after a change to it."""
    return {"item_html": item_html(span, span.pk, oob=True)}


def panel_span(document: Document, span_id: int) -> Span | None:
    return Span.objects.filter(document=document, pk=span_id).select_related("verdict").first()
