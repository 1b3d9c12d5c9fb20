"""Login on every page, and per-project permissions."""

from __future__ import annotations

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.factories import DocumentFactory, MembershipFactory, SpanFactory

PUBLIC = {"healthz", "login"}


def _patterns(resolver: URLResolver, prefix: str = ""):
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            yield from _patterns(entry, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            yield prefix + str(entry.pattern), entry


def _concrete(route: str) -> str:
    """A URL for a route pattern, with sample values for its converters."""
    path = route.replace("^", "").replace("$", "").replace("\\Z", "").replace("\\/", "/")
    for token, value in [
        ("<slug:slug>", "any-project"),
        ("<int:document_id>", "1"),
        ("<int:job_id>", "1"),
        ("<int:span_id>", "1"),
        ("<int:evidence_id>", "1"),
        ("<slug:action>", "accept"),
        ("<path:object_id>", "1"),
        ("<path:url>", "x"),
        ("<str:app_label>", "annotations"),
        ("<id>", "1"),
    ]:
        path = path.replace(token, value)
    return "/" + path


def app_routes():
    return [
        (route, p)
        for route, p in _patterns(get_resolver())
        if not route.startswith("admin/") and (p.name not in PUBLIC)
    ]


@pytest.mark.django_db
@pytest.mark.parametrize("route,pattern", app_routes(), ids=lambda v: str(v))
def test_every_page_redirects_anonymous_user_to_login(client, route, pattern):
    response = client.get(_concrete(route))
    assert response.status_code == 302, route
    assert response.url.startswith(reverse("login")), route


@pytest.mark.django_db
def test_admin_redirects_anonymous_user_to_login(client):
    response = client.get("/admin/annotations/span/")
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


@pytest.mark.django_db
def test_healthz_and_login_are_public(client):
    assert client.get("/healthz").status_code == 200
    assert client.get(reverse("login")).status_code == 200


def test_project_list_shows_only_my_projects(member_client, project, outsider):
    other = outsider.memberships.get().project
    body = member_client.get(reverse("project_list")).content.decode()
    assert project.name in body
    assert other.name not in body


def test_member_of_project_a_gets_404_for_project_b(member_client):
    other_doc = DocumentFactory()
    other = other_doc.project
    assert member_client.get(reverse("project_detail", args=[other.slug])).status_code == 404
    assert member_client.get(reverse("claims_board", args=[other.slug])).status_code == 404
    url = reverse("document_detail", args=[other.slug, other_doc.pk])
    assert member_client.get(url).status_code == 404


def test_document_of_project_b_is_404_through_project_a_url(member_client, project):
    other_doc = DocumentFactory()
    url = reverse("document_detail", args=[project.slug, other_doc.pk])
    assert member_client.get(url).status_code == 404


def test_superuser_sees_every_project(client, project, django_user_model):
    admin = django_user_model.objects.create_superuser("root", "r@example.org", "pw")
    client.force_login(admin)
    assert client.get(reverse("project_detail", args=[project.slug])).status_code == 200


def test_logout_needs_post(member_client):
    assert member_client.get(reverse("logout")).status_code == 405
    assert member_client.post(reverse("logout")).status_code == 302


def test_login_form_rejects_post_without_csrf_token(project, member):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    response = strict.post(
        reverse("login"), {"username": member.username, "password": "pw-for-tests"}
    )
    assert response.status_code == 403


def test_member_can_log_in_and_see_project(client, project):
    member = MembershipFactory(project=project).user
    response = client.post(
        reverse("login"), {"username": member.username, "password": "pw-for-tests"}, follow=True
    )
    assert project.name in response.content.decode()


def test_span_text_is_rendered_escaped(member_client, project):
    text = 'He said <script>alert(1)</script> and <img src=x onerror="alert(2)"> 12 times.'
    document = DocumentFactory(project=project, text=text, title="<b>bold</b> title")
    SpanFactory(document=document, start=0, end=len(text), text=text)
    body = member_client.get(reverse("document_detail", args=[project.slug, document.pk]))
    html = body.content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<img src=x" not in html
    assert "<b>bold</b>" not in html
