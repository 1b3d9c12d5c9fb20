"""Who may see what. Views call these; a project you are not a member of is a 404,
so its existence is not revealed."""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from annotations.models import Document, Membership, Project


def projects_for(user: AbstractBaseUser | AnonymousUser) -> QuerySet[Project]:
    if not user.is_authenticated:
        return Project.objects.none()
    if user.is_superuser:
        return Project.objects.all()
    return Project.objects.filter(memberships__user=user)


def get_project_for_user(user: AbstractBaseUser | AnonymousUser, slug: str) -> Project:
    return get_object_or_404(projects_for(user), slug=slug)


def get_document_for_user(
    user: AbstractBaseUser | AnonymousUser, project: Project, document_id: int
) -> Document:
    return get_object_or_404(Document.objects.filter(project=project), pk=document_id)


def role_in(user: AbstractBaseUser | AnonymousUser, project: Project) -> str | None:
    if not user.is_authenticated:
        return None
    if user.is_superuser:
        return Membership.Role.MANAGER
    return (
        Membership.objects.filter(user=user, project=project).values_list("role", flat=True).first()
    )
