from __future__ import annotations

from django.contrib import admin
from django.db import models
from django.http import HttpRequest

from annotations.models import (
    AuditEvent,
    Document,
    Evidence,
    Job,
    Membership,
    Project,
    Span,
    Verdict,
)

# Django 6's default, stated now so the admin's URL fields behave the same on 5.2.
URL_FIELDS = {models.URLField: {"assume_scheme": "https"}}


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(Project)
class ProjectAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "annotation_mode", "created_at"]
    list_filter = ["annotation_mode"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [MembershipInline]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "project", "role", "created_at"]
    list_filter = ["role", "project"]
    search_fields = ["user__username", "user__email", "project__name"]
    autocomplete_fields = ["user", "project"]


@admin.register(Document)
class DocumentAdmin(admin.ModelAdmin):
    list_display = ["title", "project", "status", "publisher", "published_at", "created_at"]
    list_filter = ["status", "project"]
    search_fields = ["title", "external_id", "source_url", "text_sha256"]
    # The text is immutable once imported: every span offset points into it.
    readonly_fields = ["text", "text_sha256", "created_at", "updated_at"]
    formfield_overrides = URL_FIELDS
    list_select_related = ["project"]
    date_hierarchy = "created_at"


@admin.register(Span)
class SpanAdmin(admin.ModelAdmin):
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
    readonly_fields = ["text", "model_start", "model_end", "version", "created_at", "updated_at"]

    @admin.display(description="text")
    def short_text(self, obj: Span) -> str:
        return obj.text[:80]


@admin.register(Verdict)
class VerdictAdmin(admin.ModelAdmin):
    list_display = ["span", "label", "reviewer", "updated_at"]
    list_filter = ["label"]
    search_fields = ["span__text", "rationale"]
    raw_id_fields = ["span", "reviewer"]


@admin.register(Evidence)
class EvidenceAdmin(admin.ModelAdmin):
    list_display = ["claim", "stance", "origin", "status", "url", "score", "created_at"]
    list_filter = ["stance", "origin", "status"]
    search_fields = ["claim__text", "url", "publisher", "excerpt", "reason"]
    raw_id_fields = ["claim", "source_span", "created_by"]
    formfield_overrides = URL_FIELDS


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    """Read-only for everyone, superusers included: history is never edited."""

    list_display = ["created_at", "actor_name", "action", "object_type", "object_id", "project"]
    list_filter = ["action", "object_type", "project"]
    search_fields = ["actor_name", "object_id", "action", "request_id"]
    date_hierarchy = "created_at"
    list_select_related = ["project"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: AuditEvent | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: AuditEvent | None = None) -> bool:
        return False


@admin.register(Job)
class JobAdmin(admin.ModelAdmin):
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
    readonly_fields = ["errors"]
