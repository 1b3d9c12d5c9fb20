"""Reads for the review page and its fragments, each in a fixed number of queries.

The page needs every span (to draw the text and the list); a fragment answering an
action on one span needs only that span, its evidence and its history, so actions
stay fast on documents with hundreds of spans.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q
from django.urls import reverse

from annotations import selectors
from annotations.highlight import segments
from annotations.models import AuditEvent, Document, Evidence, Project, Span
from annotations.review_html import item_html, list_html, shows_conflict, text_html
from annotations.services.matching import RELATION

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
# A match's relation as its badge says it: a sign and a word, never colour alone.
RELATION_BADGES = {"agree": "=", "conflict": "≠", "related": "~"}


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


@dataclass(frozen=True)
class MatchItem:
    """One of the matcher's links for the selected claim, as "Same claim elsewhere"
    lists it."""

    evidence: Evidence
    relation: str  # agree, conflict, related
    sign: str
    here: bool  # the other claim is in the document under review
    first: bool  # the best suggestion still waiting: what g and G decide


@dataclass(frozen=True)
class PanelEvidence:
    matches: list[MatchItem]
    others: list[Evidence]  # people's links and outside sources: the Evidence section
    rejected_matches: int
    accepted_matches: int


def split_evidence(project: Project, document: Document, evidence: list[Evidence]) -> PanelEvidence:
    """The matcher's links to other claims (best first, rejected ones left out) apart
    from the rest, so that nothing is listed twice. A link to a span of another
    project is never shown (the services do not make one; this does not trust it)."""
    matches: list[Evidence] = []
    others: list[Evidence] = []
    rejected = 0
    for ev in evidence:
        source = ev.source_span
        if source is not None and source.document.project_id != project.pk:
            continue
        if source is None or ev.origin != Evidence.Origin.MATCHER:
            others.append(ev)
        elif ev.status == Evidence.Status.REJECTED:
            rejected += 1
        else:
            matches.append(ev)
    matches.sort(key=lambda ev: (-(ev.score or 0.0), ev.pk))
    first = next((ev.pk for ev in matches if ev.status == Evidence.Status.SUGGESTED), None)
    items = []
    for ev in matches:
        relation = RELATION.get(ev.stance, "related")
        here = ev.source_span is not None and ev.source_span.document_id == document.pk
        items.append(
            MatchItem(ev, relation, RELATION_BADGES[relation], here=here, first=ev.pk == first)
        )
    return PanelEvidence(
        matches=items,
        others=others,
        rejected_matches=rejected,
        accepted_matches=sum(ev.status == Evidence.Status.ACCEPTED for ev in matches),
    )


def panel_context(project: Project, document: Document, span: Span | None) -> dict[str, object]:
    """What the side panel needs for one span (or for none)."""
    evidence = span_evidence(span) if span else []
    split = split_evidence(project, document, evidence)
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
        "selected_conflict": shows_conflict(span) if span else False,
        "evidence": split.others,
        "matches": split.matches,
        "rejected_matches": split.rejected_matches,
        "accepted_matches": split.accepted_matches,
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
    return (
        Span.objects.filter(document=document, pk=span_id)
        .select_related("verdict")
        .annotate(in_conflict=selectors.in_conflict(document.project_id))
        .first()
    )
