"""The claims board: the project's matched claims in clusters, with their figures."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from annotations.access import get_project_for_user
from annotations.board.selectors import claims_board as read_board


@require_GET
def claims_board(request: HttpRequest, slug: str) -> HttpResponse:
    project = get_project_for_user(request.user, slug)
    context = {"project": project, "board": read_board(project)}
    return render(request, "annotations/claims_board.html", context)
