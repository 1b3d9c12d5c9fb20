"""Reviewing one document: the selected span's panel and the actions on it.

Every action on a span is a POST carrying the span version the reviewer saw. With
htmx it answers with the fragments it changed: the panel and the claim's list entry,
plus the whole text and list when boundaries changed. Without JavaScript it
redirects back to the page. A stale version gets 409 and a fragment showing what
changed, with a way to re-apply on top.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from annotations import selectors, undo, words
from annotations.access import get_document_for_user, get_project_for_user
from annotations.models import Document, Project, Span
from annotations.review import item_context, panel_context, panel_span, review_context
from annotations.services.audit import RequestContext, request_context
from annotations.services.errors import ConflictError, StaleError, ValidationError
from annotations.services.review import document_mark_reviewed, document_start_review
from annotations.services.spans import (
    span_accept,
    span_create,
    span_delete,
    span_reject,
    span_snapshot,
    span_update,
)
from annotations.services.verdicts import verdict_set

__all__ = ["review_context"]  # the document page (views.py) builds on it

TEMPLATE = "annotations/document_detail.html"


def load_document(request: HttpRequest, slug: str, document_id: int) -> tuple[Project, Document]:
    project = get_project_for_user(request.user, slug)
    return project, get_document_for_user(request.user, project, document_id)


def _page_url(document: Document, span_id: int | None) -> str:
    url = reverse("document_detail", args=[document.project.slug, document.pk])
    return f"{url}?span={span_id}#span-{span_id}" if span_id else url


@require_GET
def span_panel(request: HttpRequest, slug: str, document_id: int, span_id: int) -> HttpResponse:
    project, document = load_document(request, slug, document_id)
    if request.htmx:
        span = panel_span(document, span_id)
        if span is None:
            return HttpResponse(status=404)
        return render(request, f"{TEMPLATE}#span-panel", panel_context(project, document, span))
    get_object_or_404(Span.objects.filter(document=document), pk=span_id)
    return render(request, TEMPLATE, review_context(project, document, span_id))


@dataclass
class Outcome:
    """What an action did: the span to show next, whether the text must be redrawn,
    and how to undo it (None: it cannot be undone)."""

    span_id: int | None
    redraw: bool = False
    undo: dict[str, Any] | None = None
    notice: str = ""


@dataclass
class Problem:
    error: str = ""
    conflict: ConflictError | None = None
    stale: str = ""
    attempted: dict[str, str] = field(default_factory=dict)

    @property
    def status(self) -> int:
        return 409 if self.conflict or self.stale else 400


def respond(
    request: HttpRequest,
    project: Project,
    document: Document,
    span_id: int | None,
    *,
    redraw: bool = False,
    problem: Problem | None = None,
    notice: str = "",
) -> HttpResponse:
    """The answer to an action: fragments for htmx, else a redirect (or the page with
    the problem shown, when there is one)."""
    problem = problem or Problem()
    extra = {
        "error": problem.error,
        "conflict": problem.conflict,
        "stale": problem.stale,
        "attempted": problem.attempted,
        "attempted_fields": [(k, v) for k, v in problem.attempted.items() if k != "action"],
        "notice": notice,
    }
    failed = bool(problem.error or problem.conflict or problem.stale)
    if not request.htmx:
        if not failed:
            return HttpResponseRedirect(_page_url(document, span_id))
        context = review_context(project, document, span_id)
        context.update(extra)
        return render(request, TEMPLATE, context, status=problem.status)
    if redraw:
        context = review_context(project, document, span_id)
    else:
        span = panel_span(document, span_id or 0)
        context = panel_context(project, document, span)
        if span is not None:
            context.update(item_context(span))
    context.update(extra, oob=True, redraw=redraw)
    response = render(
        request, f"{TEMPLATE}#action-result", context, status=problem.status if failed else 200
    )
    selected = context["selected"]
    if selected is not None and not redraw:
        # The text's marks are redrawn in the browser from this, not re-sent.
        changed = {"id": selected.pk, "status": selected.status, "kind": selected.kind}
        # Deciding on a refuting match can start or end the claim's conflict mark.
        changed["conflict"] = context["selected_conflict"]
        response["HX-Trigger"] = json.dumps({"span-changed": changed})
    return response


Change = Callable[[Span, int, RequestContext], Outcome]


def _version(request: HttpRequest) -> int | None:
    try:
        return int(request.POST.get("version", ""))
    except ValueError:
        return None


def _run(
    request: HttpRequest,
    slug: str,
    document_id: int,
    span_id: int,
    attempted: dict[str, str],
    change: Change,
) -> HttpResponse:
    """Run one change on a span of the document at the version the form carries."""
    project, document = load_document(request, slug, document_id)
    span = get_object_or_404(
        Span.objects.filter(document=document).select_related("verdict"), pk=span_id
    )
    span.document = document  # already loaded; the changes read its text

    def fail(**problem: Any) -> HttpResponse:
        return respond(
            request, project, document, span.pk, problem=Problem(attempted=attempted, **problem)
        )

    version = _version(request)
    if version is None:
        return fail(error="the form lacks the span version")
    try:
        outcome = change(span, version, request_context(request))
    except ConflictError as exc:
        return fail(conflict=exc)
    except ValidationError as exc:
        return fail(error=" ".join(exc.messages))
    after_change(request, document, outcome)
    return respond(
        request, project, document, outcome.span_id, redraw=outcome.redraw, notice=outcome.notice
    )


def after_change(request: HttpRequest, document: Document, outcome: Outcome) -> None:
    if document.status in (Document.Status.NEW, Document.Status.PREANNOTATED):
        document_start_review(document)
    if outcome.undo is not None:
        undo.push(request.session, document.pk, outcome.undo)


def _span_undo(before: Span, version: int, after: Span) -> dict[str, Any]:
    """How to undo a change that took a span from `before` (at `version`) to `after`."""
    snapshot = span_snapshot(before)
    return {
        "op": "span",
        "span": before.pk,
        "before": snapshot,
        "from": version,
        "version": after.version,
    }


def _status_change(request: HttpRequest, action: str) -> Change:
    service = {"accept": span_accept, "reject": span_reject}[action]

    def change(span: Span, version: int, ctx: RequestContext) -> Outcome:
        # `span` was read before the version check passed, so it is the state at
        # `version`: what undo puts back.
        new = service(span=span, expected_version=version, user=request.user, ctx=ctx)
        return Outcome(span.pk, undo=_span_undo(span, version, new))

    return change


def _kind_change(request: HttpRequest, kind: str) -> Change:
    def change(span: Span, version: int, ctx: RequestContext) -> Outcome:
        new = span_update(
            span=span, expected_version=version, kind=kind, user=request.user, ctx=ctx
        )
        return Outcome(span.pk, undo=_span_undo(span, version, new))

    return change


def _bounds_change(request: HttpRequest, action: str) -> Change:
    def change(span: Span, version: int, ctx: RequestContext) -> Outcome:
        text = span.document.text
        if action == "bounds":
            start, end = _int_field(request, "start"), _int_field(request, "end")
        else:
            start, end = words.move(text, span.start, span.end, action)
        new = span_update(
            span=span, expected_version=version, start=start, end=end, user=request.user, ctx=ctx
        )
        return Outcome(span.pk, redraw=True, undo=_span_undo(span, version, new))

    return change


def _delete(request: HttpRequest) -> Change:
    def change(span: Span, version: int, ctx: RequestContext) -> Outcome:
        before = span_snapshot(span)
        span_delete(span=span, expected_version=version, user=request.user, ctx=ctx)
        return Outcome(
            None,
            redraw=True,
            undo={"op": "delete", "span": span.pk, "before": before, "from": version},
            notice="Deleted.",
        )

    return change


def _int_field(request: HttpRequest, name: str) -> int:
    value = request.POST.get(name, "").strip()
    try:
        return int(value)
    except ValueError:
        raise ValidationError(f"{name} must be a whole number; got {value!r}") from None


BOUNDARY_MOVES = {"widen-start", "narrow-start", "widen-end", "narrow-end", "bounds"}


@require_POST
def span_action(
    request: HttpRequest, slug: str, document_id: int, span_id: int, action: str
) -> HttpResponse:
    """accept, reject, kind, delete, and the boundary moves."""
    attempted = {"action": action}
    if action in ("accept", "reject"):
        change = _status_change(request, action)
    elif action == "kind":
        attempted["kind"] = request.POST.get("kind", "")
        change = _kind_change(request, attempted["kind"])
    elif action in BOUNDARY_MOVES:
        if action == "bounds":
            attempted.update(start=request.POST.get("start", ""), end=request.POST.get("end", ""))
        change = _bounds_change(request, action)
    elif action == "delete":
        change = _delete(request)
    else:

        def change(span: Span, version: int, ctx: RequestContext) -> Outcome:
            raise ValidationError(f"unknown action {action!r}")

    return _run(request, slug, document_id, span_id, attempted, change)


@require_POST
def span_verdict(request: HttpRequest, slug: str, document_id: int, span_id: int) -> HttpResponse:
    label = request.POST.get("label", "")
    rationale = request.POST.get("rationale", "")

    def change(span: Span, version: int, ctx: RequestContext) -> Outcome:
        verdict = getattr(span, "verdict", None)
        before = {"label": verdict.label, "rationale": verdict.rationale} if verdict else None
        verdict_set(
            span=span,
            expected_version=version,
            label=label,
            rationale=rationale,
            user=request.user,
            ctx=ctx,
        )
        entry = {"op": "verdict", "span": span.pk, "before": before}
        entry.update({"from": version, "version": version + 1})
        return Outcome(span.pk, undo=entry)

    attempted = {"action": "verdict", "label": label, "rationale": rationale}
    return _run(request, slug, document_id, span_id, attempted, change)


@require_POST
def span_new(request: HttpRequest, slug: str, document_id: int) -> HttpResponse:
    """A span from a text selection, grown to whole words."""
    project, document = load_document(request, slug, document_id)
    try:
        start, end = words.snap(
            document.text, _int_field(request, "start"), _int_field(request, "end")
        )
        span = span_create(
            document=document,
            start=start,
            end=end,
            kind=request.POST.get("kind", ""),
            user=request.user,
            ctx=request_context(request),
        )
    except ValidationError as exc:
        return respond(
            request, project, document, None, problem=Problem(error=" ".join(exc.messages))
        )
    outcome = Outcome(span.pk, redraw=True, undo={"op": "create", "span": span.pk, "version": 1})
    after_change(request, document, outcome)
    return respond(request, project, document, span.pk, redraw=True)


@require_POST
def review_undo(request: HttpRequest, slug: str, document_id: int) -> HttpResponse:
    """Undo this reviewer's last action on the document."""
    project, document = load_document(request, slug, document_id)
    entry = undo.pop(request.session, document.pk)
    if entry is None:
        return respond(
            request, project, document, None, problem=Problem(error="nothing to undo here")
        )
    try:
        span_id, version = undo.apply(entry, document, request.user, request_context(request))
    except ConflictError as exc:
        stale = f"someone changed this claim since (now version {exc.current.version}); not undone"
        return respond(request, project, document, exc.current.pk, problem=Problem(stale=stale))
    except (StaleError, ValidationError) as exc:
        message = " ".join(exc.messages) if isinstance(exc, ValidationError) else str(exc)
        return respond(
            request, project, document, entry.get("span"), problem=Problem(stale=message)
        )
    if span_id is not None and version is not None:
        # The state the undone step started from: where earlier steps pick up.
        undo.rebase(request.session, entry.get("span"), entry.get("from"), span_id, version)
    return respond(request, project, document, span_id, redraw=True, notice="Undone.")


@require_POST
def document_reviewed(request: HttpRequest, slug: str, document_id: int) -> HttpResponse:
    """Mark the document reviewed and open the next one."""
    project, document = load_document(request, slug, document_id)
    try:
        document_mark_reviewed(
            document=document,
            user=request.user,
            force=request.POST.get("force") == "1",
            ctx=request_context(request),
        )
    except ValidationError as exc:
        context = review_context(project, document, None)
        # Only undecided suggestions can be overridden; "already reviewed" cannot.
        context.update(review_error=" ".join(exc.messages), can_force=exc.code == "undecided")
        return render(request, TEMPLATE, context, status=400)
    url = reverse("review_next", args=[project.slug]) + f"?after={document.pk}"
    if request.htmx:
        response = HttpResponse(status=204)
        response["HX-Redirect"] = url
        return response
    return HttpResponseRedirect(url)


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
