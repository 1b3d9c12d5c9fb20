"""Every model is in the admin; the audit trail is read-only for everyone."""

from __future__ import annotations

import pytest
from django.contrib import admin
from django.urls import reverse

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
from annotations.services import span_accept
from tests.factories import MembershipFactory, ProjectFactory, SpanFactory


@pytest.fixture
def admin_client(client, django_user_model):
    root = django_user_model.objects.create_superuser("root", "root@example.org", "pw")
    client.force_login(root)
    return client


@pytest.fixture
def audited(db, django_user_model):
    span = SpanFactory()
    user = django_user_model.objects.create_user("editor")
    span_accept(span=span, expected_version=span.version, user=user)
    return AuditEvent.objects.get()


MODELS = [Project, Membership, Document, Span, Verdict, Evidence, AuditEvent, Job, JobItem]


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
def test_every_model_is_registered_with_a_working_changelist(admin_client, audited, model):
    assert admin.site.is_registered(model)
    url = reverse(f"admin:annotations_{model._meta.model_name}_changelist")
    response = admin_client.get(url, {"q": "north"})
    assert response.status_code == 200


def test_audit_event_can_be_viewed(admin_client, audited):
    url = reverse("admin:annotations_auditevent_change", args=[audited.pk])
    response = admin_client.get(url)
    assert response.status_code == 200
    assert "span.accept" in response.content.decode()


def test_audit_trail_cannot_be_added_changed_or_deleted_even_by_a_superuser(admin_client, audited):
    add = reverse("admin:annotations_auditevent_add")
    change = reverse("admin:annotations_auditevent_change", args=[audited.pk])
    delete = reverse("admin:annotations_auditevent_delete", args=[audited.pk])
    assert admin_client.get(add).status_code == 403
    assert admin_client.post(change, {"action": "forged"}).status_code == 403
    assert admin_client.post(delete, {"post": "yes"}).status_code == 403
    audited.refresh_from_db()
    assert audited.action == "span.accept"
    changelist = admin_client.get(reverse("admin:annotations_auditevent_changelist"))
    assert "delete_selected" not in changelist.content.decode()


def test_document_text_is_read_only_in_the_admin(admin_client, audited):
    document = Document.objects.get()
    url = reverse("admin:annotations_document_change", args=[document.pk])
    html = admin_client.get(url).content.decode()
    assert 'name="text"' not in html


@pytest.mark.parametrize("model", [Document, Span, Verdict, Evidence, Job], ids=str)
def test_models_written_by_services_cannot_be_edited_in_the_admin(admin_client, audited, model):
    name = model._meta.model_name
    assert admin_client.get(reverse(f"admin:annotations_{name}_add")).status_code == 403
    span = Span.objects.get()
    if model is Span:
        change = reverse("admin:annotations_span_change", args=[span.pk])
        response = admin_client.post(change, {"start": 1, "end": 5, "kind": "event"})
        assert response.status_code == 403
        span.refresh_from_db()
        assert (span.start, span.kind, span.version) == (0, "statistic", 2)


def test_membership_change_in_the_admin_is_audited(admin_client, audited):
    membership = MembershipFactory()
    url = reverse("admin:annotations_membership_change", args=[membership.pk])
    response = admin_client.post(
        url,
        {"user": membership.user_id, "project": membership.project_id, "role": "manager"},
    )
    assert response.status_code == 302
    event = AuditEvent.objects.filter(action="membership.change").get()
    assert (event.before["role"], event.after["role"]) == ("annotator", "manager")
    assert event.actor_name == "root"
    assert event.project_id == membership.project_id
    assert event.request_id


def test_project_delete_in_the_admin_is_audited(admin_client, audited):
    project = ProjectFactory()
    url = reverse("admin:annotations_project_delete", args=[project.pk])
    assert admin_client.post(url, {"post": "yes"}).status_code == 302
    event = AuditEvent.objects.get(action="project.delete")
    assert event.before["slug"] == project.slug
