"""Evidence for the selected claim: search the project, link a span from another
document or an external source, decide on suggested links, remove a link."""

from __future__ import annotations

from datetime import date

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET, require_POST

from annotations import search
from annotations.models import Evidence, Span
from annotations.review import review_context, span_base
from annotations.services.audit import request_context
from annotations.services.errors import StaleError, ValidationError
from annotations.services.evidence import (
    evidence_add_external,
    evidence_decide,
    evidence_link_span,
    evidence_remove,
)
from annotations.views_review import (
    TEMPLATE,
    Outcome,
    Problem,
    after_change,
    load_document,
    respond,
)


def _claim(request: HttpRequest, slug: str, document_id: int, span_id: int):
    project, document = load_document(request, slug, document_id)
    claim = get_object_or_404(
        Span.objects.filter(document=document).select_related("verdict"), pk=span_id
    )
    claim.document = document
    return project, document, claim


@require_GET
def evidence_search(
    request: HttpRequest, slug: str, document_id: int, span_id: int
) -> HttpResponse:
    project, document, claim = _claim(request, slug, document_id, span_id)
    query = request.GET.get("q", "")
    error = ""
    try:
        hits = search.search_spans(project, query, exclude_document_id=document.pk)
    except ValidationError as exc:
        hits, error = [], " ".join(exc.messages)
    extra = {"query": query, "hits": hits, "search_error": error, "searched": bool(query.strip())}
    status = 400 if error else 200
    if request.htmx:
        # Only the results fragment: no need for the claim's evidence and history.
        context = {
            "project": project,
            "span_base": span_base(project, document),
            "selected": claim,
            "stances": Evidence.Stance.values,
            **extra,
        }
        return render(request, f"{TEMPLATE}#evidence-results", context, status=status)
    context = review_context(project, document, claim.pk)
    context.update(extra)
    return render(request, TEMPLATE, context, status=status)


def _finish(request, project, document, claim, action) -> HttpResponse:
    """Run an evidence change and answer with the claim's panel."""
    try:
        outcome = action()
    except ValidationError as exc:
        problem = Problem(error=" ".join(exc.messages))
        return respond(request, project, document, claim.pk, problem=problem)
    except StaleError as exc:
        return respond(request, project, document, claim.pk, problem=Problem(stale=str(exc)))
    after_change(request, document, outcome)
    return respond(request, project, document, claim.pk, notice=outcome.notice)


@require_POST
def evidence_link(request: HttpRequest, slug: str, document_id: int, span_id: int) -> HttpResponse:
    project, document, claim = _claim(request, slug, document_id, span_id)

    def action() -> Outcome:
        try:
            source_id = int(request.POST.get("source_span", ""))
        except ValueError:
            raise ValidationError("choose a claim to link as evidence") from None
        # Only spans of this project can be linked; any other id is simply not found.
        source = (
            Span.objects.filter(pk=source_id, document__project=project)
            .select_related("document")
            .first()
        )
        if source is None:
            raise ValidationError(f"claim {source_id} is not in this project")
        evidence = evidence_link_span(
            claim=claim,
            source_span=source,
            stance=request.POST.get("stance", ""),
            user=request.user,
            ctx=request_context(request),
        )
        entry = {"op": "evidence", "span": claim.pk, "evidence": evidence.pk}
        return Outcome(claim.pk, undo=entry, notice="Evidence linked.")

    return _finish(request, project, document, claim, action)


def _date(value: str) -> date | None:
    value = value.strip()
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise ValidationError(f"date must be YYYY-MM-DD; got {value!r}") from None


@require_POST
def evidence_external(
    request: HttpRequest, slug: str, document_id: int, span_id: int
) -> HttpResponse:
    project, document, claim = _claim(request, slug, document_id, span_id)

    def action() -> Outcome:
        evidence = evidence_add_external(
            claim=claim,
            url=request.POST.get("url", ""),
            stance=request.POST.get("stance", ""),
            publisher=request.POST.get("publisher", ""),
            excerpt=request.POST.get("excerpt", ""),
            source_date=_date(request.POST.get("source_date", "")),
            user=request.user,
            ctx=request_context(request),
        )
        entry = {"op": "evidence", "span": claim.pk, "evidence": evidence.pk}
        return Outcome(claim.pk, undo=entry, notice="Source added.")

    return _finish(request, project, document, claim, action)


EVIDENCE_STATUS = {"accept": Evidence.Status.ACCEPTED, "reject": Evidence.Status.REJECTED}


@require_POST
def evidence_action(
    request: HttpRequest, slug: str, document_id: int, span_id: int, evidence_id: int, action: str
) -> HttpResponse:
    """accept or reject a suggested link, or remove a link."""
    project, document, claim = _claim(request, slug, document_id, span_id)

    def act() -> Outcome:
        evidence = Evidence.objects.filter(claim=claim, pk=evidence_id).first()
        if evidence is None:
            raise StaleError("this evidence link was removed by someone else")
        ctx = request_context(request)
        if action == "remove":
            evidence_remove(evidence=evidence, user=request.user, ctx=ctx)
            return Outcome(claim.pk, notice="Evidence link removed.")
        if action not in EVIDENCE_STATUS:
            raise ValidationError(f"unknown evidence action {action!r}")
        status = EVIDENCE_STATUS[action]
        evidence_decide(evidence=evidence, status=status, user=request.user, ctx=ctx)
        return Outcome(claim.pk, notice=f"Suggestion {status}.")

    return _finish(request, project, document, claim, act)
