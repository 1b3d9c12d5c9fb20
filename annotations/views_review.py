"""Reviewing one document: the selected span's panel and the actions on it.

Every action is a POST carrying the span version the reviewer saw. With htmx it
answers with the fragments it changed (the panel, plus the text and the claim list
out of band); without JavaScript it redirects back to the page. A stale version gets
409 and a fragment showing what changed, with a way to re-apply on top.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from annotations import selectors
from annotations.access import get_document_for_user, get_project_for_user
from annotations.highlight import segments
from annotations.models import Document, Project, Span
from annotations.services.audit import RequestContext, request_context
from annotations.services.errors import ConflictError, ValidationError
from annotations.services.spans import span_accept, span_reject
from annotations.services.verdicts import verdict_set

TEMPLATE = "annotations/document_detail.html"
# (action, button label, key)
STATUS_ACTIONS = [("accept", "Accept", "a"), ("reject", "Reject", "x")]


def _load(request: HttpRequest, slug: str, document_id: int) -> tuple[Project, Document]:
    project = get_project_for_user(request.user, slug)
    return project, get_document_for_user(request.user, project, document_id)


def review_context(
    project: Project, document: Document, selected_id: int | None
) -> dict[str, object]:
    """Everything the review page and its fragments need, in a fixed number of queries."""
    spans = selectors.document_spans(document)
    selected = next((s for s in spans if s.pk == selected_id), None)
    # Built once: reversing a URL per span would cost more than the rest of the page.
    span_base = reverse("span_panel", args=[project.slug, document.pk, 0]).removesuffix("0/")
    return {
        "span_base": span_base,
        "status_actions": STATUS_ACTIONS,
        "project": project,
        "document": document,
        "spans": spans,
        "segments": segments(document.text, spans),
        "selected": selected,
        "history": selectors.span_history(selected) if selected else [],
        "verdict_scale": project.verdict_scale,
    }


def _page_url(document: Document, span_id: int) -> str:
    url = reverse("document_detail", args=[document.project.slug, document.pk])
    return f"{url}?span={span_id}#span-{span_id}"


def _version(request: HttpRequest) -> int | None:
    try:
        return int(request.POST.get("version", ""))
    except ValueError:
        return None


@require_GET
def span_panel(request: HttpRequest, slug: str, document_id: int, span_id: int) -> HttpResponse:
    project, document = _load(request, slug, document_id)
    get_object_or_404(Span.objects.filter(document=document), pk=span_id)
    context = review_context(project, document, span_id)
    if request.htmx:
        return render(request, f"{TEMPLATE}#span-panel", context)
    return render(request, TEMPLATE, context)


def _respond(
    request: HttpRequest,
    project: Project,
    document: Document,
    span_id: int,
    *,
    error: str = "",
    conflict: ConflictError | None = None,
    attempted: dict[str, str] | None = None,
) -> HttpResponse:
    status = 409 if conflict else 400 if error else 200
    if not request.htmx:
        if status == 200:
            return HttpResponseRedirect(_page_url(document, span_id))
        # Without JavaScript: the whole page, with the problem shown in the panel.
        context = review_context(project, document, span_id)
        context.update(error=error, conflict=conflict, attempted=attempted or {})
        return render(request, TEMPLATE, context, status=status)
    context = review_context(project, document, span_id)
    context.update(error=error, conflict=conflict, attempted=attempted or {}, oob=status == 200)
    return render(request, f"{TEMPLATE}#action-result", context, status=status)


ACTIONS = {"accept": span_accept, "reject": span_reject}


def _act(
    request: HttpRequest,
    slug: str,
    document_id: int,
    span_id: int,
    attempted: dict[str, str],
    change: Callable[[Span, int, RequestContext], object],
) -> HttpResponse:
    """Run one change on a span of the document at the version the form carries, and
    answer with the result, the conflict or the error."""
    project, document = _load(request, slug, document_id)
    span = get_object_or_404(Span.objects.filter(document=document), pk=span_id)

    def respond(**problem: Any) -> HttpResponse:
        return _respond(request, project, document, span.pk, attempted=attempted, **problem)

    if attempted["action"] not in (*ACTIONS, "verdict"):
        return respond(error=f"unknown action {attempted['action']!r}")
    version = _version(request)
    if version is None:
        return respond(error="the form lacks the span version")
    try:
        change(span, version, request_context(request))
    except ConflictError as exc:
        return respond(conflict=exc)
    except ValidationError as exc:
        return respond(error=" ".join(exc.messages))
    return respond()


@require_POST
def span_status(
    request: HttpRequest, slug: str, document_id: int, span_id: int, action: str
) -> HttpResponse:
    def change(span: Span, version: int, ctx: RequestContext) -> object:
        return ACTIONS[action](span=span, expected_version=version, user=request.user, ctx=ctx)

    return _act(request, slug, document_id, span_id, {"action": action}, change)


@require_POST
def span_verdict(request: HttpRequest, slug: str, document_id: int, span_id: int) -> HttpResponse:
    label = request.POST.get("label", "")
    rationale = request.POST.get("rationale", "")

    def change(span: Span, version: int, ctx: RequestContext) -> object:
        return verdict_set(
            span=span,
            expected_version=version,
            label=label,
            rationale=rationale,
            user=request.user,
            ctx=ctx,
        )

    attempted = {"action": "verdict", "label": label, "rationale": rationale}
    return _act(request, slug, document_id, span_id, attempted, change)


@require_GET
def review_next(request: HttpRequest, slug: str) -> HttpResponse:
    """Open the next document to review (after `?after=<id>` when given)."""
    project = get_project_for_user(request.user, slug)
    try:
        after = int(request.GET.get("after", ""))
    except ValueError:
        after = None
    document = selectors.next_document(project, after)
    if document is None:
        return HttpResponseRedirect(reverse("project_detail", args=[project.slug]) + "?done=1")
    return HttpResponseRedirect(reverse("document_detail", args=[project.slug, document.pk]))
