"""Pages. Function-based; permissions are decided here, never by hiding markup."""

from __future__ import annotations

from django.contrib.auth.decorators import login_not_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from annotations import selectors
from annotations.access import get_document_for_user, get_project_for_user, role_in
from annotations.health import health_report
from annotations.views_review import review_context

DOCUMENTS_PER_PAGE = 50


@require_GET
def project_list(request: HttpRequest) -> HttpResponse:
    projects = selectors.project_list(request.user)
    return render(request, "annotations/project_list.html", {"projects": projects})


@require_GET
def project_detail(request: HttpRequest, slug: str) -> HttpResponse:
    project = get_project_for_user(request.user, slug)
    page = Paginator(selectors.document_list(project), DOCUMENTS_PER_PAGE).get_page(
        request.GET.get("page")
    )
    status_counts = selectors.status_counts(project)
    context = {
        "project": project,
        "role": role_in(request.user, project),
        "page": page,
        "status_counts": status_counts,
        "progress": selectors.document_progress(status_counts),
        "claims": selectors.claim_counts(project),
        "verdicts": selectors.verdict_counts(project),
        "queue": selectors.my_queue(project, request.user),
        "jobs": selectors.recent_jobs(project),
        # Set by review_next when it found nothing left to open.
        "done": request.GET.get("done") == "1",
    }
    return render(request, "annotations/project_detail.html", context)


@require_GET
def document_detail(request: HttpRequest, slug: str, document_id: int) -> HttpResponse:
    project = get_project_for_user(request.user, slug)
    document = get_document_for_user(request.user, project, document_id)
    try:
        selected = int(request.GET.get("span", ""))
    except ValueError:
        selected = None
    context = review_context(project, document, selected)
    return render(request, "annotations/document_detail.html", context)


@login_not_required
@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    report = health_report()
    return JsonResponse(report, status=200 if report["status"] == "ok" else 503)
