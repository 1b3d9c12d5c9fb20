"""Job pages: a long operation's progress, as a page and as the fragment htmx polls."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET
from django.views.decorators.vary import vary_on_headers

from annotations.access import get_project_for_user
from annotations.models import Job

# htmx stops polling an element whose response has this status (and still swaps it).
HTMX_STOP_POLLING = 286


@require_GET
@vary_on_headers("HX-Request")
def job_detail(request: HttpRequest, slug: str, job_id: int) -> HttpResponse:
    project = get_project_for_user(request.user, slug)
    job = get_object_or_404(
        Job.objects.filter(project=project).select_related("created_by"), pk=job_id
    )
    context = {"project": project, "job": job}
    if request.htmx:
        response = render(request, "annotations/job_detail.html#job-progress", context)
        if job.is_finished:
            # The fragment of a finished job has no trigger either; 286 also stops a
            # poller whose swap target is not the fragment itself.
            response.status_code = HTMX_STOP_POLLING
        return response
    return render(request, "annotations/job_detail.html", context)
