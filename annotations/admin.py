from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db import models, transaction
from django.forms.models import model_to_dict
from django.http import HttpRequest

from annotations.models import (
    AuditEvent,
    Document,
    Evidence,
    Job,
    JobItem,
    Membership,
    Project,
    Span,
    Verdict,
)
from annotations.services.audit import record, request_context

# Django 6's default, stated now so URL fields behave the same on 5.2.
URL_FIELDS = {models.URLField: {"assume_scheme": "https"}}


class ReadOnlyAdmin(admin.ModelAdmin):
    """For models whose writes must go through the services (validation, versions,
    audit): the admin shows them and never changes them, superusers included."""

    formfield_overrides = URL_FIELDS

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class AuditedAdmin(admin.ModelAdmin):
    """Admin edits of settings-like models, each recorded in the audit trail in the
    same transaction as the change (the admin wraps saves in one)."""

    def _project_id(self, obj: Any) -> int | None:
        return obj.pk if isinstance(obj, Project) else getattr(obj, "project_id", None)

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        before = _snapshot(type(obj).objects.get(pk=obj.pk)) if change else None
        super().save_model(request, obj, form, change)
        record(
            actor=request.user,
            action=f"{obj._meta.model_name}.{'change' if change else 'create'}",
            obj=obj,
            project_id=self._project_id(obj),
            before=before,
            after=_snapshot(obj),
            ctx=request_context(request),
        )

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        record(
            actor=request.user,
            action=f"{obj._meta.model_name}.delete",
            obj=obj,
            project_id=self._project_id(obj),
            before=_snapshot(obj),
            ctx=request_context(request),
        )
        super().delete_model(request, obj)

    def delete_queryset(self, request: HttpRequest, queryset: Any) -> None:
        with transaction.atomic():
            for obj in queryset:
                self.delete_model(request, obj)

    def save_formset(self, request: HttpRequest, form: Any, formset: Any, change: bool) -> None:
        # Inline rows (memberships on a project) are audited one by one as well.
        instances = formset.save(commit=False)
        for obj in formset.deleted_objects:
            self.delete_model(request, obj)
        for obj in instances:
            self.save_model(request, obj, None, obj.pk is not None)
        formset.save_m2m()


def _snapshot(obj: Any) -> dict[str, Any]:
    data = model_to_dict(obj)
    return {k: v for k, v in data.items() if isinstance(v, str | int | float | bool | list | None)}


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(Project)
class ProjectAdmin(AuditedAdmin):
    list_display = ["name", "slug", "annotation_mode", "created_at"]
    list_filter = ["annotation_mode"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [MembershipInline]


@admin.register(Membership)
class MembershipAdmin(AuditedAdmin):
    list_display = ["user", "project", "role", "created_at"]
    list_filter = ["role", "project"]
    search_fields = ["user__username", "user__email", "project__name"]
    autocomplete_fields = ["user", "project"]


@admin.register(Document)
class DocumentAdmin(ReadOnlyAdmin):
    list_display = ["title", "project", "status", "publisher", "published_at", "created_at"]
    list_filter = ["status", "project"]
    search_fields = ["title", "external_id", "source_url", "text_sha256"]
    # The text is immutable once imported: every span offset points into it.
    list_select_related = ["project"]
    date_hierarchy = "created_at"


@admin.register(Span)
class SpanAdmin(ReadOnlyAdmin):
    list_display = [
        "short_text",
        "kind",
        "status",
        "origin",
        "engine",
        "score",
        "document",
        "version",
    ]
    list_filter = ["status", "kind", "origin", "engine", "document__project"]
    search_fields = ["text", "document__title"]
    list_select_related = ["document"]
    raw_id_fields = ["document", "annotator", "created_by", "updated_by"]

    @admin.display(description="text")
    def short_text(self, obj: Span) -> str:
        return obj.text[:80]


@admin.register(Verdict)
class VerdictAdmin(ReadOnlyAdmin):
    list_display = ["span", "label", "reviewer", "updated_at"]
    list_filter = ["label"]
    search_fields = ["span__text", "rationale"]
    raw_id_fields = ["span", "reviewer"]


@admin.register(Evidence)
class EvidenceAdmin(ReadOnlyAdmin):
    list_display = ["claim", "stance", "origin", "status", "url", "score", "created_at"]
    list_filter = ["stance", "origin", "status"]
    search_fields = ["claim__text", "url", "publisher", "excerpt", "reason"]
    raw_id_fields = ["claim", "source_span", "created_by"]


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdmin):
    """Read-only for everyone, superusers included: history is never edited."""

    list_display = ["created_at", "actor_name", "action", "object_type", "object_id", "project"]
    list_filter = ["action", "object_type", "project"]
    search_fields = ["actor_name", "object_id", "action", "request_id"]
    date_hierarchy = "created_at"
    list_select_related = ["project"]


@admin.register(Job)
class JobAdmin(ReadOnlyAdmin):
    list_display = [
        "pk",
        "kind",
        "project",
        "state",
        "done",
        "failed",
        "total",
        "code_version",
        "created_at",
    ]
    list_filter = ["kind", "state", "project"]


@admin.register(JobItem)
class JobItemAdmin(ReadOnlyAdmin):
    list_display = ["job", "document_id", "state", "resent"]
    list_filter = ["state"]
    raw_id_fields = ["job"]
